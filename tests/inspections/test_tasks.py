"""The import job on a real Celery worker through Redis: upload → check → confirm → import, end to end."""

import time

import pytest
from django.core.files.base import ContentFile

from core.jobs import job_confirm
from core.models import Job, JobStatus
from inspections import services
from inspections.models import SpotCheckResult
from tests.inspections.workbooks import untidy_table


def wait_for(job: Job, statuses: set[str], attempts: int = 240) -> Job:
    for _ in range(attempts):
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.25)
    raise AssertionError(f"job #{job.pk} still {job.status}")


@pytest.mark.services
def test_import_job_validates_and_imports_on_a_worker(celery_worker, reference, office_user, food):
    job = services.import_job_create(
        file=ContentFile(untidy_table()),
        original_name="worker.xlsx",
        level="municipal",
        product_class=food,
        year=2015,
        user=office_user,
    )
    job = wait_for(job, {JobStatus.CHECKED, JobStatus.FAILED})
    assert job.status == JobStatus.CHECKED, job.errors
    assert job.started_at and job.finished_at and (job.done, job.total) == (5, 5)
    assert not SpotCheckResult.objects.exists()
    imported = wait_for(job_confirm(check=job, user=office_user), {JobStatus.SUCCEEDED, JobStatus.FAILED})
    assert imported.status == JobStatus.SUCCEEDED and imported.summary["created"] == 5
    assert set(SpotCheckResult.objects.values_list("import_job", flat=True)) == {imported.pk}
    assert SpotCheckResult.history.filter(history_user=office_user).count() == 5
