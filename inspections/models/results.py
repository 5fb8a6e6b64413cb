"""Spot-check results: one row per sample, and the totals of a bulletin that lists only its failed batches
(the Excel imports that bring them in are `core.Job` rows)."""

from __future__ import annotations

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel
from core.scoping import ScopeRule
from inspections.choices import CheckKind, Conclusion, Counted, Level

RETEST_CONCLUSIONS = [
    (Conclusion.PASS.value, Conclusion.PASS.label),
    (Conclusion.FAIL.value, Conclusion.FAIL.label),
]


def _sampled_month():
    return models.GeneratedField(
        expression=ExtractYear("sampled_on") * 100 + ExtractMonth("sampled_on"),
        output_field=models.IntegerField(),
        db_persist=True,
        verbose_name=_("抽样年月"),
    )


class SpotCheckTotal(PortalModel):
    """What a bulletin says of all its batches when it lists only the failed ones (共抽查 N 批次，合格 M 批次).

    It counts in pass rates as N batches of which M passed, in its region (the city when the bulletin covers
    the whole city); the rows it lists are kept for the record and counted through it, not a second time.
    """

    level = models.CharField(_("抽查级别"), max_length=16, choices=Level)
    check_kind = models.CharField(
        _("抽查类型"), max_length=16, choices=CheckKind, default=CheckKind.SUPERVISION
    )
    product_class = models.ForeignKey(
        "inspections.ProductClass",
        verbose_name=_("产品类别"),
        on_delete=models.PROTECT,
        related_name="totals",
    )
    region = models.ForeignKey(
        "organizations.Region",
        verbose_name=_("地区"),
        on_delete=models.PROTECT,
        help_text=_("公告覆盖全市时为盘锦市：只计入全市合格率。"),
    )
    department = models.ForeignKey(
        "organizations.Department", verbose_name=_("归属单位"), on_delete=models.PROTECT
    )
    sampled_on = models.DateField(_("计入日期"), help_text=_("合计计入的抽样日期（所在月份）。"))
    inspected = models.PositiveIntegerField(_("抽查批次"))
    passed = models.PositiveIntegerField(_("合格批次"))
    bulletin_no = models.CharField(_("公告号"), max_length=60, blank=True)
    statement = models.CharField(_("公告原文"), max_length=300, blank=True)
    import_job = models.ForeignKey(
        "core.Job",
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spot_check_totals",
        editable=False,
    )
    sampled_month = _sampled_month()

    history_excluded_fields = ["sampled_month"]
    scope_rule = ScopeRule(region="region", department="department", department_change=True)

    class Meta:
        ordering = ["-sampled_on", "-pk"]
        verbose_name = _("公告合计")
        verbose_name_plural = _("公告合计")
        constraints = [
            models.CheckConstraint(
                condition=Q(passed__lte=F("inspected")),
                name="total_passed_within_inspected",
                violation_error_message=_("合格批次不能多于抽查批次。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sampled_on:%Y-%m} · 共抽查 {self.inspected} 批次，合格 {self.passed} 批次"


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
        db_index=False,  # result_plan_idx: only the rows of a plan
    )
    # Indexed by result_list_order_index (sampled_on DESC, id DESC), which answers its ranges too.
    sampled_on = models.DateField(_("抽样日期"))
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
    # Indexed as the first column of result_month_idx.
    region = models.ForeignKey(
        "organizations.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT, db_index=False
    )
    department = models.ForeignKey(
        "organizations.Department", verbose_name=_("归属单位"), on_delete=models.PROTECT
    )
    agency = models.CharField(_("检验机构"), max_length=120, blank=True)
    # The register's agency when the text names one (matched by normalised name on import); the text stays as written.
    agency_ref = models.ForeignKey(
        "foundations.Agency",
        verbose_name=_("检验检测机构"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="results",
    )
    check_kind = models.CharField(
        _("抽查类型"),
        max_length=16,
        choices=CheckKind,
        default=CheckKind.SUPERVISION,
        help_text=_("风险监测的结果留存备查，不计入合格率。"),
    )
    conclusion = models.CharField(_("检验结论"), max_length=16, choices=Conclusion)
    not_tested_reason = models.CharField(_("未检验原因"), max_length=120, blank=True)
    failed_items = models.TextField(
        _("不合格项目"), blank=True, help_text=_("含检验结果和标准值（表中有时）。")
    )
    retest_conclusion = models.CharField(
        _("复检结论"),
        max_length=16,
        choices=RETEST_CONCLUSIONS,
        blank=True,
        help_text=_("企业对结论有异议申请复检时的复检结论；有复检结论的，以复检结论计入合格率。"),
    )
    retest_on = models.DateField(_("复检日期"), null=True, blank=True)
    sampled_unit_address = models.CharField(_("受检单位地址"), max_length=200, blank=True)
    producer_address = models.CharField(_("生产企业地址"), max_length=200, blank=True)
    producer_code = models.CharField(
        _("生产企业代码（原文）"),
        max_length=18,
        blank=True,
        help_text=_("表中写的统一社会信用代码或组织机构代码，生产企业不在名录中时留存。"),
    )
    producer_outside = models.BooleanField(
        _("市外生产企业"),
        default=False,
        help_text=_("标称生产企业在盘锦市外：只记名称、地址和代码，不入企业名录。"),
    )
    category = models.CharField(_("分类"), max_length=60, blank=True)
    bulletin_no = models.CharField(_("公告号"), max_length=60, blank=True)
    task_source = models.CharField(_("任务来源"), max_length=120, blank=True)
    remarks = models.CharField(_("备注"), max_length=200, blank=True)
    total = models.ForeignKey(
        SpotCheckTotal,
        verbose_name=_("公告合计"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="results",
        help_text=_("只列出不合格批次的公告：本行由公告合计计入合格率。"),
        db_index=False,  # result_total_idx: only the rows of a totals entry
    )
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
    sampled_month = _sampled_month()
    # The conclusion that counts in pass rates, stated once and kept by the database on every write path:
    # monitoring is not counted, a row listed under a bulletin's totals counts through them, a re-test's
    # verdict replaces the first one (the re-test is final, 《产品质量监督抽查管理办法》), else the conclusion.
    counted = models.GeneratedField(
        expression=Case(
            When(check_kind=CheckKind.MONITORING, then=Value(Counted.MONITORING.value)),
            When(total__isnull=False, then=Value(Counted.IN_TOTAL.value)),
            When(~Q(retest_conclusion=""), then=F("retest_conclusion")),
            default=F("conclusion"),
        ),
        output_field=models.CharField(max_length=16, choices=Counted),
        db_persist=True,
        verbose_name=_("计入合格率的结论"),
    )

    # The month and the counted conclusion are derived from columns that history already records.
    history_excluded_fields = ["sampled_month", "counted"]
    # Counties see the samples taken in their region; member units see and enter their own checks.
    scope_rule = ScopeRule(region="region", department="department", department_change=True)

    class Meta:
        ordering = ["-sampled_on", "-pk"]
        verbose_name = _("抽查结果")
        verbose_name_plural = _("抽查结果")
        indexes = [
            models.Index(fields=["level", "product_class", "sampled_on"], name="result_stats_idx"),
            # The rows holding the names a search found (core.search.NameSearch, migration 0011_result_names).
            models.Index(fields=["product_name"], name="result_product_name_idx"),
            models.Index(fields=["producer_name"], name="result_producer_name_idx"),
            models.Index(fields=["sampled_unit_name"], name="result_sampled_unit_name_idx"),
            # Covers the nightly GROUP BY (an index-only scan, already in group order).
            models.Index(
                fields=["region", "sampled_month", "level", "product_class", "counted"],
                name="result_month_idx",
            ),
            # Most results belong to no plan and no totals entry: those rows stay out of the indexes (every
            # index a 50,000-row import updates costs it about 0.1 s).
            models.Index(fields=["plan"], condition=Q(plan__isnull=False), name="result_plan_idx"),
            models.Index(fields=["total"], condition=Q(total__isnull=False), name="result_total_idx"),
            # The failed samples of a class, the list's most asked filter: counted without reading the rows that
            # passed (a tenth of the rows, so a tenth of an index to keep up on import).
            models.Index(
                fields=["product_class", "-sampled_on", "-id"],
                condition=Q(conclusion=Conclusion.FAIL),
                name="result_failed_idx",
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
