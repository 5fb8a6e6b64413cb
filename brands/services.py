"""Writes with rules: awards (validity, revocation) and the mayor's quality award round from intake to decision."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from accounts import policy
from brands.choices import MAYOR_AWARD, ApplicationStatus, RoundStatus
from brands.models import Application, Assignment, Award, AwardType, Criterion, EvaluationRound, Expert, Score
from brands.selectors import ranking, unfinished_assignments

TOTAL_POINTS = 1000
CATEGORIES_FILE = Path(__file__).parent / "data" / "gbt19580_categories.json"


def default_categories() -> list[dict]:
    return json.loads(CATEGORIES_FILE.read_text(encoding="utf-8"))["categories"]


# Awards -------------------------------------------------------------------------------------------


def _decided_by_round(award: Award) -> bool:
    """A 市长质量奖 record, or one a round decided, before or after this change."""
    if (award.award_type_id and award.award_type.code == MAYOR_AWARD) or award.application_id:
        return True
    stored = Q(award_type__code=MAYOR_AWARD) | Q(application__isnull=False)
    return award.pk is not None and Award.objects.filter(stored, pk=award.pk).exists()


@transaction.atomic
def award_save(*, award: Award, user=None) -> Award:
    """Create or update an award; an empty `valid_until` is derived from the type's default validity.

    `user` is who writes by hand (None: a round's decision). 市长质量奖 records come from the office's
    round; by hand only the office (brands.evaluate) may enter or correct one, never the type's unit.
    """
    if user is not None and not policy.allowed(user, "brands.evaluate") and _decided_by_round(award):
        raise PermissionDenied("市长质量奖由领导小组办公室通过评审轮次评定，不能在此登记或修改。")
    if award.valid_until is None and award.award_type_id and award.valid_from:
        award.valid_until = award.award_type.default_valid_until(award.valid_from)
    award.full_clean()
    award.save()
    return award


@transaction.atomic
def award_revoke(*, award: Award, revoked_on: dt.date, reason: str) -> Award:
    """Withdraw an award from a date on, with the reason (e.g. a failed spot check)."""
    if award.revoked_on:
        raise ValidationError(f"“{award}”已于 {award.revoked_on:%Y-%m-%d} 撤销。")
    if revoked_on < award.valid_from:
        raise ValidationError({"revoked_on": f"撤销日期不能早于有效期起（{award.valid_from:%Y-%m-%d}）。"})
    award.revoked_on = revoked_on
    award.revoke_reason = reason.strip()
    award.full_clean()
    award.save(update_fields=["revoked_on", "revoke_reason"])
    return award


@transaction.atomic
def expert_save(*, expert: Expert, conflicts: Iterable | None = None) -> Expert:
    """Create or update an expert and, when given, the enterprises they are linked to."""
    expert.full_clean()
    expert.save()
    if conflicts is not None:
        expert.conflicts.set(conflicts)
    return expert


# The mayor's quality award ----------------------------------------------------------------------


def _require_status(round: EvaluationRound, *allowed: str, doing: str) -> None:
    if round.status not in allowed:
        raise ValidationError(f"“{round}”当前处于“{round.get_status_display()}”阶段，不能{doing}。")


@transaction.atomic
def round_create(*, round: EvaluationRound) -> EvaluationRound:
    """Open a round for applications, with the previous round's category points (or GB/T 19580's)."""
    round.status = RoundStatus.ACCEPTING
    round.full_clean()
    round.save()
    previous = EvaluationRound.objects.exclude(pk=round.pk).filter(year__lt=round.year).first()
    rows: Sequence[Mapping[str, Any]]
    if previous and previous.criteria.exists():
        rows = list(previous.criteria.values("code", "name", "max_points"))
    else:
        rows = default_categories()
    bulk_create_with_history(
        [Criterion(round=round, sort_order=index, **row) for index, row in enumerate(rows, start=1)],
        Criterion,
    )
    return round


@transaction.atomic
def round_update(*, round: EvaluationRound) -> EvaluationRound:
    """Change a round's quota, timetable or reward before its decision."""
    _require_status(round, RoundStatus.ACCEPTING, RoundStatus.REVIEWING, doing="修改")
    round.full_clean()
    round.save()
    return round


@transaction.atomic
def round_set_points(*, round: EvaluationRound, points: dict[str, int]) -> None:
    """Set each category's maximum points; they must sum to 1000, and only before scoring starts."""
    _require_status(round, RoundStatus.ACCEPTING, doing="调整类目分值")
    criteria = list(round.criteria.all())
    missing = [c.name for c in criteria if c.code not in points]
    if missing:
        raise ValidationError(f"缺少类目分值：{'、'.join(missing)}。")
    total = sum(points[c.code] for c in criteria)
    if total != TOTAL_POINTS:
        raise ValidationError(f"各类目分值合计应为 {TOTAL_POINTS} 分，现为 {total} 分。")
    for criterion in criteria:
        if criterion.max_points != points[criterion.code]:
            criterion.max_points = points[criterion.code]
            criterion.full_clean()
            criterion.save(update_fields=["max_points"])


@transaction.atomic
def round_set_panel(*, round: EvaluationRound, experts: Iterable[Expert]) -> None:
    """Choose the expert panel; it is fixed once the review starts (then assign experts one by one)."""
    _require_status(round, RoundStatus.ACCEPTING, doing="调整专家组")
    round.panel.set(experts)


@transaction.atomic
def application_submit(*, application: Application) -> Application:
    """Record an enterprise's application while the round accepts them."""
    _require_status(application.round, RoundStatus.ACCEPTING, doing="受理申报")
    application.status = ApplicationStatus.SUBMITTED
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def application_screen(*, application: Application, accepted: bool, note: str = "") -> Application:
    """The office's eligibility check: accept for review, or reject with the reason."""
    _require_status(application.round, RoundStatus.ACCEPTING, doing="资格审查")
    application.status = ApplicationStatus.ACCEPTED if accepted else ApplicationStatus.REJECTED
    application.screening_note = note.strip()
    application.full_clean()
    application.save(update_fields=["status", "screening_note"])
    return application


def _conflicted(expert: Expert, application: Application) -> bool:
    return expert.conflicts.filter(pk=application.enterprise_id).exists()


@transaction.atomic
def round_start_review(*, round: EvaluationRound) -> list[Assignment]:
    """Close intake and give every accepted application to every panel expert not linked to the enterprise."""
    _require_status(round, RoundStatus.ACCEPTING, doing="开始评审")
    pending = [a.enterprise.name for a in round.applications.filter(status=ApplicationStatus.SUBMITTED)]
    if pending:
        raise ValidationError(f"以下申报尚未完成资格审查：{'、'.join(pending)}。")
    applications = list(
        round.applications.filter(status=ApplicationStatus.ACCEPTED).select_related("enterprise")
    )
    if not applications:
        raise ValidationError("没有通过资格审查的申报，无法开始评审。")
    panel = list(round.panel.filter(is_active=True).prefetch_related("conflicts"))
    if not panel:
        raise ValidationError("请先选定评审专家组。")
    assignments = []
    for application in applications:
        judges = [e for e in panel if application.enterprise_id not in {c.pk for c in e.conflicts.all()}]
        if not judges:
            raise ValidationError(f"专家组全部与“{application.enterprise.name}”存在利益关联，请增补专家。")
        assignments += [Assignment(application=application, expert=expert) for expert in judges]
    created = bulk_create_with_history(assignments, Assignment)
    round.status = RoundStatus.REVIEWING
    round.save(update_fields=["status"])
    return created


@transaction.atomic
def assignment_add(*, application: Application, expert: Expert) -> Assignment:
    """Give one more expert an application during the review; never an expert linked to the enterprise."""
    _require_status(application.round, RoundStatus.REVIEWING, doing="分配评审专家")
    if application.status != ApplicationStatus.ACCEPTED:
        raise ValidationError(f"“{application.enterprise.name}”未通过资格审查，不参加评审。")
    if _conflicted(expert, application):
        raise ValidationError(f"专家{expert.name}与“{application.enterprise.name}”存在利益关联，须回避。")
    assignment = Assignment(application=application, expert=expert)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment) -> None:
    """Withdraw an expert from an application (e.g. one who cannot score); their scores go with it."""
    _require_status(assignment.application.round, RoundStatus.REVIEWING, doing="撤回评分任务")
    assignment.delete()


@transaction.atomic
def score_record(
    *, assignment: Assignment, criterion: Criterion, points: Decimal, comment: str = ""
) -> Score:
    """Record (or correct) an expert's points for one category, within that category's maximum."""
    application = assignment.application
    _require_status(application.round, RoundStatus.REVIEWING, doing="评分")
    if criterion.round_id != application.round_id:
        raise ValidationError(f"类目“{criterion.name}”不属于{application.round}。")
    if _conflicted(assignment.expert, application):
        raise ValidationError(
            f"专家{assignment.expert.name}与“{application.enterprise.name}”存在利益关联，不得评分。"
        )
    points = Decimal(points)
    if not Decimal(0) <= points <= criterion.max_points:
        raise ValidationError(
            {"points": f"“{criterion.name}”得分应在 0 至 {criterion.max_points} 分之间，填写的是 {points}。"}
        )
    if points != points.quantize(Decimal("0.1")):
        raise ValidationError({"points": f"“{criterion.name}”得分最多保留一位小数，填写的是 {points}。"})
    score = Score.objects.filter(assignment=assignment, criterion=criterion).first() or Score(
        assignment=assignment, criterion=criterion
    )
    score.points = points.quantize(Decimal("0.1"))
    score.comment = comment.strip()
    score.full_clean()
    score.save()
    return score


@transaction.atomic
def score_sheet(*, assignment: Assignment, entries: dict[int, tuple[Decimal, str]]) -> list[Score]:
    """Record a whole score sheet (criterion id → points, comment) at once: all or nothing."""
    criteria = {c.pk: c for c in assignment.application.round.criteria.all()}
    return [
        score_record(assignment=assignment, criterion=criteria[pk], points=points, comment=comment)
        for pk, (points, comment) in entries.items()
    ]


@transaction.atomic
def round_decide(
    *, round: EvaluationRound, winners: Iterable[Application], decided_on: dt.date
) -> list[Award]:
    """Fix scores and ranks, name the winners within the quota, and record their awards."""
    _require_status(round, RoundStatus.REVIEWING, doing="评定")
    unfinished = unfinished_assignments(round)
    if unfinished:
        names = "；".join(f"{a.expert.name}（{a.application.enterprise.name}）" for a in unfinished[:10])
        raise ValidationError(f"还有 {len(unfinished)} 项评分未完成：{names}。请催办或撤回后再评定。")
    rows = ranking(round)
    unscored = [r.application.enterprise.name for r in rows if r.score is None]
    if unscored:
        raise ValidationError(f"以下申报没有专家评分：{'、'.join(unscored)}。")
    winner_ids = {w.pk for w in winners}
    by_id = {r.application.pk: r for r in rows}
    strangers = winner_ids - by_id.keys()
    if strangers:
        raise ValidationError("获奖企业须是本轮通过资格审查并已评分的申报。")
    if not winner_ids:
        raise ValidationError("请至少选定一家获奖企业。")
    if len(winner_ids) > round.quota:
        raise ValidationError(f"获奖名额为 {round.quota} 个，选定了 {len(winner_ids)} 个。")
    award_type = AwardType.objects.get(code=MAYOR_AWARD)
    awards = []
    for row in rows:
        application = row.application
        application.final_score = row.score
        application.rank = row.rank
        application.status = (
            ApplicationStatus.AWARDED if application.pk in winner_ids else ApplicationStatus.NOT_AWARDED
        )
        application.save(update_fields=["final_score", "rank", "status"])
    for number, row in enumerate((r for r in rows if r.application.pk in winner_ids), start=1):
        awards.append(
            award_save(
                award=Award(
                    award_type=award_type,
                    enterprise=row.application.enterprise,
                    year=round.year,
                    certificate_no=f"盘锦市市长质量奖〔{round.year}〕第{number}号",
                    valid_from=decided_on,
                    reward_amount=round.reward_amount,
                    application=row.application,
                )
            )
        )
    round.status = RoundStatus.DECIDED
    round.decided_on = decided_on
    round.save(update_fields=["status", "decided_on"])
    return awards
