"""Background work of the assessment app: report generation."""

from __future__ import annotations

from celery import shared_task

from assessments import reports
from assessments.models import ReportJob
from core.models import RunStatus


@shared_task(name="assessments.tasks.build_report")
def build_report(job_id: int) -> dict:
    """Generate a queued report job's file; a job already done is left alone, so re-running is safe."""
    job = ReportJob.objects.filter(pk=job_id).select_related("scheme", "region", "requested_by").first()
    if job is None or job.status == RunStatus.SUCCEEDED:
        return {"status": "skipped", "job": job_id}
    job = reports.run_job(job)
    return {"status": job.status, "job": job.pk}
