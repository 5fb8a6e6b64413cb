"""Work orders the user's unit must act on: overdue, or due within two working days (the holiday calendar's
working days). The unit is the policy's change scope: the office all, a department its own orders, a county
the orders assigned to it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, F, When
from django.urls import reverse

from complaints import workdays
from complaints.models import Complaint
from core import todo

SOON_WORKING_DAYS = 2


@todo.source
def complaints_due(user, today: dt.date):
    # One query: overdue orders as one group (None), the others by deadline up to the farthest the two working
    # days can reach; the holiday calendar is read only when some deadline is ahead.
    horizon = today + dt.timedelta(days=workdays.window(SOON_WORKING_DAYS))
    groups = dict(
        Complaint.objects.for_user(user, "change")
        .open()
        .filter(due_on__lte=horizon)
        .annotate(day=Case(When(due_on__lt=today, then=None), default=F("due_on")))
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    url = reverse("complaints:overdue")
    overdue = groups.pop(None, 0)
    if overdue:
        yield todo.Todo("超期未办的投诉工单", url, count=overdue, urgent=True, area="投诉")
    if groups:
        soon = workdays.add_working_days(today, SOON_WORKING_DAYS)
        if n := sum(count for day, count in groups.items() if day <= soon):
            label = f"{SOON_WORKING_DAYS}个工作日内到期的投诉工单"
            yield todo.Todo(label, f"{url}?state=due_soon", count=n, due=soon, area="投诉")
