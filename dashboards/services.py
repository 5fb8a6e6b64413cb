"""Starting the statistics job from the web or the API."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts import policy
from core import stats
from core.models import RunScope, RunTrigger, StatsRun
from core.tasks import recompute


@transaction.atomic
def start_run(*, user, scope: str = RunScope.FULL) -> StatsRun:
    """Queue a recompute (full, or the current year only) for the worker; RunAlreadyActive when one is active."""
    if not policy.allowed(user, "stats.run"):
        raise PermissionDenied("您的角色无权启动统计。")
    run = stats.enqueue_run(trigger=RunTrigger.WEB, scope=RunScope(scope), user=user)
    # The worker must find the queued run, so queue the task only once it is committed.
    transaction.on_commit(partial(recompute.delay, run.pk))
    return run
