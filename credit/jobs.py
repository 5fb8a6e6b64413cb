"""The credit app's background job: checking or importing a table of administrative penalties."""

from __future__ import annotations

from django.urls import reverse

from core.freshness import refresh_after_commit
from core.jobs import JobRunner, job_enqueue
from core.models import Job
from credit.importing import IMPORT_JOB, SheetError, import_penalties


class PenaltyImportRunner(JobRunner):
    """Check (a check-only job) or import a stored penalty table, everything or nothing."""

    kind = IMPORT_JOB
    label = "行政处罚导入"
    capability = "credit.enter"
    start_page = ("导入行政处罚", "credit:penalty_import")

    def run(self) -> None:
        job = self.job
        try:
            with job.file.open("rb") as handle:
                report = import_penalties(file=handle, user=job.user, dry_run=job.check_only, batch=job)
        except SheetError as exc:
            self.fail([exc.row_error])
            return
        job.total = report.rows
        if report.errors:
            self.fail(report.errors)
            job.summary = {"rows": report.rows, "created": 0, "skipped": 0}
            return
        job.summary = {"rows": report.rows, "created": len(report.new), "skipped": report.skipped}
        if not job.check_only and report.new:
            refresh_after_commit(f"导入行政处罚（任务 #{job.pk}）")

    @classmethod
    def result_url(cls, job: Job) -> str | None:
        return None if job.check_only else reverse("credit:penalty_list")


def penalty_import_create(*, file, user, dry_run: bool) -> Job:
    """Keep an uploaded penalty table as a queued job; after commit a worker checks or imports it."""
    return job_enqueue(kind=IMPORT_JOB, user=user, name=file.name, file=file, check_only=dry_run)
