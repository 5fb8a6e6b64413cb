"""Indicators and the targets the policy sets for them (盘政发〔2014〕17号 二、发展目标)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel
from core.querysets import ScopedQuerySet
from core.scoping import ScopeRule
from targets.choices import TREND_COMPARATORS, Aggregation, Comparator, Domain, TargetScope, Unit


class IndicatorQuerySet(ScopedQuerySet):
    def enterable(self) -> IndicatorQuerySet:
        """Indicators whose values people enter: not derived from statistics (or derived and open to figures of
        other channels), and measured (not milestones)."""
        return (
            self.filter(Q(source_metric="") | Q(accepts_entries=True), targets__isnull=False)
            .exclude(targets__comparator=Comparator.QUALITATIVE)
            .distinct()
        )

    def derived(self) -> IndicatorQuerySet:
        return self.exclude(source_metric="")


class Indicator(PortalModel):
    """Something measured: entered by hand by its owner, or derived from another app's statistics."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    domain = models.CharField(_("领域"), max_length=16, choices=Domain)
    unit = models.CharField(_("单位"), max_length=10, choices=Unit, default=Unit.PERCENT)
    unit_label = models.CharField(
        _("计量单位"), max_length=10, blank=True, help_text=_("如 %、户、项、件、分。")
    )
    aggregation = models.CharField(
        _("汇总方式"), max_length=10, choices=Aggregation, default=Aggregation.RATE
    )
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    source_metric = models.CharField(
        _("来源统计"),
        max_length=64,
        blank=True,
        help_text=_("由其他应用的统计步骤生成时填写，如 inspections.pass_rate。"),
    )
    source_dims = models.JSONField(_("来源维度"), default=dict, blank=True)
    source_label = models.CharField(
        _("来源说明"), max_length=40, blank=True, help_text=_("如 监督抽查统计。")
    )
    accepts_entries = models.BooleanField(
        _("可另行填报"),
        default=False,
        help_text=_(
            "自动生成的指标，责任单位还可填报其他渠道的数值（与统计值相加），如住建部门自有渠道受理的投诉。"
        ),
    )
    reference_metric = models.CharField(
        _("参考统计"),
        max_length=64,
        blank=True,
        help_text=_("与本指标并列显示、但不是本指标来源的统计，如监督抽查合格率。"),
    )
    reference_dims = models.JSONField(_("参考统计维度"), default=dict, blank=True)
    reference_label = models.CharField(_("参考统计说明"), max_length=40, blank=True)
    guidance = models.TextField(_("统计口径"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = IndicatorQuerySet.as_manager()
    # The policy's indicators are public within the portal; who may enter values is the Measurement's rule.
    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")

    def __str__(self) -> str:
        return self.name

    @property
    def is_derived(self) -> bool:
        return bool(self.source_metric)

    @property
    def is_rate(self) -> bool:
        return self.aggregation == Aggregation.RATE

    @property
    def bounded_by_100(self) -> bool:
        return self.unit in (Unit.PERCENT, Unit.INDEX)

    @property
    def is_entered(self) -> bool:
        """Whether people enter values of this indicator (manual, or derived and open to other channels)."""
        return not self.is_derived or self.accepts_entries

    def derived_message(self) -> str:
        return f"该指标由{self.source_label or '统计任务'}自动生成（{self.source_metric}），不能手工填报。"


class TargetQuerySet(ScopedQuerySet):
    def quantitative(self) -> TargetQuerySet:
        return self.exclude(comparator=Comparator.QUALITATIVE)


class Target(PortalModel):
    """One goal of the policy for an indicator and a year, with its comparison and the policy's own words."""

    code = models.SlugField(
        _("代码"), max_length=70, unique=True, help_text=_("指标代码-年份，如 agri_product_pass_rate-2015。")
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets"
    )
    name = models.CharField(_("目标"), max_length=120)
    year = models.PositiveSmallIntegerField(_("目标年份"))
    clause = models.CharField(_("条款"), max_length=20, help_text=_("政策条款，如 二(一)。"))
    wording = models.TextField(_("政策原文"))
    comparator = models.CharField(_("比较方式"), max_length=12, choices=Comparator)
    threshold = models.DecimalField(_("目标值"), max_digits=14, decimal_places=4, null=True, blank=True)
    tolerance = models.DecimalField(
        _("允许偏差"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("“左右”的允许偏差（±）。"),
    )
    scope = models.CharField(_("考核范围"), max_length=10, choices=TargetScope, default=TargetScope.CITY)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = TargetQuerySet.as_manager()
    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["year", "sort_order", "code"]
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="target_one_per_indicator_year",
                violation_error_message=_("同一指标同一年份只能有一个目标。"),
            ),
            models.CheckConstraint(
                condition=Q(comparator__in=[*TREND_COMPARATORS, Comparator.QUALITATIVE])
                | Q(threshold__isnull=False),
                name="target_threshold_required",
                violation_error_message=_("定量目标必须填写目标值。"),
            ),
            models.CheckConstraint(
                condition=~Q(comparator=Comparator.APPROX) | Q(tolerance__gt=0),
                name="target_approx_has_tolerance",
                violation_error_message=_("“左右”目标必须填写大于 0 的允许偏差。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("targets:target_detail", args=[self.code])

    @property
    def is_qualitative(self) -> bool:
        return self.comparator == Comparator.QUALITATIVE

    @property
    def per_county(self) -> bool:
        return self.scope == TargetScope.COUNTY

    def describe(self) -> str:
        """The comparison in words, e.g. “≥ 96%”, “20 ± 2 项”, “逐年下降”."""
        unit = self.indicator.unit_label
        if self.is_qualitative:
            return "定性目标"
        if self.comparator == Comparator.DECREASE:
            return "逐年下降"
        if self.comparator == Comparator.INCREASE:
            return "逐年提高"
        value = f"{self.threshold.normalize():f}"
        if self.comparator == Comparator.APPROX:
            return f"{value} ± {self.tolerance.normalize():f}{unit}"
        sign = {"gt": ">", "gte": "≥", "eq": "=", "lte": "≤", "lt": "<"}[self.comparator]
        return f"{sign} {value}{unit}"
