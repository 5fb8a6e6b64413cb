"""Writes with rules: responsible units (linked to the enterprise register), projects, yearly credit scores and
their ranking, publication, and quality deposits."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from accounts import policy
from construction.models import Deposit, Project, Ranking, ResponsibleUnit, UnitScore
from organizations.models import Enterprise

# The credit score (信誉分) from its components, stated once (the ranking page and the README quote it):
# the inspection score out of 100, less 10 points per quality accident and 2 per confirmed complaint, plus 3
# per award up to 10; never below 0; one decimal, rounded half up.
ACCIDENT_POINTS, COMPLAINT_POINTS, AWARD_POINTS, AWARD_CAP = Decimal(10), Decimal(2), Decimal(3), Decimal(10)
RULE_TEXT = "信誉分 = 监督检查得分（百分制）− 质量事故 × 10 − 有效投诉 × 2 + 获奖 × 3（获奖加分不超过 10 分），最低 0 分。"


def score_total(*, inspection_score: Decimal, accidents: int, complaints: int, awards: int) -> Decimal:
    bonus = min(AWARD_POINTS * awards, AWARD_CAP)
    total = Decimal(inspection_score) - ACCIDENT_POINTS * accidents - COMPLAINT_POINTS * complaints + bonus
    return max(total, Decimal(0)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _save(obj, user):
    obj.full_clean()
    obj._history_user = user
    obj.save()
    if user is not None and not policy.can(user, policy.CHANGE, obj):
        raise PermissionDenied("无权在该范围内新增或修改数据。")
    return obj


@transaction.atomic
def unit_save(*, unit: ResponsibleUnit, user=None) -> ResponsibleUnit:
    """Record or correct a unit; it is linked to the register's enterprise with the same credit code."""
    unit.full_clean()
    unit.enterprise = Enterprise.objects.filter(uscc=unit.uscc).first()
    return _save(unit, user)


@transaction.atomic
def project_save(*, project: Project, user=None) -> Project:
    return _save(project, user)


@transaction.atomic
def ranking_save(*, ranking: Ranking, user=None) -> Ranking:
    return _save(ranking, user)


def _rerank(ranking: Ranking) -> None:
    """Ranks within each kind of unit, highest total first; equal totals share a rank (1, 2, 2, 4)."""
    changed = []
    previous: dict[str, tuple[Decimal, int]] = {}
    counts: dict[str, int] = {}
    for score in ranking.scores.select_related("unit").order_by("unit__kind", "-total", "unit__name"):
        kind = score.unit.kind
        counts[kind] = counts.get(kind, 0) + 1
        last = previous.get(kind)
        rank = last[1] if last and last[0] == score.total else counts[kind]
        previous[kind] = (score.total, rank)
        if score.rank != rank:
            score.rank = rank
            changed.append(score)
    bulk_update_with_history(changed, UnitScore, ["rank"])


@transaction.atomic
def score_save(*, score: UnitScore, user=None) -> UnitScore:
    """Enter or correct a unit's yearly score: the total follows the stated rule, the year's ranks follow it."""
    if score.ranking_id and score.ranking.is_published:
        raise ValidationError("排行榜已发布，评分不能再修改。")
    score.total = score_total(
        inspection_score=score.inspection_score or Decimal(0),
        accidents=score.accidents or 0,
        complaints=score.complaints or 0,
        awards=score.awards or 0,
    )
    _save(score, user)
    _rerank(score.ranking)
    score.refresh_from_db(fields=["rank"])
    return score


@transaction.atomic
def ranking_publish(*, ranking: Ranking, user) -> Ranking:
    """Publish a year's ranking: from then on everyone signed in sees it (the page, its export and the API)."""
    if not policy.can(user, policy.CHANGE, ranking):
        raise PermissionDenied(f"无权发布“{ranking}”。")
    if ranking.is_published:
        raise ValidationError(f"{ranking}已于 {timezone.localtime(ranking.published_at):%Y-%m-%d} 发布。")
    if not ranking.scores.exists():
        raise ValidationError(f"{ranking}还没有评分，不能发布。")
    ranking.published_at = timezone.now()
    ranking.published_by = user
    ranking._history_user = user  # type: ignore[attr-defined]
    ranking.save(update_fields=["published_at", "published_by"])
    return ranking


@transaction.atomic
def deposit_save(*, deposit: Deposit, user=None) -> Deposit:
    """Record a project's deposit and what became of it; returned + forfeited never exceeds what was paid."""
    return _save(deposit, user)
