"""The demo data: every kind of status on the board, approvals in every state, and idempotent."""

import pytest

from accounts.demo import load_users
from core.registry import DemoContext
from core.stats import StepContext
from surveys import demo as surveys_demo
from surveys.stats import satisfaction
from targets import demo
from targets.models import Attainment, Measurement, PeriodClosure, Submission, TaskReport


@pytest.mark.django_db
def test_demo_gives_met_not_met_and_at_risk_targets_and_is_idempotent(reference, compute, city, stats_run):
    ctx = DemoContext()
    load_users(ctx)
    # The satisfaction indices (生活性服务业 2015 misses 80: not met) come from the surveys demo and its step.
    surveys_demo.load(ctx)
    satisfaction(StepContext(run=stats_run))
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
