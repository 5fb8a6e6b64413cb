"""The nightly step: `assessments.total_score` for announced years only (metric contract)."""

from decimal import Decimal

import pytest

from assessments.stats import total_score
from core import stats
from core.models import Statistic, StatsRun

pytestmark = pytest.mark.django_db


def run_step(years=None) -> StatsRun:
    run = StatsRun.objects.create(status="succeeded")  # not "running": the lock allows one at a time
    ctx = stats.StepContext(run=run, years=years)
    total_score(ctx)
    return run


def test_step_is_registered_with_its_sources():
    step = next(s for s in stats.registered_steps() if s.name == "assessments.total_score")
    assert step.sources == ("assessments.Assessment",)


def test_total_score_is_written_per_county_for_announced_years(announced, office_user, counties):
    from assessments import services

    services.stage_advance(
        scheme=services.scheme_copy(source=announced, year=2016, user=office_user), user=office_user
    )
    run = run_step()
    rows = Statistic.objects.filter(run=run, metric="assessments.total_score")
    assert rows.count() == len(counties)  # 2016 is not announced: nothing for it, and no city row
    by_region = {r.region.code: r for r in rows.select_related("region")}
    for assessment in announced.assessments.select_related("region"):
        row = by_region[assessment.region.code]
        assert (row.period, row.dim1, row.value) == ("2015", assessment.grade, assessment.total)
    assert by_region["2111A2"].dim1 == "D" and by_region["2111A2"].value == Decimal("90.0")


def test_total_score_covers_only_the_years_asked_for(announced):
    assert not Statistic.objects.filter(run=run_step(years=[2016])).exists()
    assert Statistic.objects.filter(run=run_step(years=[2015])).count() == announced.assessments.count()
