"""Demo assessments: 2015 run through to announced results (one county vetoed by the systemic incident the
incidents demo records in its window, 约谈 of the C and D counties),
2016 in self-assessment; each year's targets filed by the counties first (目标备案)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from random import Random

from django.utils import timezone

from assessments import services
from assessments.choices import AssessmentStatus, Scoring
from assessments.models import Assessment, Scheme
from assessments.scoring import add_months
from core import stats
from core.models import RunTrigger
from core.registry import DemoContext, demo_loader

# In 2016 this county has filled part of its self-assessment and missed the deadline.
LATE_2016 = "211122"

REVIEW_COMMENTS = [
    "佐证材料不全，酌情扣分。",
    "会议纪要未体现专题研究质量工作。",
    "年度计划未分解到部门。",
    "经费拨付凭证缺失。",
    "台账不完整。",
]


def _fraction(random: Random, low: float, high: float) -> Decimal:
    return Decimal(str(round(random.uniform(low, high), 2)))


def _self_entries(assessment: Assessment, random: Random, strength: float, share: float = 1.0) -> list:
    """Self scores near the top (counties rate themselves kindly), for `share` of the items."""
    entries = []
    for score in assessment.scores.select_related("item"):
        # An automatic item without data is not the county's to score (the office rules on it at review).
        if score.item.scoring == Scoring.VETO or score.lacks_data or random.random() > share:
            continue
        value = score.auto_score
        if value is None:
            value = (score.item.max_points * _fraction(random, strength, 1.0)).quantize(Decimal("0.5"))
        entries.append(services.ScoreEntry(score.pk, value, "已按要求落实，详见佐证材料。"))
    return entries


# Why an item cannot apply to a county, as the office records it (合理缺项).
NOT_APPLICABLE = {"large-project-acceptance": "考核期内辖区无大中型工程项目竣工验收，经核实属合理缺项。"}


def _review_entries(assessment: Assessment, random: Random, office) -> list:
    entries = []
    for score in assessment.scores.select_related("item"):
        item = score.item
        if score.lacks_data and item.code in NOT_APPLICABLE:
            services.item_exclude(item_score=score, reason=NOT_APPLICABLE[item.code], user=office)
            continue
        if score.lacks_data:
            entries.append(
                services.ScoreEntry(score.pk, Decimal(0), "县区未报送该项统计数据，经审核按 0 分计。")
            )
            continue
        if item.scoring == Scoring.VETO:
            # The incident veto comes from the incidents register; no county is found to have falsified data.
            entries.append(services.ScoreEntry(score.pk, None, ""))
            continue
        cut = Decimal(0)
        if item.scoring == Scoring.MANUAL and random.random() < 0.35:
            cut = min(
                score.self_score, (item.max_points * _fraction(random, 0.1, 0.4)).quantize(Decimal("0.5"))
            )
        comment = random.choice(REVIEW_COMMENTS) if cut else ""
        entries.append(services.ScoreEntry(score.pk, score.self_score - cut, comment))
    return entries


def _backdate(objects, field: str, day: dt.date, random: Random) -> None:
    """The demo runs today; move its timestamps into the year it pretends to be in."""
    for obj in objects:
        moment = dt.datetime.combine(
            day - dt.timedelta(days=random.randint(0, 12)), dt.time(9 + random.randint(0, 8))
        )
        setattr(obj, field, timezone.make_aware(moment))
        obj.save(update_fields=[field])


def _file_targets(scheme: Scheme, office, counties: dict, random: Random) -> Scheme:
    """Each county files its targets (a point above last year's figure where it has one); the office accepts."""
    scheme = services.stage_advance(scheme=scheme, user=office)
    for assessment in scheme.assessments.select_related("region"):
        user = counties[assessment.region.code]
        entries = [
            services.FilingEntry(
                t.pk,
                f"{t.item.name.split('达到')[0].split('稳定')[0]}较上年提高，达到方案要求",
                t.item.full_at,
            )
            for t in assessment.filed_targets.select_related("item")
        ]
        services.target_filing_save(assessment=assessment, entries=entries, user=user)
        services.target_filing_submit(assessment=assessment, user=user)
        services.target_filing_accept(assessment=assessment, user=office)
    assessments = list(scheme.assessments.all())
    _backdate(assessments, "filing_submitted_at", scheme.filing_due, random)
    _backdate(assessments, "filed_at", scheme.filing_due + dt.timedelta(days=15), random)
    return services.stage_advance(scheme=scheme, user=office)


def _interviews(scheme: Scheme, office) -> None:
    for assessment in scheme.assessments.filter(grade__in=["C", "D"]).select_related("region"):
        services.interview_record(
            assessment=assessment,
            held_on=timezone.localdate(scheme.announced_at),
            held_by="市质量强市工作领导小组办公室主任",
            interviewees=f"{assessment.region.name}人民政府分管副区（县）长、质监分局局长",
            content=f"通报{scheme.year}年度考核结果（{assessment.grade} 级），指出质量工作存在的问题，"
            f"要求一个月内提交书面整改报告，明确整改措施和时限。",
            user=office,
        )


def _run_2015(office, counties: dict, random: Random) -> Scheme:
    scheme = services.scheme_create(year=2015, user=office)
    scheme = _file_targets(scheme, office, counties, random)
    strengths = {code: random.uniform(0.55, 0.9) for code in counties}
    for assessment in scheme.assessments.select_related("region"):
        user = counties[assessment.region.code]
        entries = _self_entries(assessment, random, strengths[assessment.region.code])
        services.self_assessment_save(assessment=assessment, entries=entries, user=user)
        services.self_assessment_submit(assessment=assessment, user=user)
    scheme = services.stage_advance(scheme=scheme, user=office)
    for assessment in scheme.assessments.select_related("region"):
        services.review_save(
            assessment=assessment, entries=_review_entries(assessment, random, office), user=office
        )
        services.review_complete(assessment=assessment, user=office)
    scheme = services.stage_advance(scheme=scheme, user=office)
    services.verification_draw(scheme=scheme, user=office, seed=20151101)
    for assessment in scheme.assessments.filter(selected_for_verification=True):
        services.verification_save(
            assessment=assessment,
            entries=[],
            note="现场查阅台账、抽查企业 3 家，与书面材料基本一致。",
            user=office,
        )
        services.verification_complete(assessment=assessment, user=office)
    scheme = services.stage_advance(scheme=scheme, user=office)
    scheme = services.stage_advance(scheme=scheme, user=office)
    assessments = list(scheme.assessments.all())
    _backdate(assessments, "submitted_at", scheme.self_assessment_due, random)
    _backdate(assessments, "reviewed_at", scheme.review_due, random)
    _backdate([a for a in assessments if a.verified_at], "verified_at", scheme.verification_due, random)
    _backdate([scheme], "announced_at", scheme.approval_due, random)
    # The deadline runs from the (back-dated) announcement.
    due = add_months(timezone.localdate(scheme.announced_at), scheme.rectification_months)
    for assessment in scheme.assessments.filter(rectification_required=True):
        services.rectification_due_set(assessment=assessment, due=due, user=office)
    _interviews(scheme, office)
    return scheme


def _run_2016(office, counties: dict, random: Random, source: Scheme) -> Scheme:
    scheme = services.scheme_copy(source=source, year=2016, user=office)
    scheme = _file_targets(scheme, office, counties, random)
    for assessment in scheme.assessments.select_related("region"):
        code = assessment.region.code
        late = code == LATE_2016
        entries = _self_entries(assessment, random, 0.7, share=0.5 if late else 1.0)
        services.self_assessment_save(assessment=assessment, entries=entries, user=counties[code])
        if not late:
            services.self_assessment_submit(assessment=assessment, user=counties[code])
    _backdate(
        scheme.assessments.filter(submitted_at__isnull=False),
        "submitted_at",
        scheme.self_assessment_due,
        random,
    )
    return scheme


@demo_loader("assessments.cycle", order=90)
def load(ctx: DemoContext) -> str:
    if Scheme.objects.exists():
        return "skipped (assessment schemes exist)"
    users = ctx.shared["users"]
    office = users["office"]
    counties = {u.region.code: u for u in users.values() if u.role == "county"}
    random = Random(ctx.seed)
    if ctx.recompute and stats.current_run() is None:
        # Automatic items read the statistics when a stage opens: compute them from the demo data loaded so far.
        stats.run_now(trigger=RunTrigger.COMMAND)
    announced = _run_2015(office, counties, random)
    current = _run_2016(office, counties, random, announced)
    pending = current.assessments.filter(status=AssessmentStatus.PENDING).count()
    return f"2015 {announced.get_stage_display()} ({announced.assessments.count()} counties), 2016 in self-assessment ({pending} pending)"
