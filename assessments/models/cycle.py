"""The yearly cycle per county: target filing, the assessment, its item scores and evidence, the on-site
verification draw, and after the result rectification and 约谈 records."""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.choices import STAGE_ORDER, AssessmentStatus, FilingStatus, Grade, Stage
from assessments.models.scheme import Item, Scheme
from core.models import PortalModel
from core.scoping import ScopeRule
from core.uploads import UploadPath, UploadValidator
from targets.choices import Status as TargetStatus

# The county status that completes each stage: a county still short of it after the deadline is late.
STATUS_COMPLETING = {
    Stage.SELF_ASSESSMENT: AssessmentStatus.SUBMITTED,
    Stage.REVIEW: AssessmentStatus.REVIEWED,
    Stage.VERIFICATION: AssessmentStatus.VERIFIED,
}
STATUS_ORDER = [s.value for s in AssessmentStatus]


class Assessment(PortalModel):
    """One county's assessment in one year: its status in the cycle and, once scored, its result."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="assessments"
    )
    region = models.ForeignKey(
        "organizations.Region", verbose_name=_("县区"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=AssessmentStatus, default=AssessmentStatus.PENDING
    )
    filing_status = models.CharField(
        _("目标备案"), max_length=12, choices=FilingStatus, default=FilingStatus.PENDING
    )
    filing_submitted_at = models.DateTimeField(_("目标报送时间"), null=True, blank=True)
    filed_at = models.DateTimeField(_("备案时间"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("备案人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("自评提交时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("书面审核时间"), null=True, blank=True)
    selected_for_verification = models.BooleanField(_("抽中实地核查"), default=False)
    verification_note = models.TextField(_("实地核查意见"), blank=True)
    verified_at = models.DateTimeField(_("实地核查时间"), null=True, blank=True)
    self_total = models.DecimalField(_("自评总分"), max_digits=5, decimal_places=1, null=True, blank=True)
    total = models.DecimalField(_("考核得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    vetoed = models.BooleanField(_("一票否决"), default=False)
    grade = models.CharField(_("等级"), max_length=1, choices=Grade, blank=True)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    rectification_required = models.BooleanField(_("须提交整改报告"), default=False)
    rectification_report = models.FileField(
        _("整改报告"),
        upload_to=UploadPath("assessments/rectification"),
        validators=[UploadValidator("attachment")],
        blank=True,
    )
    rectification_submitted_at = models.DateTimeField(_("整改报告提交时间"), null=True, blank=True)
    rectification_due = models.DateField(_("整改报告截止"), null=True, blank=True)

    # A county works on its own assessment and sees the others' only once the year's results are announced.
    scope_rule = ScopeRule(
        region="region", county_change=True, public=lambda: Q(scheme__stage=Stage.ANNOUNCED)
    )

    class Meta:
        ordering = ["-scheme__year", "rank", "region__sort_order"]
        verbose_name = _("县区考核")
        verbose_name_plural = _("县区考核")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "region"],
                name="assessment_one_per_county",
                violation_error_message=_("该县区在本年度已有考核记录。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.year}年度 {self.region}"

    @property
    def region_name(self) -> str:
        """The county as it was named in the assessed year (大洼县 before 2016), where the ranking's query
        annotated it (`selectors.assessments_of`); its name today otherwise."""
        return self.__dict__.get("region_then") or self.region.name

    def get_absolute_url(self) -> str:
        return reverse("assessments:assessment_detail", args=[self.pk])

    @property
    def change(self):
        """Points gained since last year; needs `previous_total` from `selectors.with_previous`."""
        previous = getattr(self, "previous_total", None)
        return None if previous is None or self.total is None else self.total - previous

    @property
    def rank_change(self) -> int | None:
        """Places moved up since last year; needs `previous_rank` from `selectors.with_previous`."""
        previous = getattr(self, "previous_rank", None)
        return None if previous is None or self.rank is None else previous - self.rank

    def has_reached(self, status: str) -> bool:
        return STATUS_ORDER.index(self.status) >= STATUS_ORDER.index(status)

    @property
    def interview_expected(self) -> bool:
        """Grades C and D of an announced year are followed by a 约谈 (interview) of the county's leaders."""
        return self.scheme.is_announced and self.grade in (Grade.C, Grade.D)

    def rectification_overdue(self, today: dt.date) -> bool:
        return bool(
            self.rectification_required
            and self.rectification_due
            and not self.rectification_submitted_at
            and today > self.rectification_due
        )

    def late_for(self, stage: str, today: dt.date) -> bool:
        """Whether the county has not completed `stage` and its deadline has passed."""
        due = self.scheme.due_of(stage)
        if stage == Stage.TARGET_FILING:
            # The county's part is to send its targets; accepting them is the office's.
            return due is not None and today > due and self.filing_status == FilingStatus.PENDING
        needed = STATUS_COMPLETING.get(stage)
        if needed is None or due is None or today <= due:
            return False
        if stage == Stage.VERIFICATION and not self.selected_for_verification:
            return False
        return not self.has_reached(needed)

    def is_late(self, today: dt.date) -> bool:
        """Late in the stage the year is in now (or in any earlier one it has not finished)."""
        stage_index = STAGE_ORDER.index(self.scheme.stage)
        return any(self.late_for(stage, today) for stage in STAGE_ORDER[1 : stage_index + 1])


class ItemScore(PortalModel):
    """One item of one county's assessment: the self score, the office's reviewed score, the verified score."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("县区考核"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("考核项目"), on_delete=models.PROTECT, related_name="scores"
    )
    measured_value = models.DecimalField(_("统计值"), max_digits=14, decimal_places=2, null=True, blank=True)
    measured_status = models.CharField(_("目标状态"), max_length=12, choices=TargetStatus, blank=True)
    auto_score = models.DecimalField(_("自动得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    self_score = models.DecimalField(_("自评分"), max_digits=5, decimal_places=1, null=True, blank=True)
    self_note = models.TextField(_("自评说明"), blank=True)
    reviewed_score = models.DecimalField(_("审核分"), max_digits=5, decimal_places=1, null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    verified_score = models.DecimalField(_("核查分"), max_digits=5, decimal_places=1, null=True, blank=True)
    verification_comment = models.TextField(_("核查意见"), blank=True)
    measured_period = models.CharField(
        _("统计期间"),
        max_length=20,
        blank=True,
        help_text=_("统计值所属的期间，如 2014 或 2014-07—2015-06。"),
    )
    veto_triggered = models.BooleanField(_("触发否决"), default=False)
    excluded = models.BooleanField(_("合理缺项"), default=False)
    exclusion_reason = models.TextField(_("缺项理由"), blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("认定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    excluded_at = models.DateTimeField(_("认定时间"), null=True, blank=True)

    scope_rule = ScopeRule(
        region="assessment__region",
        county_change=True,
        public=lambda: Q(assessment__scheme__stage=Stage.ANNOUNCED),
    )

    class Meta:
        ordering = [
            "assessment",
            "item__group__parent__sort_order",
            "item__group__sort_order",
            "item__sort_order",
        ]
        verbose_name = _("考核项目得分")
        verbose_name_plural = _("考核项目得分")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item"],
                name="item_score_unique",
                violation_error_message=_("该县区的这一考核项目已有得分记录。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.item.name}"

    @property
    def lacks_data(self) -> bool:
        """An automatic item the statistics give no score for: nobody scores it by guesswork (no silent zero)."""
        return self.item.scoring == "auto" and self.auto_score is None and not self.excluded

    @property
    def final_score(self):
        """The verified score where the county was verified, else the reviewed one."""
        return self.verified_score if self.verified_score is not None else self.reviewed_score

    @property
    def difference(self):
        """Final minus self score: negative where the office took points off."""
        if self.final_score is None or self.self_score is None:
            return None
        return self.final_score - self.self_score


class Evidence(PortalModel):
    """A file a county attaches to an item of its self-assessment (documents, photos, minutes)."""

    item_score = models.ForeignKey(
        ItemScore, verbose_name=_("考核项目得分"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(
        _("文件"), upload_to=UploadPath("assessments/evidence"), validators=[UploadValidator("attachment")]
    )
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    scope_rule = ScopeRule(region="item_score__assessment__region", county_change=True)

    class Meta:
        ordering = ["item_score", "uploaded_at"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self) -> str:
        return self.name


class FiledTarget(PortalModel):
    """One target a county filed for the year (目标备案): what it commits to for one target item."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("县区考核"), on_delete=models.CASCADE, related_name="filed_targets"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("考核项目"), on_delete=models.PROTECT, related_name="filed_targets"
    )
    statement = models.CharField(
        _("备案目标"),
        max_length=200,
        blank=True,
        help_text=_("如：全县主要农产品质量安全监测合格率达到 97%。"),
    )
    value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2, null=True, blank=True)

    scope_rule = ScopeRule(region="assessment__region", county_change=True)

    class Meta:
        ordering = [
            "assessment",
            "item__group__parent__sort_order",
            "item__group__sort_order",
            "item__sort_order",
        ]
        verbose_name = _("备案目标")
        verbose_name_plural = _("备案目标")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item"],
                name="filed_target_unique",
                violation_error_message=_("该县区的这一目标已备案。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.item.name}"


class Interview(PortalModel):
    """A 约谈 of a county graded C or D: when, who held it, with whom, and what was said."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("县区考核"), on_delete=models.CASCADE, related_name="interviews"
    )
    held_on = models.DateField(_("约谈日期"))
    held_by = models.CharField(_("约谈人"), max_length=200, help_text=_("单位和姓名、职务。"))
    interviewees = models.CharField(
        _("被约谈人"), max_length=200, help_text=_("县区政府有关负责人的姓名、职务。")
    )
    content = models.TextField(_("约谈内容"), help_text=_("指出的问题、提出的整改要求和时限。"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # The county sees its own interviews; the office, leaders and the administrator see all; nobody else.
    scope_rule = ScopeRule(region="assessment__region")

    class Meta:
        ordering = ["assessment", "held_on", "pk"]
        verbose_name = _("约谈记录")
        verbose_name_plural = _("约谈记录")

    def __str__(self) -> str:
        return f"{self.assessment} 约谈（{self.held_on:%Y-%m-%d}）"


class VerificationDraw(PortalModel):
    """The random draw of counties for on-site verification: seed and pool are kept so anyone can redo it."""

    scheme = models.OneToOneField(
        Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="draw"
    )
    seed = models.PositiveBigIntegerField(_("随机种子"))
    pool = models.JSONField(_("候选县区代码"))
    count = models.PositiveSmallIntegerField(_("抽取数量"))
    drawn = models.JSONField(_("抽中县区代码"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("抽取人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    drawn_at = models.DateTimeField(_("抽取时间"), auto_now_add=True)

    class Meta:
        ordering = ["-drawn_at"]
        verbose_name = _("实地核查抽取记录")
        verbose_name_plural = _("实地核查抽取记录")

    def __str__(self) -> str:
        return f"{self.scheme.year}年度实地核查抽取（种子 {self.seed}）"

    @staticmethod
    def sample(pool: list[str], count: int, seed: int) -> list[str]:
        """The draw itself: the same pool, count and seed always give the same counties."""
        return sorted(random.Random(seed).sample(sorted(pool), min(count, len(pool))))

    def reproduces(self) -> bool:
        return self.sample(self.pool, self.count, self.seed) == sorted(self.drawn)
