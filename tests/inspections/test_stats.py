"""The nightly step: pass rates and first-acceptance rates match a count by hand."""

import datetime as dt
from decimal import Decimal

import pytest

from core import stats
from core.models import Statistic
from inspections.choices import Conclusion, Level, ProjectSize
from inspections.models import ProductClass
from organizations.models import Region
from tests.inspections.factories import AcceptanceRecordFactory, SpotCheckResultFactory

pytestmark = pytest.mark.django_db


def figure(metric, region, period, dim1="", dim2=""):
    row = Statistic.objects.current().get(
        metric=metric, region__code=region, period=period, dim1=dim1, dim2=dim2
    )
    return row.numerator, row.denominator, row.value


@pytest.fixture
def results(reference):
    xlt = Region.objects.get(code="211103")
    old_dawa = Region.objects.get(code="211121")
    rice = ProductClass.objects.get(code="rice_products")
    manufacturing = ProductClass.objects.get(code="manufacturing")
    make = SpotCheckResultFactory.create_batch
    # 兴隆台区, 2015-03, municipal food: 3 passed, 1 failed, 1 refused (not tested).
    make(3, region=xlt, sampled_on=dt.date(2015, 3, 5))
    make(1, region=xlt, sampled_on=dt.date(2015, 3, 6), conclusion=Conclusion.FAIL)
    make(1, region=xlt, sampled_on=dt.date(2015, 3, 7), conclusion=Conclusion.NOT_TESTED)
    # 兴隆台区, 2015-05, provincial rice (a finer class of food): 1 passed, 1 failed.
    make(1, region=xlt, sampled_on=dt.date(2015, 5, 5), level=Level.PROVINCIAL, product_class=rice)
    make(
        1,
        region=xlt,
        sampled_on=dt.date(2015, 5, 5),
        level=Level.PROVINCIAL,
        product_class=rice,
        conclusion=Conclusion.FAIL,
    )
    # 大洼县 (old code), 2015-11, national manufacturing: 4 passed.
    make(
        4, region=old_dawa, sampled_on=dt.date(2015, 11, 1), level=Level.NATIONAL, product_class=manufacturing
    )
    # 2016, 兴隆台区: 1 passed.
    make(1, region=xlt, sampled_on=dt.date(2016, 1, 2))


def test_pass_rates_match_a_count_by_hand(results):
    run = stats.run_now()
    assert run.status == "succeeded", run.error
    metric = "inspections.pass_rate"
    # 兴隆台区 March: 3 of 4 tested (the refused sample is excluded).
    assert figure(metric, "211103", "2015-03") == (Decimal(3), Decimal(4), Decimal("75.00"))
    # The quarter and the year are the sums of their months.
    assert figure(metric, "211103", "2015-Q1")[:2] == (3, 4)
    assert figure(metric, "211103", "2015") == (Decimal(4), Decimal(6), Decimal("66.67"))
    # By level; rice counts for itself and for food.
    assert figure(metric, "211103", "2015", "provincial", "rice_products")[:2] == (1, 2)
    assert figure(metric, "211103", "2015", "provincial", "food")[:2] == (1, 2)
    assert figure(metric, "211103", "2015", "municipal", "food")[:2] == (3, 4)
    assert figure(metric, "211103", "2015", "", "food")[:2] == (4, 6)
    # 大洼县's rows count for 大洼区; 省级以上 is national plus provincial.
    assert figure(metric, "211104", "2015", "national")[:2] == (4, 4)
    assert not Statistic.objects.filter(metric=metric, region__code="211121").exists()
    assert figure(metric, "211100", "2015", "provincial_above")[:2] == (5, 6)
    # The city is the sum over counties: 8 passed of 10 tested in 2015.
    assert figure(metric, "211100", "2015") == (Decimal(8), Decimal(10), Decimal("80.00"))
    assert figure(metric, "211100", "2016")[:2] == (1, 1)


def test_a_month_of_refusals_only_has_no_rate(reference):
    SpotCheckResultFactory(
        conclusion=Conclusion.NOT_TESTED, not_tested_reason="拒检", sampled_on=dt.date(2015, 7, 1)
    )
    stats.run_now()
    assert figure("inspections.pass_rate", "211103", "2015-07") == (Decimal(0), Decimal(0), None)


def test_first_acceptance_by_size_year_and_quarter(reference):
    AcceptanceRecordFactory.create_batch(2, accepted_on=dt.date(2015, 2, 1))
    AcceptanceRecordFactory(accepted_on=dt.date(2015, 8, 1), first_time_passed=False)
    for _ in range(3):
        AcceptanceRecordFactory(size=ProjectSize.OTHER, accepted_on=dt.date(2015, 8, 1))
    AcceptanceRecordFactory(
        size=ProjectSize.OTHER,
        accepted_on=dt.date(2015, 8, 2),
        first_time_passed=False,
        region=Region.objects.get(code="211122"),
    )
    stats.run_now()
    metric = "inspections.first_acceptance"
    assert figure(metric, "211103", "2015", "large") == (Decimal(2), Decimal(3), Decimal("66.67"))
    assert figure(metric, "211103", "2015-Q3", "other")[:2] == (3, 3)
    assert figure(metric, "211100", "2015", "other")[:2] == (3, 4)
    assert figure(metric, "211100", "2015")[:2] == (5, 7)
    assert not Statistic.objects.filter(metric=metric, period__contains="-0").exists()  # no months


def test_a_refresh_of_some_years_aggregates_only_those(results):
    from inspections.stats import pass_rate_totals

    totals = pass_rate_totals([2016])
    assert {key[1][:4] for key in totals} == {"2016"}
    assert totals[(Region.objects.city().pk, "2016", "", "")] == [1, 1]
