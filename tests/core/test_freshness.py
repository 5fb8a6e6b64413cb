"""Figures fresh minutes after a change (issue 15, item 4): a change queues a current-year recompute after its
commit, a burst of changes makes one run, and the dashboards say when and why the figures last changed."""

import time

import pytest
from django.core.cache import cache

from complaints import services as complaint_services
from core import freshness, stats
from core.models import RunScope, RunStatus, RunTrigger, StatsRun
from tests.complaints.factories import ComplaintFactory


def wait_for_change_runs(count: int = 1, timeout: float = 180) -> list[StatsRun]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = list(StatsRun.objects.filter(trigger=RunTrigger.CHANGE).order_by("pk"))
        if len(runs) >= count and all(r.status in (RunStatus.SUCCEEDED, RunStatus.FAILED) for r in runs):
            return runs
        time.sleep(0.5)
    raise AssertionError(f"no finished change run within {timeout} s: {list(StatsRun.objects.values())}")


@pytest.mark.services
def test_a_burst_of_complaint_steps_makes_one_current_year_run_that_the_dashboard_explains(
    celery_worker, reference, office_user, client_for, monkeypatch
):
    monkeypatch.setattr(freshness, "REFRESH_DELAY_S", 4)
    cache.delete(freshness._key("pending"))
    nightly = stats.run_now()
    complaints = [ComplaintFactory() for _ in range(4)]
    assert not StatsRun.objects.filter(
        trigger=RunTrigger.CHANGE
    ).exists()  # receiving alone is not a step here

    for complaint in complaints[:3]:  # each step commits on its own, as three clicks would
        complaint_services.complaint_transition(complaint=complaint, to="accepted", user=office_user)

    (run,) = wait_for_change_runs()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.scope == RunScope.CURRENT and run.is_current
    # The burst coalesced into one run, and it names the last change it covers.
    assert run.reason == f"工单 {complaints[2].number} 已受理"
    nightly.refresh_from_db()
    assert not nightly.is_current
    page = client_for(office_user).get("/dashboards/").content.decode()
    assert f"统计运行 #{run.pk}，因工单 {complaints[2].number} 已受理而更新" in page

    # A change after the run has started queues the next one.
    complaint_services.complaint_transition(
        complaint=complaints[3], to="rejected", user=office_user, reason="重复投诉"
    )
    runs = wait_for_change_runs(2)
    assert len(runs) == 2 and runs[1].reason == f"工单 {complaints[3].number} 不予受理"


@pytest.mark.django_db
def test_without_a_broker_a_change_schedules_nothing(
    reference, office_user, django_capture_on_commit_callbacks
):
    """Tests (and `make run`) run tasks eagerly: a change must not recompute inside the request."""
    complaint = ComplaintFactory()
    with django_capture_on_commit_callbacks(execute=True):
        complaint_services.complaint_transition(complaint=complaint, to="accepted", user=office_user)
    assert not StatsRun.objects.exists()
