"""Celery tasks of the shared machinery: the nightly recompute and every background job."""

from __future__ import annotations

from celery import shared_task

from core import freshness, stats
from core.jobs import job_run
from core.models import Job, JobStatus, RunScope, RunStatus, RunTrigger, StatsRun


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


@shared_task(name="core.tasks.refresh_current")
def refresh_current() -> dict:
    """The current-year recompute that changes queued (core.freshness): one run for a burst of changes."""
    reason = freshness.take_pending()
    try:
        run = stats.enqueue_run(trigger=RunTrigger.CHANGE, scope=RunScope.CURRENT, reason=reason)
    except stats.RunAlreadyActive:
        # A run holds the lock and may have read the data before the change: try again shortly.
        freshness.schedule(reason)
        return {"status": "deferred", "reason": reason}
    run = stats.execute_run(run)
    return {"status": run.status, "run": run.pk, "reason": reason}


@shared_task(name="core.tasks.run_job")
def run_job(job_id: int) -> dict:
    """Run a queued job with its kind's runner; a job no longer queued is left alone, so a re-run is harmless."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return {"status": "skipped", "job": job_id}
    queued = job.status == JobStatus.QUEUED
    job = job_run(job)
    return {"status": job.status if queued else "skipped", "job": job.pk, "errors": job.error_count}


@shared_task(name="core.tasks.ping")
def ping(value: int) -> int:
    """A trivial task for checking that a worker answers through the broker."""
    return value + 1
