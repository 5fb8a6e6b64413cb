"""Reads: complaints as a user may see them (personal data masked), overdue and due-soon lists."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from complaints import workdays
from complaints.models import Complaint, ComplaintQuerySet, Hotline
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
