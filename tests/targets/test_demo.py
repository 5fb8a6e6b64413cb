"""The demo data: every kind of status on the board, approvals in every state, and idempotent."""

import pytest

from accounts.demo import load_users
from core.registry import DemoContext
from targets import demo
from targets.models import Attainment, Measurement, PeriodClosure, Submission, TaskReport


@pytest.mark.django_db
def test_demo_gives_met_not_met_and_at_risk_targets_and_is_idempotent(reference, compute, city):
    ctx = DemoContext()
    load_users(ctx)
    assert demo.load(ctx).endswith("measurements")
    count = Measurement.objects.count()
    assert demo.load(ctx) == "already loaded" and Measurement.objects.count() == count
    m = Measurement.objects.filter(region__code="211103").first()
    assert m.history.get().history_user.username == "county-211103"
    compute()
    statuses = set(Attainment.objects.filter(region=city).values_list("status", flat=True))
    assert {"met", "not_met", "at_risk", "qualitative"} <= statuses
    assert set(Submission.objects.values_list("status", flat=True)) == {"approved", "submitted"}
    assert PeriodClosure.objects.filter(year=2014).exists()
    assert TaskReport.objects.filter(attachments__isnull=False).exists()
