"""Target attainment: a snapshot table written by the nightly job's final step."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Snapshot
from core.scoping import ScopeRule
from targets.choices import Status, Verdict


class Attainment(Snapshot):
    """How a target stands for a region and a year, as computed by the run that wrote it."""

    target = models.ForeignKey(
        "targets.Target", verbose_name=_("目标"), on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "organizations.Region", verbose_name=_("地区"), on_delete=models.CASCADE, related_name="+"
    )
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("分子"), max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("分母"), max_digits=20, decimal_places=4, null=True, blank=True)
    previous_value = models.DecimalField(_("比较值"), max_digits=20, decimal_places=4, null=True, blank=True)
    status = models.CharField(_("达成情况"), max_length=12, choices=Status)
    partial = models.BooleanField(
        _("年度未完"), default=False, help_text=_("数值只覆盖该年的一部分（年度进行中）。")
    )
    approved = models.BooleanField(_("已审核"), default=True, help_text=_("数值只依据已审核的数据。"))
    verdict = models.CharField(_("定性评价"), max_length=12, choices=Verdict, blank=True)

    # City-wide attainment is for everyone; a county's own only for that county (and the office, leaders).
    scope_rule = ScopeRule(region="region", public=lambda: Q(region__kind="city"))

    class Meta:
        ordering = ["target__year", "target__sort_order", "region__sort_order", "period"]
        verbose_name = _("目标达成情况")
        verbose_name_plural = _("目标达成情况")
        indexes = [models.Index(fields=["run", "period", "region"], name="attainment_lookup")]

    def __str__(self) -> str:
        return f"{self.target.code} {self.region_id} {self.period}: {self.status}"
