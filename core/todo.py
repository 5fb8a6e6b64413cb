"""What a user must do next (待办事项): one registry, fed by every app.

Each app lists its kinds of to-do in its own `todo.py` (autodiscovered by core.apps), as functions that
take the user and today's date and yield `Todo`s already scoped by the policy (through `for_user`):

    @todo.source
    def overdue_complaints(user, today):
        qs = Complaint.objects.for_user(user, "change").overdue(today)
        if n := qs.count():
            yield todo.Todo("超期未办结的投诉", reverse("complaints:overdue"), count=n, urgent=True)

The home page, the count in the menu bar and the morning digest all read `items_for`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Todo:
    """One line of a to-do list: what to do, where it is done, how many, by when."""

    label: str
    url: str
    count: int = 1
    due: datetime.date | None = None
    # True for what is already late (overdue complaints, a missed deadline): listed first, shown in red.
    urgent: bool = False
    # The area it belongs to (“目标”, “投诉” …), for grouping on the page and in the digest.
    area: str = ""


Source = Callable[[object, datetime.date], Iterable[Todo]]
_SOURCES: list[Source] = []


def source(fn: Source) -> Source:
    """Register a function (user, today) -> Todo items."""
    _SOURCES.append(fn)
    return fn


def items_for(user, today: datetime.date | None = None) -> list[Todo]:
    """Every to-do of the user, urgent first, then by due date (undated last)."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = today or timezone.localdate()
    items = [item for fn in _SOURCES for item in fn(user, today) if item.count > 0]
    return sorted(items, key=lambda t: (not t.urgent, t.due or datetime.date.max, t.area, t.label))
