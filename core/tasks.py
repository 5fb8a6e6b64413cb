"""Celery tasks of the shared machinery: the nightly recompute."""

from __future__ import annotations

from celery import shared_task

from core import stats
from core.models import RunScope, RunStatus, RunTrigger, StatsRun


@shared_task(name="core.tasks.recompute")
def recompute(run_id: int | None = None, trigger: str = RunTrigger.BEAT, scope: str = RunScope.FULL) -> dict:
    """Run a queued run (started from the web), or take the lock and run now (beat). Safe to re-run."""
    if run_id is None:
        try:
            run = stats.enqueue_run(trigger=trigger, scope=scope)
        except stats.RunAlreadyActive as exc:
            return {"status": "skipped", "reason": str(exc)}
    else:
        run = StatsRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).first()
        if run is None:
            return {"status": "skipped", "reason": f"run {run_id} is not queued"}
    run = stats.execute_run(run)
    return {"status": run.status, "run": run.pk, "rows": run.rows}


@shared_task(name="core.tasks.ping")
def ping(value: int) -> int:
    """A trivial task for checking that a worker answers through the broker."""
    return value + 1
