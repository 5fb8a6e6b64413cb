"""The small demo: plans drawn and verifiable, results with history, idempotent."""

import pytest

from core.models import Job, JobStatus
from core.registry import DemoContext, demo_loaders
from inspections import services
from inspections.choices import PlanStatus
from inspections.models import AcceptanceRecord, InspectionPlan, SpotCheckResult

pytestmark = pytest.mark.django_db


def load(ctx: DemoContext) -> None:
    for name, func in demo_loaders():
        if name.split(".")[0] in ("accounts", "organizations", "inspections"):
            func(ctx)


def test_small_demo_loads_once(reference, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo12345")
    load(DemoContext())
    results = SpotCheckResult.objects.count()
    assert 3000 <= results < 4000
    assert SpotCheckResult.history.count() == results
    assert AcceptanceRecord.objects.count() == 300
    assert Job.objects.get(kind=services.IMPORT_JOB).status == JobStatus.SUCCEEDED
    published = InspectionPlan.objects.get(status=PlanStatus.PUBLISHED)
    assert published.picks.exists() and services.plan_verify(plan=published) == (True, [])
    load(DemoContext())
    assert SpotCheckResult.objects.count() == results and InspectionPlan.objects.count() == 3
