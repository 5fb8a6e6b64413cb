"""The assessment app's background job: generating a report file."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.urls import reverse

from assessments import reports
from assessments.choices import ReportFormat
from core.jobs import JobRunner
from core.models import Job


class ReportRunner(JobRunner):
    """Build the PDF or Excel file of a report the user asked for; the file is the job's result."""

    kind = reports.REPORT_JOB
    label = "报告生成"
    capability = "reports.download"
    start_page = ("报告下载", "assessments:report_list")

    def run(self) -> None:
        report = reports.Report.of_job(self.job)
        self.progress(10, 100)
        content = reports.build(report, lambda percent: self.progress(percent))
        self.job.result.save(f"report-{self.job.pk}.{report.fmt}", ContentFile(content), save=False)

    @classmethod
    def describe(cls, job: Job) -> list[tuple[str, str]]:
        return [("格式", str(ReportFormat(job.params["fmt"]).label))]

    @classmethod
    def result_url(cls, job: Job) -> str | None:
        return reverse("assessments:report_list")
