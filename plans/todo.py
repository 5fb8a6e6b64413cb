"""The action plan's to-dos: items past their deadline and not done, for their lead unit and the office."""

from __future__ import annotations

from django.db.models import Count, Min
from django.urls import reverse

from core import todo
from plans.selectors import overdue_items


@todo.source
def overdue_plan_items(user, today):
    found = overdue_items(user, today).aggregate(n=Count("pk"), first=Min("deadline"))
    if n := found["n"]:
        yield todo.Todo(
            "行动计划任务超过完成时限未完成",
            f"{reverse('plans:item_list')}?overdue=true&mine=true",
            count=n,
            due=found["first"],
            urgent=True,
            area="行动计划",
        )
