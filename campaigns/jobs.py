"""The campaigns app's background job: checking or importing a campaign's cases from Excel."""

from __future__ import annotations

from django.urls import reverse

from campaigns.importing import import_cases
from campaigns.models import Campaign
from core.jobs import JobRunner
from core.models import Job

IMPORT_JOB = "campaigns.import"


class CaseImportRunner(JobRunner):
    """Check (a check-only job) or import a stored table of cases, everything or nothing."""

    kind = IMPORT_JOB
    label = "案件导入"
    capability = "campaigns.enter_cases"
    start_page = ("专项行动", "campaigns:campaign_list")

    def run(self) -> None:
        job = self.job
        campaign = Campaign.objects.get(pk=job.params["campaign"])
        with job.file.open("rb") as handle:
            report = import_cases(handle, campaign=campaign, user=job.user, dry_run=job.check_only)
        job.total = report.rows
        job.summary = {"rows": report.rows, "created": report.created, "skipped": 0}
        if report.errors:
            self.fail(report.errors)

    @classmethod
    def describe(cls, job: Job) -> list[tuple[str, str]]:
        name = Campaign.objects.filter(pk=job.params.get("campaign")).values_list("name", flat=True).first()
        return [("专项行动", name or "")]

    @classmethod
    def result_url(cls, job: Job) -> str | None:
        if job.check_only:
            return None
        return f"{reverse('campaigns:case_list')}?campaign={job.params.get('campaign')}"
