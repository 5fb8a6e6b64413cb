"""Spot-check results: one row per sample (the Excel imports that bring them in are `core.Job` rows)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel
from core.scoping import ScopeRule
from inspections.choices import Conclusion, Level


class SpotCheckResult(PortalModel):
    """One sample of a supervision spot check: the product, who made it, where it was taken, and the verdict."""

    level = models.CharField(_("抽查级别"), max_length=16, choices=Level)
    product_class = models.ForeignKey(
        "inspections.ProductClass",
        verbose_name=_("产品类别"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    plan = models.ForeignKey(
        "inspections.InspectionPlan",
        verbose_name=_("抽查计划"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="results",
    )
    sampled_on = models.DateField(_("抽样日期"), db_index=True)
    product_name = models.CharField(_("产品名称"), max_length=120)
    specification = models.CharField(_("规格型号"), max_length=120, blank=True)
    trademark = models.CharField(_("商标"), max_length=60, blank=True)
    production_date = models.DateField(_("生产日期"), null=True, blank=True)
    batch_no = models.CharField(_("批号"), max_length=60, blank=True)
    producer = models.ForeignKey(
        "organizations.Enterprise",
        verbose_name=_("生产企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="produced_samples",
    )
    producer_name = models.CharField(
        _("生产企业（原文）"),
        max_length=120,
        blank=True,
        help_text=_("表中或填报时的写法；未能对应到企业名录时以此为准。"),
    )
    sampled_unit = models.ForeignKey(
        "organizations.Enterprise",
        verbose_name=_("受检单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sampled_samples",
    )
    sampled_unit_name = models.CharField(_("受检单位（原文）"), max_length=120, blank=True)
    region = models.ForeignKey("organizations.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT)
    department = models.ForeignKey(
        "organizations.Department", verbose_name=_("归属单位"), on_delete=models.PROTECT
    )
    agency = models.CharField(_("检验机构"), max_length=120, blank=True)
    conclusion = models.CharField(_("检验结论"), max_length=16, choices=Conclusion)
    not_tested_reason = models.CharField(_("未检验原因"), max_length=120, blank=True)
    failed_items = models.TextField(_("不合格项目"), blank=True)
    notes = models.JSONField(
        _("其他列"), default=dict, blank=True, help_text=_("导入表中未识别的列，原样保留。")
    )
    import_job = models.ForeignKey(
        "core.Job",
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spot_check_results",
        editable=False,
    )
    source_row = models.PositiveIntegerField(_("Excel 行号"), null=True, blank=True, editable=False)
    # yyyymm of sampled_on, kept by the database on every write path (forms, import, COPY): the nightly job
    # groups by it through the covering index below instead of computing the month of a million rows.
    sampled_month = models.GeneratedField(
        expression=ExtractYear("sampled_on") * 100 + ExtractMonth("sampled_on"),
        output_field=models.IntegerField(),
        db_persist=True,
        verbose_name=_("抽样年月"),
    )

    # The month is derived from sampled_on, which history already records.
    history_excluded_fields = ["sampled_month"]
    # Counties see the samples taken in their region; member units see and enter their own checks.
    scope_rule = ScopeRule(region="region", department="department", department_change=True)

    class Meta:
        ordering = ["-sampled_on", "-pk"]
        verbose_name = _("抽查结果")
        verbose_name_plural = _("抽查结果")
        indexes = [
            models.Index(fields=["level", "product_class", "sampled_on"], name="result_stats_idx"),
            # Covers the nightly GROUP BY (an index-only scan, already in group order).
            models.Index(
                fields=["region", "sampled_month", "level", "product_class", "conclusion"],
                name="result_month_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(producer__isnull=False)
                | ~Q(producer_name="")
                | Q(sampled_unit__isnull=False)
                | ~Q(sampled_unit_name=""),
                name="result_names_an_enterprise",
                violation_error_message=_("请填写生产企业或受检单位。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_name} · {self.producer_name or self.sampled_unit_name} · {self.get_conclusion_display()}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:result_detail", args=[self.pk])
