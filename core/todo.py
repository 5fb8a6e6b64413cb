"""What a user must do next (待办事项): one registry, fed by every app.

Each app lists its kinds of to-do in its own `todo.py` (autodiscovered by core.apps), as functions that
take the user and today's date and yield `Todo`s already scoped by the policy (through `for_user`):

    @todo.source
    def overdue_complaints(user, today):
        qs = Complaint.objects.for_user(user, "change").overdue(today)
        if n := qs.count():
            yield todo.Todo("超期未办结的投诉", reverse("complaints:overdue"), count=n, urgent=True)

The to-do page reads `items_for`; the home pages' block and the count in the menu bar read `cached_items`
(kept a minute per user, forgotten when the user acts); the morning digest (`core.digest`) reads `items_for`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from core.models import Job, JobStatus

# Seconds the menu count and the home page block may lag behind the records (the to-do page never does).
CACHE_SECONDS = 60
# A check waits this long for “确认导入”; a result this long for its download.
CHECK_WAITS = datetime.timedelta(days=14)
RESULT_WAITS = datetime.timedelta(days=2)


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


def _cache_key(user) -> str:
    # The database and the account's creation time besides the id: ids repeat across databases sharing one
    # Redis (test workers) and after a user is deleted.
    database = settings.DATABASES["default"]["NAME"]
    return f"todo:{database}:{user.pk}:{user.date_joined.timestamp()}"


def cached_items(user) -> list[Todo]:
    """`items_for`, kept `CACHE_SECONDS` per user: the menu count on every page costs no query while it holds."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    cached = cache.get(_cache_key(user))
    if cached is not None and cached[0] == today:
        return cached[1]
    items = items_for(user, today)
    cache.set(_cache_key(user), (today, items), CACHE_SECONDS)
    return items


def forget(user) -> None:
    """After the user acted (approved, submitted, confirmed …): their next page counts afresh."""
    if getattr(user, "is_authenticated", False):
        cache.delete(_cache_key(user))


@source
def waiting_jobs(user, today: datetime.date):
    """The user's own import checks waiting for “确认导入”, and reports and exports ready to download."""
    if user.pk is None:
        return
    now = timezone.now()
    found = (
        Job.objects.for_user(user)
        .filter(user=user, finished_at__gte=now - CHECK_WAITS)
        .aggregate(
            checks=Count("pk", filter=Q(status=JobStatus.CHECKED, confirmed_by__isnull=True)),
            check=Max("pk", filter=Q(status=JobStatus.CHECKED, confirmed_by__isnull=True)),
            results=Count(
                "pk",
                filter=Q(status=JobStatus.SUCCEEDED, finished_at__gte=now - RESULT_WAITS) & ~Q(result=""),
            ),
        )
    )
    if found["checks"]:
        one = found["checks"] == 1
        url = (
            reverse("jobs:detail", args=[found["check"]]) if one else f"{reverse('jobs:list')}?status=checked"
        )
        yield Todo("导入检查已通过，待确认导入", url, count=found["checks"], area="任务")
    if found["results"]:
        yield Todo(
            "报告或导出已生成，可下载",
            f"{reverse('jobs:list')}?status=succeeded",
            count=found["results"],
            area="任务",
        )
