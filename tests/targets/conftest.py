"""Fixtures of the targets tests: a current statistics run, and the targets step run on it.

Producer apps are built alongside; tests write the Statistic rows they would write (the metric contract)
and run only this app's step, so a colleague's half-built step cannot break them.
"""

from decimal import Decimal

import pytest
from django.utils import timezone

from core.models import RunStatus, Statistic, StatsRun
from core.stats import StepContext, rate
from targets.models import Attainment
from targets.stats import attainment


@pytest.fixture
def stats_run(reference):
    now = timezone.now()
    return StatsRun.objects.create(
        status=RunStatus.SUCCEEDED, is_current=True, started_at=now, finished_at=now
    )


@pytest.fixture
def write_statistic(stats_run):
    """`write_statistic(metric, region, period, value=None, numerator=None, denominator=None, **dims)`."""

    def write(metric, region, period, value=None, numerator=None, denominator=None, **dims):
        if value is None and denominator is not None:
            value = rate(numerator, denominator)
        return Statistic.objects.create(
            run=stats_run,
            metric=metric,
            region=region,
            period=period,
            value=None if value is None else Decimal(str(value)),
            numerator=numerator,
            denominator=denominator,
            **dims,
        )

    return write


@pytest.fixture
def compute(stats_run):
    """Run the attainment step on the current run; returns a lookup `status(target, region, year)`."""

    def run(years=None):
        Attainment.objects.filter(run=stats_run).delete()
        Statistic.objects.filter(run=stats_run, metric__startswith="targets.").delete()
        attainment(StepContext(run=stats_run, years=years))
        return lambda code, region, year: Attainment.objects.get(
            run=stats_run, target__code=code, region=region, period=str(year)
        )

    return run
