"""The complaints app's background job: checking or importing a hotline system's export."""

from __future__ import annotations

from django.urls import reverse

from complaints.models import Hotline
from complaints.resources import IMPORT_JOB, SheetError, import_complaints, summary_of
from core.freshness import refresh_after_commit
from core.jobs import JobRunner
from core.models import Job


class ComplaintImportRunner(JobRunner):
    """Check (a check-only job) or import a stored hotline export, everything or nothing."""

    kind = IMPORT_JOB
    label = "热线数据导入"
    capability = "complaints.import"
    start_page = ("导入热线数据", "complaints:import")

    def run(self) -> None:
        job = self.job
        hotline = Hotline.objects.get(code=job.params["hotline"])
        try:
            with job.file.open("rb") as handle:
                report = import_complaints(
                    file=handle,
                    hotline=hotline,
                    user=job.user,
                    file_name=job.name,
                    dry_run=job.check_only,
                    batch=job,
                    progress=self.progress,
                )
        except SheetError as exc:
            self.fail([exc.row_error])
            return
        job.total = report.rows
        if report.errors:
            self.fail(report.errors)  # a refused import wrote nothing, so it counts nothing
            job.summary = summary_of(report) | {"created": 0, "skipped": 0}
            return
        job.summary = summary_of(report)
        if not job.check_only:
            refresh_after_commit(f"导入热线数据（任务 #{job.pk}）")

    @classmethod
    def describe(cls, job: Job) -> list[tuple[str, str]]:
        return [("热线", job.params.get("hotline", ""))]

    @classmethod
    def result_url(cls, job: Job) -> str | None:
        return None if job.check_only else f"{reverse('complaints:complaint_list')}?status=received"
