"""Engineering quality credit (工程质量信誉, 盘政发〔2014〕17号 三(三)2): the responsible units of construction
projects, their yearly credit scores and the published ranking, and each project's quality deposit."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from construction.choices import DepositState, UnitKind
from core.models import PortalModel
from core.periods import MAX_YEAR, MIN_YEAR
from core.scoping import ScopeRule
from organizations.uscc import normalize_uscc, validate_uscc

# Drafts of a ranking are the office's and the entering unit's (住建委); everyone sees a published one.
RANKING_VIEWERS = frozenset({"office", "admin"})


class ResponsibleUnit(PortalModel):
    """A unit responsible for construction quality (建设, 勘察, 设计, 施工 or 监理), by its credit code."""

    name = models.CharField(_("单位名称"), max_length=120)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    kind = models.CharField(_("主体类别"), max_length=12, choices=UnitKind)
    qualification = models.CharField(_("资质等级"), max_length=60, blank=True)
    region = models.ForeignKey(
        "organizations.Region",
        verbose_name=_("注册地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("市外单位留空。"),
    )
    # The register's enterprise with the same credit code, linked when there is one (services).
    enterprise = models.ForeignKey(
        "organizations.Enterprise",
        verbose_name=_("企业库企业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="construction_units",
        editable=False,
    )
    department = models.ForeignKey(
        "organizations.Department", verbose_name=_("登记单位"), on_delete=models.PROTECT, related_name="+"
    )

    scope_rule = ScopeRule(reference=True, department="department", department_change=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("责任主体单位")
        verbose_name_plural = _("责任主体单位")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("construction:unit_detail", args=[self.pk])

    def clean(self) -> None:
        self.uscc = normalize_uscc(self.uscc)
        self.name = " ".join(self.name.split())


ROLE_FIELDS = {
    "builder": UnitKind.BUILDER,
    "surveyor": UnitKind.SURVEYOR,
    "designer": UnitKind.DESIGNER,
    "contractor": UnitKind.CONTRACTOR,
    "supervisor": UnitKind.SUPERVISOR,
}


def _unit_field(label: str, kind: str) -> models.ForeignKey:
    return models.ForeignKey(
        ResponsibleUnit,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": kind},
    )


class Project(PortalModel):
    """A construction project and its five responsible units."""

    name = models.CharField(_("项目名称"), max_length=150)
    code = models.CharField(
        _("项目编号"), max_length=40, unique=True, help_text=_("施工许可证号或报建编号。")
    )
    region = models.ForeignKey(
        "organizations.Region", verbose_name=_("所在县区"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "organizations.Department", verbose_name=_("监管单位"), on_delete=models.PROTECT, related_name="+"
    )
    builder = _unit_field(_("建设单位"), UnitKind.BUILDER)
    surveyor = _unit_field(_("勘察单位"), UnitKind.SURVEYOR)
    designer = _unit_field(_("设计单位"), UnitKind.DESIGNER)
    contractor = _unit_field(_("施工单位"), UnitKind.CONTRACTOR)
    supervisor = _unit_field(_("监理单位"), UnitKind.SUPERVISOR)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    completed_on = models.DateField(_("竣工日期"), null=True, blank=True)

    scope_rule = ScopeRule(region="region", department="department", department_change=True)

    class Meta:
        ordering = ["-started_on", "name"]
        verbose_name = _("建设工程项目")
        verbose_name_plural = _("建设工程项目")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("construction:project_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        for name, kind in ROLE_FIELDS.items():
            unit = getattr(self, name)
            if unit is not None and unit.kind != kind:
                errors[name] = f"“{unit}”登记为{unit.get_kind_display()}，不能作为{UnitKind(kind).label}。"
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            errors["completed_on"] = "竣工日期不能早于开工日期。"
        if errors:
            raise ValidationError(errors)


class Ranking(PortalModel):
    """The 质量信誉排行榜 of one year: the scores entered by 住建委, published when they are final."""

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    department = models.ForeignKey(
        "organizations.Department", verbose_name=_("评价单位"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    notes = models.TextField(_("说明"), blank=True)

    scope_rule = ScopeRule(
        department="department",
        department_change=True,
        view_all=RANKING_VIEWERS,
        public=lambda: Q(published_at__isnull=False),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("质量信誉排行榜")
        verbose_name_plural = _("质量信誉排行榜")

    def __str__(self) -> str:
        return f"{self.year}年度工程质量信誉排行榜"

    def get_absolute_url(self) -> str:
        return f"{reverse('construction:ranking_detail')}?year={self.year}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class UnitScore(PortalModel):
    """One unit's credit score in one year's ranking: the components as entered and the total they give."""

    ranking = models.ForeignKey(
        Ranking, verbose_name=_("排行榜"), on_delete=models.CASCADE, related_name="scores"
    )
    unit = models.ForeignKey(
        ResponsibleUnit, verbose_name=_("责任主体单位"), on_delete=models.PROTECT, related_name="scores"
    )
    inspection_score = models.DecimalField(
        _("监督检查得分"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("全年监督检查（质量巡查、实体抽测）的平均得分，百分制。"),
    )
    accidents = models.PositiveSmallIntegerField(_("质量事故（起）"), default=0)
    complaints = models.PositiveSmallIntegerField(_("有效投诉（件）"), default=0)
    awards = models.PositiveSmallIntegerField(
        _("获奖（项）"), default=0, help_text=_("鲁班奖、省市优质工程等。")
    )
    total = models.DecimalField(_("信誉分"), max_digits=4, decimal_places=1, editable=False)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True, editable=False)
    notes = models.TextField(_("说明"), blank=True)

    history_excluded_fields = ("rank",)
    scope_rule = ScopeRule(
        department="ranking__department",
        department_change=True,
        view_all=RANKING_VIEWERS,
        public=lambda: Q(ranking__published_at__isnull=False),
    )

    class Meta:
        ordering = ["ranking", "unit__kind", "rank", "unit__name"]
        verbose_name = _("信誉评分")
        verbose_name_plural = _("信誉评分")
        constraints = [
            models.UniqueConstraint(
                fields=["ranking", "unit"],
                name="unit_score_once_a_year",
                violation_error_message=_("该单位本年度已有信誉评分。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ranking.year} {self.unit}"

    def get_absolute_url(self) -> str:
        return self.ranking.get_absolute_url()


class Deposit(PortalModel):
    """The quality deposit (质量保证金) of a project: due, paid, and what was returned or forfeited."""

    project = models.OneToOneField(
        Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="deposit"
    )
    amount_due = models.DecimalField(
        _("应缴金额（元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    paid_amount = models.DecimalField(
        _("实缴金额（元）"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    paid_on = models.DateField(_("缴纳日期"), null=True, blank=True)
    returned_amount = models.DecimalField(
        _("退还金额（元）"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    returned_on = models.DateField(_("退还日期"), null=True, blank=True)
    forfeited_amount = models.DecimalField(
        _("没收金额（元）"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    forfeited_on = models.DateField(_("没收日期"), null=True, blank=True)
    forfeit_reason = models.CharField(_("没收原因"), max_length=200, blank=True)
    notes = models.TextField(_("说明"), blank=True)

    scope_rule = ScopeRule(region="project__region", department="project__department", department_change=True)

    class Meta:
        ordering = ["project__name"]
        verbose_name = _("质量保证金")
        verbose_name_plural = _("质量保证金")
        constraints = [
            models.CheckConstraint(
                condition=Q(returned_amount__gte=0) & Q(forfeited_amount__gte=0) & Q(paid_amount__gte=0),
                name="deposit_amounts_not_negative",
                violation_error_message=_("金额不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__gte=F("returned_amount") + F("forfeited_amount")),
                name="deposit_settled_within_paid",
                violation_error_message=_("退还金额与没收金额之和不能超过实缴金额。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} 质量保证金"

    def get_absolute_url(self) -> str:
        return reverse("construction:deposit_detail", args=[self.pk])

    @property
    def held_amount(self) -> Decimal:
        """What the authority still holds: paid, less returned and forfeited."""
        return self.paid_amount - self.returned_amount - self.forfeited_amount

    @property
    def state(self) -> str:
        if not self.paid_amount:
            return DepositState.DUE
        if not self.returned_amount and not self.forfeited_amount:
            return DepositState.HELD
        return DepositState.SETTLED if not self.held_amount else DepositState.PARTLY_SETTLED

    def get_state_display(self) -> str:
        return DepositState(self.state).label

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.paid_amount and not self.paid_on:
            errors["paid_on"] = "已缴纳的须填写缴纳日期。"
        if self.returned_amount and not self.returned_on:
            errors["returned_on"] = "已退还的须填写退还日期。"
        if self.forfeited_amount and not self.forfeited_on:
            errors["forfeited_on"] = "已没收的须填写没收日期。"
        if self.forfeited_amount and not self.forfeit_reason.strip():
            errors["forfeit_reason"] = "没收保证金须写明原因。"
        for field in ("returned_on", "forfeited_on"):
            day = getattr(self, field)
            if day and self.paid_on and day < self.paid_on:
                errors[field] = "不能早于缴纳日期。"
        settled = (self.returned_amount or 0) + (self.forfeited_amount or 0)
        if settled > (self.paid_amount or 0):
            errors["returned_amount"] = (
                f"退还金额与没收金额之和（{settled}）不能超过实缴金额（{self.paid_amount or 0}）。"
            )
        if errors:
            raise ValidationError(errors)
