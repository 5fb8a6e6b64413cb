"""Starting the statistics job from the web or the API, and cancelling a run no worker picked up."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import policy
from core import stats
from core.models import RunScope, RunStatus, RunTrigger, StatsRun
from core.tasks import recompute


@transaction.atomic
def run_start(*, user, scope: str = RunScope.FULL) -> StatsRun:
    """Queue a recompute (full, or the current year only) for the worker; RunAlreadyActive when one is active."""
    if not policy.allowed(user, "stats.run"):
        raise PermissionDenied("您的角色无权启动统计。")
    run = stats.enqueue_run(trigger=RunTrigger.WEB, scope=RunScope(scope), user=user)
    # The worker must find the queued run, so queue the task only once it is committed.
    transaction.on_commit(partial(recompute.delay, run.pk))
    return run


def run_cancel(*, user, run: StatsRun) -> StatsRun:
    """Mark a queued run failed so the lock frees (no worker took it); a run already started cannot be cancelled."""
    if not policy.allowed(user, "stats.run"):
        raise PermissionDenied("您的角色无权取消统计。")
    # Conditional: a worker claiming the run at the same moment wins, and the run goes on.
    cancelled = StatsRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.FAILED, error=f"已由 {user} 取消", finished_at=timezone.now()
    )
    run.refresh_from_db()
    if not cancelled:
        raise ValidationError(
            f"统计运行 #{run.pk} 当前状态为“{run.get_status_display()}”，只能取消排队中的运行。"
        )
    return run
