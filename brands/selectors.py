"""Reads of the brands app: an enterprise's awards, the types a user may enter, scoring progress and ranking."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from accounts import policy
from brands.choices import MAYOR_AWARD, ApplicationStatus, RoundStatus
from brands.models import Application, Assignment, Award, AwardType, EvaluationRound, Score

# With at least this many experts the highest and the lowest total are dropped before averaging.
TRIM_FROM = 5


def awards_for_enterprise(enterprise, user) -> QuerySet[Award]:
    """The awards of one enterprise that this user may see, newest first (the enterprise quality record)."""
    return (
        Award.objects.for_user(user, policy.VIEW)
        .filter(enterprise=enterprise)
        .select_related("award_type", "enterprise")
    )


def award_types_enterable(user) -> QuerySet[AwardType]:
    """Award types whose records this user may enter: all for the office, a unit's own types for its staff.

    市长质量奖 is the office's round's (services.award_save): its unit does not enter it by hand.
    """
    types = AwardType.objects.select_related("department")
    if not policy.allowed(user, "brands.evaluate"):
        types = types.exclude(code=MAYOR_AWARD)
    if policy.can_change_in(user, Award):
        return types
    department_ids = {
        t.department_id
        for t in types
        if t.department_id is not None and policy.can_change_in(user, Award, department=t.department_id)
    }
    return types.filter(department_id__in=department_ids)


def assignments_with_progress(queryset: QuerySet[Assignment]) -> QuerySet[Any]:
    """Assignments with `scored` (categories scored) and `criteria_count` (categories of the round)."""
    return queryset.select_related("expert", "application__enterprise", "application__round").annotate(
        scored=Count("scores", distinct=True),
        criteria_count=Count("application__round__criteria", distinct=True),
    )


def unfinished_assignments(round: EvaluationRound) -> list[Assignment]:
    """Who has not finished scoring in this round: the office chases them before deciding."""
    assignments = assignments_with_progress(Assignment.objects.filter(application__round=round))
    return [a for a in assignments if a.scored < a.criteria_count]


def trimmed_mean(totals: list[Decimal]) -> Decimal | None:
    """The mean of the experts' totals, without the highest and the lowest when there are at least five."""
    if not totals:
        return None
    values = sorted(totals)
    if len(values) >= TRIM_FROM:
        values = values[1:-1]
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class RankingRow:
    application: Application
    experts: int
    complete: int
    totals: list[Decimal]
    score: Decimal | None
    rank: int | None = None


def ranking(round: EvaluationRound, applications: QuerySet[Application] | None = None) -> list[RankingRow]:
    """Accepted applications by score, best first; equal scores share a rank (1, 2, 2, 4)."""
    criteria = round.criteria.count()
    # One GROUP BY over the round's scores: each assignment's total and how many categories it covers.
    per_assignment = (
        Score.objects.filter(assignment__application__round=round)
        .values("assignment_id", "assignment__application_id")
        .annotate(total=Sum("points"), n=Count("id"))
    )
    totals: dict[int, list[Decimal]] = {}
    for figures in per_assignment:
        if figures["n"] == criteria:
            totals.setdefault(figures["assignment__application_id"], []).append(figures["total"])
    if applications is None:
        applications = round.applications.all()
    applications = (
        applications.filter(
            status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.AWARDED, ApplicationStatus.NOT_AWARDED]
        )
        .select_related("enterprise__region")
        .annotate(expert_count=Count("assignments", distinct=True))
    )
    rows = [
        RankingRow(
            application=a,
            experts=a.expert_count,
            complete=len(totals.get(a.pk, [])),
            totals=sorted(totals.get(a.pk, []), reverse=True),
            score=trimmed_mean(totals.get(a.pk, [])),
        )
        for a in applications
    ]
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), r.application.enterprise.name))
    previous: RankingRow | None = None
    for position, row in enumerate(rows, start=1):
        if row.score is None:
            continue
        row.rank = previous.rank if previous and previous.score == row.score else position
        previous = row
    return rows


def application_counts(applications: QuerySet[Application]) -> dict:
    """Applications by status, for the round page (of those the user may see)."""
    return applications.aggregate(
        total=Count("id"),
        submitted=Count("id", filter=Q(status=ApplicationStatus.SUBMITTED)),
        accepted=Count("id", filter=~Q(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.REJECTED])),
        rejected=Count("id", filter=Q(status=ApplicationStatus.REJECTED)),
    )


def open_assignments_of(user) -> list[Assignment]:
    """The user's own unfinished scoring tasks in rounds under review (empty for anyone not an expert)."""
    mine = Assignment.objects.for_user(user).filter(
        expert__user=user, application__round__status=RoundStatus.REVIEWING
    )
    return [a for a in assignments_with_progress(mine) if a.scored < a.criteria_count]


def assignment_totals(application: Application) -> dict[int, Decimal]:
    """Each assignment's total points for one application."""
    return dict(
        Score.objects.filter(assignment__application=application)
        .values("assignment_id")
        .annotate(total=Sum("points"))
        .values_list("assignment_id", "total")
    )
