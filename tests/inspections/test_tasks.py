"""The import job on a real Celery worker through Redis."""

import time

import pytest
from django.core.files.base import ContentFile

from inspections import services
from inspections.choices import ImportStatus
from inspections.models import ImportJob, SpotCheckResult
from tests.inspections.workbooks import untidy_table


def wait_for(job: ImportJob, statuses: set[str], attempts: int = 240) -> ImportJob:
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
    job = wait_for(job, {ImportStatus.VALIDATED, ImportStatus.INVALID, ImportStatus.FAILED})
    assert job.status == ImportStatus.VALIDATED, job.errors
    assert not SpotCheckResult.objects.exists()
    services.import_job_confirm(job=job, user=office_user)
    job = wait_for(job, {ImportStatus.IMPORTED, ImportStatus.INVALID, ImportStatus.FAILED})
    assert job.status == ImportStatus.IMPORTED and job.imported_rows == 5
    assert SpotCheckResult.history.filter(history_user=office_user).count() == 5
