"""Reads of the action plan."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from accounts import policy
from plans.models import PlanItem
from targets.choices import ProgressStatus


def items_with_units() -> QuerySet[PlanItem]:
    return PlanItem.objects.select_related(
        "plan", "lead_department", "lead_region", "key_task"
    ).prefetch_related("supporting_departments", "supporting_regions")


def overdue_items(user, today: dt.date) -> QuerySet[PlanItem]:
    """Items past their deadline and not done, that the user reports on (its lead unit; the office: all)."""
    return (
        PlanItem.objects.for_user(user, policy.CHANGE)
        .filter(deadline__lt=today)
        .exclude(status=ProgressStatus.DONE)
    )
