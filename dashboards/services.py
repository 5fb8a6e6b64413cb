"""Starting the statistics job from the web or the API, and cancelling a run no worker picked up."""

from __future__ import annotations

import logging
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import policy
from core import stats
from core.models import RunScope, RunStatus, RunTrigger, StatsRun
from core.tasks import recompute

logger = logging.getLogger(__name__)


def run_start(*, user, scope: str = RunScope.FULL) -> StatsRun:
    """Queue a recompute (full, or the current year only) for the worker; RunAlreadyActive when one is active,
    RunNotQueued when the broker cannot take it."""
    if not policy.allowed(user, "stats.run"):
        raise PermissionDenied("您的角色无权启动统计。")
    with transaction.atomic():
        run = stats.enqueue_run(trigger=RunTrigger.WEB, scope=RunScope(scope), user=user)
        # The worker must find the queued run, so queue the task only once it is committed.
        transaction.on_commit(partial(_send, run))
    if run.status == RunStatus.FAILED:
        raise stats.RunNotQueued(run.error)
    return run


def _send(run: StatsRun) -> None:
    """Hand the run to the broker; a run the broker cannot take fails at once and frees the lock."""
    try:
        recompute.delay(run.pk)
    except Exception as exc:
        logger.exception("could not queue statistics run %s", run.pk)
        error = (
            f"无法提交到后台任务队列（{exc.__class__.__name__}），统计未开始，已释放锁；"
            "请检查 Redis 和后台进程是否在运行，稍后重试。"
        )
        # Only a run still queued was refused by the broker (in-process tasks may have started it already).
        if StatsRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
            status=RunStatus.FAILED, error=error, finished_at=timezone.now()
        ):
            run.refresh_from_db()


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
