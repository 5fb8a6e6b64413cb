"""Celery tasks of the inspections app: thin wrappers that load a job and call its service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from inspections import services
from inspections.choices import ImportStatus
from inspections.models import ImportJob

logger = logging.getLogger(__name__)


@shared_task(name="inspections.tasks.run_import")
def run_import(job_id: int, commit: bool) -> dict:
    """Validate (commit=False) or import (commit=True) a queued job; a job no longer queued is left alone."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).first()
    if job is None:
        return {"status": "skipped", "job": job_id}
    try:
        job = services.import_job_run(job=job, commit=commit)
    except Exception as exc:
        logger.exception("import job %s failed", job_id)
        job.status = ImportStatus.FAILED
        job.errors = [{"row": 0, "column": "", "message": f"处理失败：{exc.__class__.__name__}: {exc}"}]
        job.error_count = 1
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "errors", "error_count", "finished_at"])
    return {"status": job.status, "job": job.pk, "rows": job.total_rows, "errors": job.error_count}
