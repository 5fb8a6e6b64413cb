"""The dashboards API: the current run's statistics and the run log, with the same scoping as the pages."""

from __future__ import annotations

import pytest

from core.models import RunScope, RunStatus, StatsRun
from tests.dashboards.factories import StatsRunFactory

STATISTICS = "/api/v1/dashboards/statistics/"
RUNS = "/api/v1/dashboards/runs/"


@pytest.mark.django_db
def test_statistics_require_sign_in(api_for, current_figures):
    assert api_for(None).get(STATISTICS).status_code in (401, 403)


@pytest.mark.django_db
def test_statistics_filtered_by_metric_region_and_period(api_for, office_user, current_figures, county):
    response = api_for(office_user).get(
        STATISTICS, {"metric": "inspections.pass_rate", "region": county.code, "period": "2015"}
    )
    assert response.status_code == 200
    [row] = [r for r in response.json()["results"] if r["dim1"] == r["dim2"] == ""]
    assert row["region"] == "211103" and row["rate"] == "95.00" and row["numerator"] == "950.0000"
    assert row["computed_at"] is not None


@pytest.mark.django_db
def test_statistics_only_of_the_current_run(api_for, office_user, current_figures):
    StatsRunFactory(is_current=False)
    runs = {
        r["computed_at"] for r in api_for(office_user).get(STATISTICS, {"page_size": 1000}).json()["results"]
    }
    assert len(runs) == 1


@pytest.mark.django_db
def test_county_user_gets_own_and_city_statistics_only(api_for, county_user, current_figures):
    regions = {
        r["region"]
        for r in api_for(county_user).get(STATISTICS, {"year": 2015, "page_size": 1000}).json()["results"]
    }
    assert regions == {"211103", "211100"}


@pytest.mark.django_db
def test_department_user_gets_city_statistics_only(api_for, department_user, current_figures):
    regions = {
        r["region"] for r in api_for(department_user).get(STATISTICS, {"page_size": 1000}).json()["results"]
    }
    assert regions == {"211100"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "visible"), [("office", 1), ("leader", 1), ("admin", 1), ("county", 0), ("department", 0)]
)
def test_run_log_by_role(api_for, role_users, role, visible):
    StatsRunFactory()
    response = api_for(role_users[role]).get(RUNS)
    assert response.status_code == 200 and response.json()["count"] == visible


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["leader", "county", "department"])
def test_starting_a_run_refused_without_the_capability(api_for, role_users, role):
    assert api_for(role_users[role]).post(RUNS, {"scope": "full"}, format="json").status_code == 403
    assert not StatsRun.objects.exists()


@pytest.mark.django_db
def test_starting_a_run_refused_for_anonymous(api_for):
    assert api_for(None).post(RUNS, {"scope": "full"}, format="json").status_code in (401, 403)
    assert not StatsRun.objects.exists()


@pytest.mark.django_db
def test_office_starts_a_run_through_the_api(
    isolated_steps, api_for, office_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_for(office_user).post(RUNS, {"scope": "current"}, format="json")
    assert response.status_code == 202 and response.json()["scope"] == "current"
    run = StatsRun.objects.get(pk=response.json()["id"])
    assert (run.status, run.scope, run.started_by) == (RunStatus.SUCCEEDED, RunScope.CURRENT, office_user)


@pytest.mark.django_db
def test_starting_a_run_while_one_is_active_answers_409(isolated_steps, api_for, office_user):
    from core import stats

    stats.enqueue_run(trigger="beat")
    response = api_for(office_user).post(RUNS, {"scope": "full"}, format="json")
    assert response.status_code == 409 and "正在运行" in response.json()["detail"]
    assert StatsRun.objects.count() == 1


@pytest.mark.django_db
def test_bad_scope_answers_400(api_for, office_user):
    assert api_for(office_user).post(RUNS, {"scope": "weekly"}, format="json").status_code == 400
