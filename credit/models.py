"""Enterprise quality credit (质量信用, 盘政发〔2014〕17号 三(三)4): administrative penalties, the blacklist
(严重失信名单), the office's rating rules and the yearly rating the nightly job writes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel, Snapshot
from core.scoping import ScopeRule
from credit.choices import GRADE_BADGES, Effect, Grade, PenaltyCategory, SubjectKind
from organizations.uscc import validate_uscc


def published_q() -> Q:
    return Q(published=True)


# Entered by the office and the deciding department; a county sees its own enterprises' records; once published
# (双公示) a record is public data and every role sees it.
PUBLIC_RECORD_SCOPE = ScopeRule(
    region="region", department="department", department_change=True, public=published_q
)


class Penalty(PortalModel):
    """An administrative penalty decision (行政处罚决定) against an enterprise, with what 双公示 publishes of it."""

    decision_number = models.CharField(_("行政处罚决定书文号"), max_length=100, unique=True)
    enterprise = models.ForeignKey(
        "organizations.Enterprise",
        verbose_name=_("行政相对人"),
        on_delete=models.PROTECT,
        related_name="penalties",
    )
    subject_kind = models.CharField(
        _("行政相对人类别"), max_length=24, choices=SubjectKind, default=SubjectKind.LEGAL_PERSON
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=40, blank=True)
    region = models.ForeignKey(
        "organizations.Region",
        verbose_name=_("所在地区"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("留空时取企业所在地区。"),
    )
    department = models.ForeignKey(
        "organizations.Department", verbose_name=_("处罚机关"), on_delete=models.PROTECT, related_name="+"
    )
    authority_uscc = models.CharField(
        _("处罚机关统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc]
    )
    cause = models.CharField(_("案由（违法行为类型）"), max_length=200)
    facts = models.TextField(_("违法事实"))
    basis = models.TextField(_("处罚依据"))
    category = models.CharField(_("处罚类别"), max_length=24, choices=PenaltyCategory)
    content = models.TextField(_("处罚内容"))
    fine = models.DecimalField(
        _("罚款金额（万元）"), max_digits=12, decimal_places=4, default=0, validators=[MinValueValidator(0)]
    )
    confiscated = models.DecimalField(
        _("没收违法所得、没收非法财物的金额（万元）"),
        max_digits=12,
        decimal_places=4,
        default=0,
        validators=[MinValueValidator(0)],
    )
    decided_on = models.DateField(_("处罚决定日期"), db_index=True)
    valid_until = models.DateField(
        _("处罚有效期"), null=True, blank=True, help_text=_("处罚决定的截止日期。")
    )
    publish_until = models.DateField(_("公示截止期"), null=True, blank=True)
    published = models.BooleanField(_("已公示"), default=False)
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    import_batch = models.ForeignKey(
        "core.Job",
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope_rule = PUBLIC_RECORD_SCOPE

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("行政处罚")
        verbose_name_plural = _("行政处罚")
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False) | Q(published_on__isnull=False),
                name="penalty_published_has_date",
                violation_error_message=_("已公示的处罚须填写公示日期。"),
            ),
            models.CheckConstraint(
                condition=Q(fine__gte=0) & Q(confiscated__gte=0),
                name="penalty_amounts_not_negative",
                violation_error_message=_("罚没金额不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} {self.enterprise.name}"

    def get_absolute_url(self) -> str:
        return reverse("credit:penalty_detail", args=[self.pk])

    @property
    def amount(self):
        """罚没款: fine and confiscation together, in 万元."""
        return self.fine + self.confiscated


class BlacklistEntry(PortalModel):
    """An enterprise on the 严重失信名单: listed on a date by a decision, off it again after 信用修复."""

    enterprise = models.ForeignKey(
        "organizations.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="blacklist_entries",
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=40, blank=True)
    region = models.ForeignKey(
        "organizations.Region",
        verbose_name=_("所在地区"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("留空时取企业所在地区。"),
    )
    department = models.ForeignKey(
        "organizations.Department", verbose_name=_("认定部门"), on_delete=models.PROTECT, related_name="+"
    )
    listed_on = models.DateField(_("列入日期"))
    reason = models.TextField(_("列入原因"))
    document = models.CharField(_("认定文书号"), max_length=100)
    removed_on = models.DateField(_("移出日期（信用修复日期）"), null=True, blank=True)
    repair_document = models.CharField(_("信用修复文书号"), max_length=100, blank=True)
    repair_reason = models.TextField(_("信用修复理由"), blank=True)
    published = models.BooleanField(_("已公示"), default=False)
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope_rule = PUBLIC_RECORD_SCOPE

    class Meta:
        ordering = ["-listed_on", "-pk"]
        verbose_name = _("严重失信名单")
        verbose_name_plural = _("严重失信名单")
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | Q(removed_on__gte=models.F("listed_on")),
                name="blacklist_removed_after_listed",
                violation_error_message=_("移出日期不能早于列入日期。"),
            ),
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | (~Q(repair_reason="") & ~Q(repair_document="")),
                name="blacklist_removal_has_repair",
                violation_error_message=_("移出名单须写明信用修复的文书号和理由。"),
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(published_on__isnull=False),
                name="blacklist_published_has_date",
                violation_error_message=_("已公示的名单须填写公示日期。"),
            ),
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(removed_on__isnull=True),
                name="blacklist_one_open_entry",
                violation_error_message=_("该企业已在严重失信名单上（尚未移出）。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name}（{self.listed_on:%Y-%m-%d} 列入）"

    def get_absolute_url(self) -> str:
        return reverse("credit:blacklist_detail", args=[self.pk])

    def on_list(self, day: dt.date) -> bool:
        return self.listed_on <= day and (self.removed_on is None or self.removed_on > day)


class RatingRule(PortalModel):
    """One rule of the rating: so many events of a kind within a look-back window change the grade."""

    code = models.SlugField(_("规则代码"), max_length=40, unique=True)
    name = models.CharField(_("规则名称"), max_length=100)
    # A kind of credit event as its app registered it (core.credit_events); checked by the form.
    kind = models.CharField(_("信用事件"), max_length=40)
    window_months = models.PositiveSmallIntegerField(
        _("回溯月数"),
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("评级年度年末（当年为今天）往前多少个月内的事件计入。"),
    )
    min_events = models.PositiveSmallIntegerField(
        _("起算件数"), default=1, validators=[MinValueValidator(1)], help_text=_("窗口内至少有几件才适用。")
    )
    effect = models.CharField(_("作用"), max_length=12, choices=Effect)
    grade = models.CharField(
        _("最高等级"),
        max_length=1,
        choices=Grade,
        blank=True,
        help_text=_("作用为“最高评为”时：至多评为该等级。"),
    )
    points = models.SmallIntegerField(
        _("每件分值"),
        default=0,
        validators=[MinValueValidator(-100), MaxValueValidator(100)],
        help_text=_("作用为“加减分”时：每件加（正数）或减（负数）多少分，从 100 分起算。"),
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    active = models.BooleanField(_("启用"), default=True)
    basis = models.CharField(_("依据"), max_length=200, blank=True)

    # Everyone may read the rules a rating follows; the office changes them.
    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("信用评级规则")
        verbose_name_plural = _("信用评级规则")
        constraints = [
            models.CheckConstraint(
                condition=~Q(effect="cap") | ~Q(grade=""),
                name="rating_rule_cap_has_grade",
                violation_error_message=_("“最高评为”须选择等级。"),
            ),
            models.CheckConstraint(
                condition=~Q(effect="points") | ~Q(points=0),
                name="rating_rule_points_not_zero",
                violation_error_message=_("“加减分”须填写不为 0 的分值。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("credit:rule_list")

    def clean(self) -> None:
        from core import credit_events

        if self.kind and self.kind not in dict(credit_events.kind_choices()):
            raise ValidationError({"kind": f"没有这种信用事件：{self.kind}"})

    @property
    def description(self) -> str:
        """The rule in words: 近 12 个月内监督抽查不合格 3 件及以上：最高评为 C 失信."""
        from core import credit_events

        count = f" {self.min_events} 件及以上" if self.min_events > 1 else ""
        what = f"近 {self.window_months} 个月内{credit_events.label(self.kind)}{count}"
        if self.effect == Effect.CAP:
            return f"{what}：最高评为 {self.get_grade_display()}"
        return f"{what}：每件{'加' if self.points > 0 else '减'} {abs(self.points)} 分"


class CreditRating(Snapshot):
    """An enterprise's credit grade for a year (`period`), as the nightly job computed it, with its reasons."""

    enterprise = models.ForeignKey(
        "organizations.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="+"
    )
    # The enterprise's county, for scoping the row as the enterprise's other records are.
    region = models.ForeignKey(
        "organizations.Region", verbose_name=_("地区"), on_delete=models.CASCADE, related_name="+"
    )
    grade = models.CharField(_("信用等级"), max_length=1, choices=Grade)
    score = models.SmallIntegerField(_("得分"))
    blacklisted = models.BooleanField(_("在严重失信名单上"), default=False)
    negative_events = models.PositiveIntegerField(_("失信事件数"), default=0)
    positive_events = models.PositiveIntegerField(_("守信事件数"), default=0)
    # [{"rule": code, "text": the rule in words, "effect": what it did, "events": [{kind, date, ref, description,
    # url}]}]; the blacklist entry is a reason of its own (rule "blacklist").
    reasons = models.JSONField(_("评级理由"), default=list, blank=True)

    # A county sees its enterprises' ratings; the office, leaders and the member units (who decide penalties and
    # credit measures) see all.
    scope_rule = ScopeRule(region="region", view_all=frozenset({"office", "leader", "admin", "department"}))

    class Meta:
        # The latest year's worst grades first, which the office acts on, in the order of credit_rating_lookup
        # read backwards, so a page reads its rows only (by enterprise name it joined and sorted a year's 20,000
        # ratings: 90–130 ms a page).
        ordering = ["-period", "-grade", "-enterprise_id"]
        verbose_name = _("企业信用评级")
        verbose_name_plural = _("企业信用评级")
        indexes = [
            models.Index(fields=["run", "period", "grade", "enterprise"], name="credit_rating_lookup"),
            models.Index(fields=["run", "enterprise", "period"], name="credit_rating_enterprise"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.period}: {self.grade}"

    @property
    def grade_badge(self) -> str:
        return GRADE_BADGES[self.grade]
