"""Celery tasks of the complaints app: thin wrappers that load a job and call its service."""

from __future__ import annotations

import logging

from celery import shared_task

from complaints.choices import ImportStatus
from complaints.models import ImportBatch
from complaints.resources import import_job_finish, import_job_run

logger = logging.getLogger(__name__)


@shared_task(name="complaints.tasks.run_import")
def run_import(job_id: int) -> dict:
    """Check or import a queued hotline export; a job already finished is left alone, so a re-run is harmless."""
    job = (
        ImportBatch.objects.filter(pk=job_id, status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING])
        .select_related("hotline", "created_by")
        .first()
    )
    if job is None:
        return {"status": "skipped", "job": job_id}
    try:
        job = import_job_run(job=job)
    except Exception as exc:
        # An unreadable file (not a spreadsheet) or a bug: the job page says so instead of spinning forever.
        logger.exception("complaints import job %s failed", job_id)
        job = import_job_finish(
            job=job,
            status=ImportStatus.FAILED,
            errors=[f"文件 · — · 处理失败：{exc.__class__.__name__}: {exc}"],
        )
    return {"status": job.status, "job": job.pk, "rows": job.rows, "errors": len(job.errors)}
