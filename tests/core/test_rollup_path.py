"""The one roll-up path: every statistics step counts 大洼县 for 大洼区 (and the city) through core.stats."""

import datetime as dt
import re
from decimal import Decimal as D
from pathlib import Path

import pytest

from core import stats
from inspections.stats import first_acceptance_totals
from organizations.models import Region
from targets.models import Indicator
from targets.stats import build_series
from tests.dashboards.factories import StatsRunFactory
from tests.inspections.factories import AcceptanceRecordFactory
from tests.targets.factories import MeasurementFactory

ROOT = Path(__file__).resolve().parents[2]
COVERAGE = "agri_standard_coverage"


def test_no_app_stats_module_maps_a_region_to_its_successor_itself():
    modules = [path for path in ROOT.glob("*/stats.py") if path.parent.name != "core"]
    assert len(modules) >= 5
    for path in modules:
        # A lookup or column of Region.successor (docstrings may name successors).
        assert not re.search(r"successor(_id|__)|__successor", path.read_text(encoding="utf-8")), path


def test_month_periods_without_the_month():
    assert stats.month_periods(201511, months=False) == ("2015", "2015-Q4")


@pytest.fixture
def dawa(reference):
    """大洼县 (before 2016) and its successor 大洼区."""
    return Region.objects.get(code="211121"), Region.objects.get(code="211104")


@pytest.mark.django_db
def test_counted_as_without_the_city_keeps_only_the_successor(dawa, city):
    old, new = dawa
    counted = stats.counted_as(city=False)
    assert counted[old.pk] == (new.pk,)
    assert counted[new.pk] == (new.pk,)
    assert counted[city.pk] == (city.pk,)


@pytest.mark.django_db
def test_first_acceptance_of_the_old_county_counts_for_its_successor_and_the_city(dawa, city):
    old, new = dawa
    AcceptanceRecordFactory(region=old, accepted_on=dt.date(2015, 11, 3))
    AcceptanceRecordFactory(region=new, accepted_on=dt.date(2015, 11, 20), first_time_passed=False)
    totals = first_acceptance_totals([2015])
    assert totals[(new.pk, "2015-Q4", "large", "")] == [1, 2]
    assert totals[(city.pk, "2015", "", "")] == [1, 2]
    assert not [key for key in totals if key[0] == old.pk]
    assert {key[1] for key in totals} == {"2015", "2015-Q4"}  # published by quarter and year only


@pytest.mark.django_db
def test_a_record_of_the_city_itself_counts_once_for_the_city(city):
    AcceptanceRecordFactory(region=city, accepted_on=dt.date(2015, 5, 1))
    assert first_acceptance_totals()[(city.pk, "2015", "", "")] == [1, 1]


@pytest.mark.django_db
def test_old_and_new_county_entries_of_one_period_become_one_figure(dawa):
    old, new = dawa
    MeasurementFactory(indicator=COVERAGE, region=old, period="2015", value=30, numerator=3, denominator=10)
    MeasurementFactory(indicator=COVERAGE, region=new, period="2015", value=40, numerator=4, denominator=10)
    # A pair without rate parts makes the summed parts unknown, not half a sum.
    MeasurementFactory(indicator=COVERAGE, region=old, period="2014", value=30, numerator=3, denominator=10)
    MeasurementFactory(indicator=COVERAGE, region=new, period="2014", value=40)
    indicator = Indicator.objects.get(code=COVERAGE)
    series = build_series(StatsRunFactory(), [indicator], dt.date(2016, 6, 1))
    assert (indicator.pk, old.pk) not in series
    years = series[(indicator.pk, new.pk)]
    assert (years[2015].value, years[2015].numerator, years[2015].denominator) == (D(70), D(7), D(20))
    assert (years[2014].value, years[2014].numerator, years[2014].denominator) == (D(70), None, None)
