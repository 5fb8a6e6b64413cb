"""Reads: complaints as a user may see them (personal data masked), overdue and due-soon lists."""

from __future__ import annotations

import datetime as dt

from django.db.models import CharField, Count, DateField, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat, ExtractYear
from django.utils import timezone

from accounts import policy
from complaints import workdays
from complaints.choices import HANDLING_STATUSES, OPEN_STATUSES, TRANSITIONS, Action, Status
from complaints.models import CalendarYear, Complaint, ComplaintQuerySet, Hotline
from complaints.privacy import with_personal_visibility


def complaints_for(user, action: str = "view") -> QuerySet:
    """The complaints a user reaches, with what every list shows and whether the complainant is shown."""
    queryset = Complaint.objects.for_user(user, action).select_related(
        "hotline", "region", "department", "enterprise"
    )
    return with_personal_visibility(queryset, user)


def complaints_for_enterprise(enterprise, user) -> QuerySet:
    """An enterprise's complaints for its quality record page (scoped, complainant masked)."""
    return complaints_for(user).filter(enterprise=enterprise)


def overdue(queryset: ComplaintQuerySet, today: dt.date | None = None) -> QuerySet:
    """Open complaints past the deadline they are waiting on."""
    today = today or timezone.localdate()
    return queryset.open().filter(due_on__lt=today)


def due_soon(queryset: ComplaintQuerySet, today: dt.date | None = None) -> QuerySet:
    """Open complaints whose deadline falls within their hotline's warning window (in working days)."""
    today = today or timezone.localdate()
    condition = Q(pk__in=[])
    for hotline in Hotline.objects.all():
        limit = workdays.add_working_days(today, hotline.warn_days)
        condition |= Q(hotline=hotline, due_on__lte=limit)
    return queryset.open().filter(condition, due_on__gte=today)


def provisional_year(complaint: Complaint, entered: set[int] | None = None) -> int | None:
    """The year a pending deadline reaches whose holidays nobody has entered (its deadline is provisional)."""
    if complaint.status not in OPEN_STATUSES or complaint.due_on is None:
        return None
    entered = workdays.entered_years() if entered is None else entered
    start = timezone.localdate(complaint.received_at).year
    missing = [year for year in range(start, complaint.due_on.year + 1) if year not in entered]
    return missing[0] if missing else None


def provisional_summary(queryset: ComplaintQuerySet) -> list[dict]:
    """Per year after the last one entered: how many pending deadlines in `queryset` reach into it.

    One query (the last entered year is a subquery), so the office's home page pays one query for the notice.
    Years are entered in order (from the library, then each new notice), so the years after the last one are
    the years not entered.
    """
    last = Coalesce(Subquery(CalendarYear.objects.order_by("-year").values("year")[:1]), Value(1000))
    # 1 January after the last year entered, as a date: the (status, due_on) index ranges over it, where a
    # comparison of the due year read every open order (50–80 ms of the complaints list at the large size).
    first_unentered = Cast(Concat(Cast(last + 1, CharField()), Value("-01-01")), DateField())
    rows = (
        queryset.open()
        .filter(due_on__gte=first_unentered)
        .annotate(due_year=ExtractYear("due_on"))
        .order_by()
        .values("due_year")
        .annotate(count=Count("pk"))
        .order_by("due_year")
    )
    return [{"year": row["due_year"], "count": row["count"]} for row in rows]


def steps_for(complaint: Complaint, user) -> list[str]:
    """The steps this user may take on the complaint now: status changes, then the actions that fit."""
    steps: list[str] = [] if complaint.paused_since else list(TRANSITIONS[complaint.status])
    if complaint.status in HANDLING_STATUSES:
        if complaint.paused_since:
            steps.append(Action.RESUME)
        else:
            steps += [Action.EXTEND, Action.PAUSE]
    if (
        complaint.status in OPEN_STATUSES
        and not complaint.supervised
        and policy.allowed(user, "complaints.supervise")
    ):
        steps.append(Action.SUPERVISE)
    if complaint.status == Status.CLOSED and not complaint.visited_on:
        steps.append(Action.VISIT)
    return steps
