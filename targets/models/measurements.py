"""Values entered for indicators, their approval per county or department and year (as DHIS2 does it),
the closing of periods for entry, and the office's judgement of qualitative milestones."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel
from core.periods import Period, validate_period
from core.scoping import ScopeRule
from targets.choices import SubmissionStatus, Verdict


class Measurement(PortalModel):
    """A value of a manual indicator for a region and a period; rates keep numerator and denominator."""

    indicator = models.ForeignKey(
        "targets.Indicator", verbose_name=_("指标"), on_delete=models.PROTECT, related_name="measurements"
    )
    region = models.ForeignKey("organizations.Region", verbose_name=_("地区"), on_delete=models.PROTECT)
    period = models.CharField(
        _("期间"), max_length=10, validators=[validate_period], help_text=_("如 2015、2015-Q3 或 2015-07。")
    )
    year = models.PositiveSmallIntegerField(_("年份"), editable=False, db_index=True)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=4)
    numerator = models.DecimalField(_("分子"), max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("分母"), max_digits=16, decimal_places=4, null=True, blank=True)
    source = models.CharField(
        _("数据来源"), max_length=100, blank=True, help_text=_("如 2015年服务业顾客满意度测评报告。")
    )
    note = models.TextField(_("备注"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    # A department sees and enters its own indicators for every region; a county its own region.
    scope_rule = ScopeRule(
        region="region", department="indicator__department", county_change=True, department_change=True
    )

    class Meta:
        ordering = ["indicator__sort_order", "region__sort_order", "-period"]
        verbose_name = _("指标数值")
        verbose_name_plural = _("指标数值")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period"],
                name="measurement_unique_indicator_region_period",
                violation_error_message=_("该指标在该地区、该期间已有数值，请编辑原记录，不要重复填报。"),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="measurement_value_not_negative",
                violation_error_message=_("数值不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True, denominator__isnull=True)
                | Q(numerator__gte=0, denominator__gt=0, numerator__lte=F("denominator")),
                name="measurement_rate_parts",
                violation_error_message=_("分子、分母须同时填写，分母大于 0，且分子不能大于分母。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.region} · {self.period}"

    def save(self, *args, **kwargs) -> None:
        # `year` is derived data that lock and approval queries filter on; keep it in step on every save path.
        self.year = Period.parse(self.period).year
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("targets:measurement_edit", args=[self.pk])


class Submission(PortalModel):
    """A county's or a department's values for one year, submitted and then approved (and locked) by the office.

    City-wide values belong to the indicator's owner department; a county's values to the county.
    """

    region = models.ForeignKey(
        "organizations.Region", verbose_name=_("县区"), null=True, blank=True, on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("成员单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    status = models.CharField(
        _("状态"), max_length=12, choices=SubmissionStatus, default=SubmissionStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reason = models.TextField(_("退回或取消审核原因"), blank=True)
    # Why the unit submitted with indicators still empty (报送 asks for it when any is missing).
    gap_note = models.TextField(_("缺项说明"), blank=True)

    scope_rule = ScopeRule(
        region="region", department="department", county_change=True, department_change=True
    )

    class Meta:
        ordering = ["-year", "department__sort_order", "region__sort_order"]
        verbose_name = _("数据报送")
        verbose_name_plural = _("数据报送")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True) ^ Q(department__isnull=True),
                name="submission_region_xor_department",
                violation_error_message=_("报送单位须为一个县区或一个成员单位。"),
            ),
            models.UniqueConstraint(
                fields=["region", "year"],
                condition=Q(region__isnull=False),
                name="submission_unique_region_year",
                violation_error_message=_("该县区该年度已有报送记录。"),
            ),
            models.UniqueConstraint(
                fields=["department", "year"],
                condition=Q(department__isnull=False),
                name="submission_unique_department_year",
                violation_error_message=_("该成员单位该年度已有报送记录。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}年"

    @property
    def unit(self):
        return self.region or self.department


class PeriodClosure(PortalModel):
    """A year closed for entry after a date: counties and departments can no longer enter or change its values."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    closes_on = models.DateField(_("截止日期"), help_text=_("此日期之后不再接受该年度数据的填报和修改。"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("填报截止")
        verbose_name_plural = _("填报截止")

    def __str__(self) -> str:
        return f"{self.year}年数据 {self.closes_on:%Y-%m-%d} 截止填报"


class Judgement(PortalModel):
    """The office's judgement of a qualitative milestone for a region and a year, with its evidence."""

    target = models.ForeignKey(
        "targets.Target", verbose_name=_("目标"), on_delete=models.CASCADE, related_name="judgements"
    )
    region = models.ForeignKey("organizations.Region", verbose_name=_("地区"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年份"))
    verdict = models.CharField(_("评价"), max_length=12, choices=Verdict)
    evidence = models.TextField(_("依据"), help_text=_("工作成效、文件、数据等评价依据。"))
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评价人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope_rule = ScopeRule(region="region", public=lambda: Q(region__kind="city"))

    class Meta:
        ordering = ["target__sort_order", "-year"]
        verbose_name = _("定性目标评价")
        verbose_name_plural = _("定性目标评价")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "region", "year"],
                name="judgement_unique_target_region_year",
                violation_error_message=_("该目标在该地区该年度已有评价，请修改原评价。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} · {self.region} · {self.year}年：{self.get_verdict_display()}"
