"""Engineering first-acceptance records (工程一次验收), the source of the engineering targets."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel
from core.scoping import ScopeRule
from inspections.choices import ProjectSize


class AcceptanceRecord(PortalModel):
    """A completed construction project and whether it passed acceptance the first time."""

    project_name = models.CharField(_("工程名称"), max_length=120)
    permit_no = models.CharField(_("施工许可证号"), max_length=40, blank=True)
    size = models.CharField(_("工程规模"), max_length=8, choices=ProjectSize)
    region = models.ForeignKey("organizations.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT)
    builder = models.ForeignKey(
        "organizations.Enterprise",
        verbose_name=_("施工单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "organizations.Department", verbose_name=_("填报单位"), on_delete=models.PROTECT
    )
    accepted_on = models.DateField(_("竣工验收日期"))
    first_time_passed = models.BooleanField(_("一次验收合格"))
    notes = models.TextField(_("说明"), blank=True)

    scope_rule = ScopeRule(region="region", department="department", department_change=True)

    class Meta:
        ordering = ["-accepted_on", "project_name"]
        verbose_name = _("工程一次验收记录")
        verbose_name_plural = _("工程一次验收记录")

    def __str__(self) -> str:
        return self.project_name

    def get_absolute_url(self) -> str:
        return reverse("inspections:acceptance_detail", args=[self.pk])
