"""The action plan's to-dos: items past their deadline and not done, for their lead unit and the office."""

from __future__ import annotations

from django.urls import reverse

from core import todo
from plans.selectors import overdue_items


@todo.source
def overdue_plan_items(user, today):
    items = overdue_items(user, today)
    if n := items.count():
        first = items.order_by("deadline").values_list("deadline", flat=True).first()
        yield todo.Todo(
            "行动计划任务超过完成时限未完成",
            f"{reverse('plans:item_list')}?overdue=true&mine=true",
            count=n,
            due=first,
            urgent=True,
            area="行动计划",
        )
