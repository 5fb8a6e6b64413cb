"""Spot-check plans and their random draw (双随机): quotas per product class and region, and the picks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel
from core.scoping import ScopeRule
from inspections.choices import Level, PlanStatus


class InspectionPlan(PortalModel):
    """A year's spot-check plan of one level; once drawn it records the seed and pools so anyone can verify it."""

    title = models.CharField(_("计划名称"), max_length=120)
    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("抽查级别"), max_length=16, choices=Level)
    department = models.ForeignKey(
        "organizations.Department", verbose_name=_("组织单位"), on_delete=models.PROTECT
    )
    inspectors_per_enterprise = models.PositiveSmallIntegerField(
        _("每户检查人员数"), default=2, help_text=_("双随机：每户被抽中的企业随机配几名执法人员。")
    )
    status = models.CharField(_("状态"), max_length=16, choices=PlanStatus, default=PlanStatus.DRAFT)
    notes = models.TextField(_("说明"), blank=True)
    draw_seed = models.CharField(_("随机种子"), max_length=64, blank=True)
    # What the draw saw: the enterprise pool of every quota, the inspector roster and their conflicts.
    draw_record = models.JSONField(_("抽取记录"), default=dict, blank=True, editable=False)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True, editable=False)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("抽取人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True, editable=False)

    # Published plans are public to every signed-in user; drafts stay with the organising unit and the office.
    scope_rule = ScopeRule(department="department", public=lambda: Q(status=PlanStatus.PUBLISHED))

    class Meta:
        ordering = ["-year", "level", "title"]
        verbose_name = _("抽查计划")
        verbose_name_plural = _("抽查计划")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2010, year__lte=2035),
                name="plan_year_in_range",
                violation_error_message=_("计划年度应在 2010–2035 年之间。"),
            ),
            models.CheckConstraint(
                condition=Q(inspectors_per_enterprise__gte=1),
                name="plan_at_least_one_inspector",
                violation_error_message=_("每户检查人员数至少为 1。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:plan_detail", args=[self.pk])


class PlanQuota(PortalModel):
    """How many enterprises a plan draws for one product class in one region."""

    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("抽查计划"), on_delete=models.CASCADE, related_name="quotas"
    )
    product_class = models.ForeignKey(
        "inspections.ProductClass", verbose_name=_("产品类别"), on_delete=models.PROTECT
    )
    region = models.ForeignKey("organizations.Region", verbose_name=_("地区"), on_delete=models.PROTECT)
    count = models.PositiveSmallIntegerField(_("抽取企业数"))

    scope_rule = ScopeRule(department="plan__department", public=lambda: Q(plan__status=PlanStatus.PUBLISHED))

    class Meta:
        ordering = ["plan", "product_class__sort_order", "region__sort_order"]
        verbose_name = _("抽取数量")
        verbose_name_plural = _("抽取数量")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "product_class", "region"],
                name="plan_quota_unique",
                violation_error_message=_("同一计划中，同一产品类别和地区只能有一条抽取数量。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_class} · {self.region} × {self.count}"


class DrawPick(PortalModel):
    """One enterprise drawn for a plan's quota, with the inspectors drawn to check it."""

    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("抽查计划"), on_delete=models.CASCADE, related_name="picks"
    )
    quota = models.ForeignKey(
        PlanQuota, verbose_name=_("抽取数量"), on_delete=models.CASCADE, related_name="picks"
    )
    position = models.PositiveIntegerField(_("抽取顺序"))
    enterprise = models.ForeignKey(
        "organizations.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT
    )
    inspectors = models.ManyToManyField(
        "inspections.Inspector", verbose_name=_("检查人员"), related_name="picks"
    )

    history_m2m_fields = [inspectors]
    scope_rule = ScopeRule(department="plan__department", public=lambda: Q(plan__status=PlanStatus.PUBLISHED))

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("抽取结果")
        verbose_name_plural = _("抽取结果")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position"],
                name="draw_pick_position_unique",
                violation_error_message=_("抽取顺序重复。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} #{self.position} {self.enterprise}"
