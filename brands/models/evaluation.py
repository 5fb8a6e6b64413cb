"""The mayor's quality award (市长质量奖) evaluation: rounds, experts, applications, expert scores."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from brands.choices import ApplicationStatus, RoundStatus
from core.models import PortalModel
from core.periods import MAX_YEAR, MIN_YEAR
from core.scoping import ScopeRule


class Expert(PortalModel):
    """An evaluation expert: a record, optionally linked to a portal user, with the enterprises they may not judge."""

    name = models.CharField(_("姓名"), max_length=30)
    organisation = models.CharField(_("工作单位"), max_length=80)
    title = models.CharField(_("职称/职务"), max_length=40, blank=True)
    speciality = models.CharField(_("专业领域"), max_length=60, blank=True)
    phone = models.CharField(_("电话"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("平台账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert",
        help_text=_("关联后，专家可登录平台查看并填写自己的评分任务。"),
    )
    conflicts = models.ManyToManyField(
        "organizations.Enterprise",
        verbose_name=_("利益关联企业"),
        blank=True,
        related_name="conflicted_experts",
        help_text=_("专家任职、持股、近亲属任职或提供过咨询的企业；不得评审这些企业。"),
    )
    is_active = models.BooleanField(_("在库"), default=True)

    history_m2m_fields = [conflicts]
    scope_rule = ScopeRule(owner="user")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")

    def __str__(self) -> str:
        return f"{self.name}（{self.organisation}）"

    def get_absolute_url(self) -> str:
        return reverse("brands:expert_detail", args=[self.pk])


class EvaluationRound(PortalModel):
    """One year's mayor's quality award: quota, timetable, scoring criteria, expert panel, decision."""

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    title = models.CharField(_("名称"), max_length=60)
    quota = models.PositiveSmallIntegerField(_("获奖名额"), validators=[MinValueValidator(1)])
    applications_open = models.DateField(_("申报开始"))
    applications_close = models.DateField(_("申报截止"))
    scoring_due = models.DateField(_("评审截止"))
    announce_on = models.DateField(_("计划公布日期"))
    reward_amount = models.DecimalField(
        _("每户奖励金额（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(_("状态"), max_length=12, choices=RoundStatus, default=RoundStatus.ACCEPTING)
    decided_on = models.DateField(_("评定日期"), null=True, blank=True, editable=False)
    panel = models.ManyToManyField(Expert, verbose_name=_("评审专家组"), blank=True, related_name="rounds")
    notes = models.TextField(_("备注"), blank=True)

    history_m2m_fields = [panel]
    # The award, its timetable and its criteria are public within the portal; the office runs it.
    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("市长质量奖评审")
        verbose_name_plural = _("市长质量奖评审")
        constraints = [
            models.CheckConstraint(
                condition=Q(applications_close__gte=F("applications_open"))
                & Q(scoring_due__gte=F("applications_close"))
                & Q(announce_on__gte=F("scoring_due")),
                name="round_timetable_in_order",
                violation_error_message=_(
                    "时间安排须依次为：申报开始 ≤ 申报截止 ≤ 评审截止 ≤ 计划公布日期。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(quota__gte=1),
                name="round_quota_positive",
                violation_error_message=_("获奖名额至少为1。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("brands:round_detail", args=[self.pk])


class Criterion(PortalModel):
    """A GB/T 19580 category of one round with its maximum points; a round's categories sum to 1000."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("评审"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField(_("代码"), max_length=20)
    name = models.CharField(_("类目"), max_length=30)
    max_points = models.PositiveSmallIntegerField(_("分值"), validators=[MinValueValidator(1)])
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["round", "sort_order"]
        verbose_name = _("评价类目")
        verbose_name_plural = _("评价类目")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "code"],
                name="criterion_unique_per_round",
                violation_error_message=_("类目重复。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.max_points}分）"


class Application(PortalModel):
    """An enterprise's application to one round; its final score and rank are fixed at the decision."""

    round = models.ForeignKey(
        EvaluationRound, verbose_name=_("评审"), on_delete=models.PROTECT, related_name="applications"
    )
    enterprise = models.ForeignKey(
        "organizations.Enterprise",
        verbose_name=_("申报企业"),
        on_delete=models.PROTECT,
        related_name="quality_award_applications",
    )
    submitted_on = models.DateField(_("申报日期"))
    contact = models.CharField(_("联系人及电话"), max_length=60, blank=True)
    summary = models.TextField(_("申报材料摘要"), blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ApplicationStatus, default=ApplicationStatus.SUBMITTED
    )
    screening_note = models.CharField(_("资格审查意见"), max_length=200, blank=True)
    final_score = models.DecimalField(
        _("最终得分"), max_digits=6, decimal_places=2, null=True, blank=True, editable=False
    )
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True, editable=False)

    # Counties see their enterprises' applications, experts the ones assigned to them, everyone the winners.
    scope_rule = ScopeRule(
        region="enterprise__region",
        owner="assignments__expert__user",
        public=lambda: Q(status=ApplicationStatus.AWARDED),
        distinct=True,
    )

    class Meta:
        ordering = ["round", "rank", "enterprise__name"]
        verbose_name = _("市长质量奖申报")
        verbose_name_plural = _("市长质量奖申报")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "enterprise"],
                name="application_once_per_round",
                violation_error_message=_("该企业已申报本年度市长质量奖。"),
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.REJECTED) | ~Q(screening_note=""),
                name="application_rejection_has_reason",
                violation_error_message=_("不予受理须写明资格审查意见。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round.year}年 {self.enterprise.name}"

    def get_absolute_url(self) -> str:
        return reverse("brands:application_detail", args=[self.pk])


class Assignment(PortalModel):
    """One expert's task to score one application."""

    application = models.ForeignKey(
        Application, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(
        Expert, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="assignments"
    )
    created_at = models.DateTimeField(_("分配时间"), auto_now_add=True)

    scope_rule = ScopeRule(owner="expert__user")

    class Meta:
        ordering = ["application", "expert__name"]
        verbose_name = _("评分任务")
        verbose_name_plural = _("评分任务")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert"],
                name="assignment_once_per_expert",
                violation_error_message=_("该专家已分配评审此申报。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert.name} → {self.application.enterprise.name}"

    def get_absolute_url(self) -> str:
        return reverse("brands:assignment_score", args=[self.pk])


class Score(PortalModel):
    """An expert's points for one category of one application."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("评分任务"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("类目"), on_delete=models.PROTECT, related_name="scores"
    )
    points = models.DecimalField(_("得分"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    comment = models.CharField(_("评语"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("评分时间"), auto_now=True)

    scope_rule = ScopeRule(owner="assignment__expert__user")

    class Meta:
        ordering = ["assignment", "criterion__sort_order"]
        verbose_name = _("专家评分")
        verbose_name_plural = _("专家评分")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"],
                name="score_once_per_criterion",
                violation_error_message=_("该类目已评分。"),
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0),
                name="score_not_negative",
                violation_error_message=_("得分不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} {self.criterion.name} {self.points}"
