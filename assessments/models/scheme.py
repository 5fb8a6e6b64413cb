"""The assessment scheme of one year: dates, grade bands, item groups and items with their scoring rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.choices import STAGE_ORDER, Formula, Grade, Scoring, Stage, Window
from assessments.scoring import round_score
from core.models import PortalModel
from core.scoping import ScopeRule
from targets.choices import Status

# What the metrics of the statistics contract are called in the scheme's rule text.
METRIC_LABELS = {
    "targets.target": "目标达成",
    "targets.attainment": "目标达成数",
    "inspections.pass_rate": "监督抽查合格率",
    "inspections.first_acceptance": "工程一次验收合格率",
    "complaints.completion": "投诉举报办结率",
    "complaints.on_time": "投诉举报按期办结率",
    "complaints.volume": "投诉举报受理量",
    "brands.awards_valid": "有效奖项数",
    "campaigns.cases": "专项行动查处案件数",
    "campaigns.referred": "移送公安案件数",
    "campaigns.major": "查办大案要案数",
    "foundations.standards": "标准化成果数",
    "foundations.metrology": "强制检定合格率",
    "foundations.culture_events": "有佐证的质量文化活动数",
    "foundations.agencies": "有效资质检验检测机构数",
    "foundations.chief_officers": "设立首席质量官的企业数",
    "foundations.trained_staff": "质量培训人次",
    "foundations.market_exits": "准入退出企业数",
}
# Metrics whose value is a percentage, so a rule's thresholds read 90% rather than 90.
PERCENT_METRICS = {
    "inspections.pass_rate",
    "inspections.first_acceptance",
    "complaints.completion",
    "complaints.on_time",
    "foundations.metrology",
}
# The default shares of the full points a target's attainment status earns. A status not named here
# (no_data, or a figure still partial) earns no score at all, not 0: the item waits for its data or is
# excluded as 合理缺项 (assessments.scoring).
DEFAULT_STATUS_POINTS = {"met": 1, "at_risk": 0.5, "not_met": 0, "qualitative": 1}
# The top group whose items are the county's targets, filed in 目标备案 (国办发〔2013〕47号 第四条: 质量目标
# 完成情况 and 质量措施落实情况).
TARGET_GROUP = "质量目标"


def _plain(number: Decimal) -> str:
    """90.00 as 90, 85.50 as 85.5."""
    return format(number.normalize(), "f")


def _share(share: float) -> str:
    """A share of an item's points in words: 1 as 满分, 0.5 as 一半分值."""
    return {1: "满分", 0.5: "一半分值", 0: " 0 分"}.get(share, f" {share:g} 倍分值")


class Scheme(PortalModel):
    """One assessment year: its period (1 July to 30 June by default, 国办发〔2013〕47号 第三条), deadlines,
    grade bands and stage. Scores and grades follow the one rounding rule of `assessments.scoring`."""

    year = models.PositiveSmallIntegerField(_("考核年度"), unique=True)
    title = models.CharField(_("方案名称"), max_length=100)
    period_start = models.DateField(_("考核期起"))
    period_end = models.DateField(_("考核期止"))
    stage = models.CharField(_("所处阶段"), max_length=20, choices=Stage, default=Stage.DRAFT)
    filing_due = models.DateField(_("目标备案截止"), help_text=_("各县区报送年度质量目标备案的截止日期。"))
    self_assessment_due = models.DateField(_("自评截止"))
    review_due = models.DateField(_("书面审核截止"))
    verification_due = models.DateField(_("实地核查截止"))
    approval_due = models.DateField(_("结果审定截止"))
    grade_a_min = models.DecimalField(_("A 级最低分"), max_digits=5, decimal_places=1, default=Decimal(90))
    grade_b_min = models.DecimalField(_("B 级最低分"), max_digits=5, decimal_places=1, default=Decimal(80))
    grade_c_min = models.DecimalField(_("C 级最低分"), max_digits=5, decimal_places=1, default=Decimal(60))
    verification_count = models.PositiveSmallIntegerField(
        _("实地核查县区数"), default=2, help_text=_("从全部县区中随机抽取的数量。")
    )
    rectification_count = models.PositiveSmallIntegerField(
        _("末位整改县区数"),
        default=2,
        help_text=_("排名最后的几个县区须提交书面整改报告；D 级县区一律整改。"),
    )
    rectification_months = models.PositiveSmallIntegerField(
        _("整改期限（月）"),
        default=1,
        help_text=_("须整改的县区自结果公布之日起在此期限内提交书面整改报告。"),
    )
    notes = models.TextField(_("说明"), blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("复制自"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    announced_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    # Everyone signed in reads the scheme (counties assess themselves against it); the office changes it.
    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        constraints = [
            models.CheckConstraint(
                condition=Q(grade_a_min__gt=F("grade_b_min")) & Q(grade_b_min__gt=F("grade_c_min")),
                name="scheme_grade_bands_descend",
                violation_error_message=_("等级分数线应满足 A > B > C。"),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="scheme_period_ordered",
                violation_error_message=_("考核期止应晚于考核期起。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessments:scheme_detail", args=[self.pk])

    @staticmethod
    def default_period(year: int, start_month: int = 7) -> tuple[dt.date, dt.date]:
        """The assessment year named `year`: from the 1st of `start_month` of the year before to the day
        before it a year later — 1 July to 30 June by default (国办发〔2013〕47号 第三条)."""
        start = dt.date(year - 1, start_month, 1)
        return start, dt.date(year, start_month, 1) - dt.timedelta(days=1)

    def clean(self) -> None:
        dues = [
            self.filing_due,
            self.self_assessment_due,
            self.review_due,
            self.verification_due,
            self.approval_due,
        ]
        if all(dues) and dues != sorted(dues):
            raise ValidationError(
                _("各阶段截止日期应依次为：目标备案 ≤ 自评 ≤ 书面审核 ≤ 实地核查 ≤ 结果审定。")
            )

    def grade_for(self, total: Decimal | None, vetoed: bool) -> str:
        """The grade of a total as rounded by the one rule (89.95 is 90.0, an A); a veto is D."""
        if vetoed or total is None:
            return Grade.D
        total = round_score(total)
        if total >= self.grade_a_min:
            return Grade.A
        if total >= self.grade_b_min:
            return Grade.B
        if total >= self.grade_c_min:
            return Grade.C
        return Grade.D

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)

    def has_passed(self, stage: str) -> bool:
        return self.stage_index > STAGE_ORDER.index(stage)

    @property
    def is_announced(self) -> bool:
        return self.stage == Stage.ANNOUNCED

    def due_of(self, stage: str) -> dt.date | None:
        return {
            Stage.TARGET_FILING: self.filing_due,
            Stage.SELF_ASSESSMENT: self.self_assessment_due,
            Stage.REVIEW: self.review_due,
            Stage.VERIFICATION: self.verification_due,
            Stage.APPROVAL: self.approval_due,
        }.get(stage)


class ItemGroup(PortalModel):
    """A group of items as the national method has them: 质量目标, 质量措施, and sub-groups under them."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="groups"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级分组"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    name = models.CharField(_("名称"), max_length=60)
    points = models.DecimalField(_("分值"), max_digits=5, decimal_places=1)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["scheme", "sort_order", "pk"]
        verbose_name = _("考核项目分组")
        verbose_name_plural = _("考核项目分组")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "name"],
                name="item_group_unique_name",
                violation_error_message=_("同一方案中分组名称不能重复。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} · {self.name}" if self.parent_id else self.name


class Item(PortalModel):
    """One assessment item: its maximum points and how it is scored (from a statistic, by people, or a veto)."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="items"
    )
    group = models.ForeignKey(
        ItemGroup, verbose_name=_("分组"), on_delete=models.PROTECT, related_name="items"
    )
    code = models.SlugField(_("编号"), max_length=40)
    name = models.CharField(_("考核内容"), max_length=200)
    max_points = models.DecimalField(_("分值"), max_digits=5, decimal_places=1, default=Decimal(0))
    scoring = models.CharField(_("评分方式"), max_length=10, choices=Scoring, default=Scoring.MANUAL)
    guidance = models.TextField(_("评分标准"), blank=True, help_text=_("人工评分的依据和扣分办法。"))
    metric = models.CharField(
        _("统计指标"),
        max_length=64,
        blank=True,
    )
    dim1 = models.CharField(_("维度一"), max_length=40, blank=True)
    dim2 = models.CharField(_("维度二"), max_length=40, blank=True)
    dim3 = models.CharField(_("维度三"), max_length=40, blank=True)
    formula = models.CharField(_("计分公式"), max_length=10, choices=Formula, blank=True)
    full_at = models.DecimalField(_("满分值"), max_digits=12, decimal_places=2, null=True, blank=True)
    zero_at = models.DecimalField(_("零分值"), max_digits=12, decimal_places=2, null=True, blank=True)
    status_points = models.JSONField(
        _("各状态得分比例"), default=dict, blank=True, help_text=_('如 {"met": 1, "at_risk": 0.5}。')
    )
    window = models.CharField(_("统计期间"), max_length=20, choices=Window, default=Window.ASSESSMENT_YEAR)
    # A veto item decided by a register (core.vetoes: "incidents"), not by a box the office ticks.
    veto_source = models.CharField(
        _("否决依据"),
        max_length=20,
        blank=True,
        help_text=_(
            "由登记簿判定的否决项（如 incidents：质量安全事故登记）；留空则由办公室审核时认定并写明理由。"
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["scheme", "group__parent__sort_order", "group__sort_order", "sort_order", "pk"]
        verbose_name = _("考核项目")
        verbose_name_plural = _("考核项目")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"],
                name="item_unique_code",
                violation_error_message=_("同一方案中考核项目编号不能重复。"),
            ),
            models.CheckConstraint(
                condition=~Q(scoring="veto") | Q(max_points=0),
                name="item_veto_has_no_points",
                violation_error_message=_("一票否决项不计分，分值应为 0。"),
            ),
            models.CheckConstraint(
                condition=Q(max_points__gte=0),
                name="item_points_not_negative",
                violation_error_message=_("分值不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_target(self) -> bool:
        """Whether the item is one of the county's targets (under 质量目标), filed before self-assessment."""
        top = self.group.parent or self.group
        return top.name == TARGET_GROUP

    def clean(self) -> None:
        if self.group_id and self.scheme_id and self.group.scheme_id != self.scheme_id:
            raise ValidationError({"group": _("分组不属于该考核方案。")})
        if self.scoring != Scoring.AUTO:
            return
        errors = {}
        if not self.metric:
            errors["metric"] = _("自动评分项目须指定统计指标。")
        if not self.formula:
            errors["formula"] = _("自动评分项目须指定计分公式。")
        if self.formula in (Formula.THRESHOLD, Formula.LINEAR) and self.full_at is None:
            errors["full_at"] = _("该计分公式须填写满分值。")
        if self.formula == Formula.LINEAR and (self.zero_at is None or self.zero_at == self.full_at):
            errors["zero_at"] = _("按比例计分须填写与满分值不同的零分值。")
        if errors:
            raise ValidationError(errors)

    def rule_text(self, dim_labels: Mapping[tuple[str, int, str], str] | None = None) -> str:
        """The scoring rule in a line, for the scheme page; `dim_labels` names the dimension values
        ((metric, position, value) → label, from `selectors.dimension_labels`), else they show as codes."""
        if self.scoring != Scoring.AUTO:
            return self.guidance
        labels = dim_labels or {}
        dims = " / ".join(
            labels.get((self.metric, position, value), value)
            for position, value in enumerate((self.dim1, self.dim2, self.dim3))
            if value
        )
        metric = METRIC_LABELS.get(self.metric, self.metric)
        source = f"{metric}{f'（{dims}）' if dims else ''}，{self.get_window_display()}"
        unit = "%" if self.metric in PERCENT_METRICS else ""
        if self.formula == Formula.THRESHOLD:
            return f"{source}：达到 {_plain(self.full_at)}{unit} 得满分，否则 0 分"
        if self.formula == Formula.LINEAR:
            return f"{source}：{_plain(self.zero_at)}{unit} 为 0 分，{_plain(self.full_at)}{unit} 为满分，其间按比例"
        shares = {**DEFAULT_STATUS_POINTS, **(self.status_points or {})}
        return (
            f"{source}：{Status.MET.label}得{_share(shares['met'])}，"
            f"{Status.AT_RISK.label}得{_share(shares['at_risk'])}，{Status.NO_DATA.label}不计分"
        )

    def points_for(self, value: Decimal | None, status: str = "") -> Decimal | None:
        """Points this item's formula gives for a measured value (or a target status); None without data."""
        if self.formula == Formula.STATUS:
            share = {**DEFAULT_STATUS_POINTS, **(self.status_points or {})}.get(status)
            if share is None:
                return None
            return round_score(self.max_points * Decimal(str(share)))
        if value is None:
            return None
        if self.formula == Formula.THRESHOLD:
            return self.max_points if value >= self.full_at else Decimal(0)
        # Linear: zero points at zero_at, full at full_at; works both ways (higher or lower is better).
        share = (value - self.zero_at) / (self.full_at - self.zero_at)
        share = min(max(share, Decimal(0)), Decimal(1))
        return round_score(self.max_points * share)
