"""The brands step of the nightly job: valid and cumulative award counts per type, region and year."""

import datetime as dt

import pytest
from django.db.models import Q
from django.utils import timezone

from brands import stats
from brands.models import AwardType
from core.models import Statistic, StatsRun
from core.stats import StepContext
from organizations.models import Region
from tests.brands.factories import AwardFactory
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def run_step(years=None) -> dict:
    run = StatsRun.objects.create()
    stats.awards(StepContext(run=run, years=years))
    return {
        (s.metric, s.region.code, s.period, s.dim1): s.value
        for s in Statistic.objects.filter(run=run).select_related("region")
    }


@pytest.fixture
def awards(reference):
    liaoning = AwardType.objects.get(code="liaoning_brand")
    governor = AwardType.objects.get(code="governor_award")
    xinglongtai = EnterpriseFactory(region=Region.objects.get(code="211103"))
    dawa_county = EnterpriseFactory(region=Region.objects.get(code="211121"))  # 大洼县, before 2016
    # One product renewed: 2012–2015, then 2015–2018. Valid at the end of 2015 once; counted once cumulatively.
    AwardFactory(
        award_type=liaoning,
        enterprise=xinglongtai,
        product="蟹田大米",
        year=2012,
        valid_from=dt.date(2012, 6, 1),
    )
    AwardFactory(
        award_type=liaoning,
        enterprise=xinglongtai,
        product="蟹田大米",
        year=2015,
        valid_from=dt.date(2015, 6, 1),
    )
    # Revoked in 2016: valid at the end of 2015, not at the end of 2016, and out of the cumulative count from 2016.
    AwardFactory(
        award_type=liaoning,
        enterprise=dawa_county,
        product="SBS防水卷材",
        year=2014,
        valid_from=dt.date(2014, 3, 1),
        revoked_on=dt.date(2016, 8, 15),
        revoke_reason="抽查不合格",
    )
    AwardFactory(award_type=governor, enterprise=dawa_county, year=2014, valid_from=dt.date(2014, 9, 1))
    AwardFactory(award_type=governor, enterprise=xinglongtai, year=2016, valid_from=dt.date(2016, 9, 1))


def test_awards_valid_counts_awards_in_force_on_the_last_day_of_each_year(awards):
    figures = run_step()
    valid = {
        (region, year): figures[("brands.awards_valid", region, year, "liaoning_brand")]
        for region in ("211103", "211104", "211100")
        for year in ("2012", "2014", "2015", "2016")
    }
    assert valid == {
        ("211103", "2012"): 1, ("211103", "2014"): 1, ("211103", "2015"): 1, ("211103", "2016"): 1,
        # 大洼县's enterprise counts for its successor 大洼区.
        ("211104", "2012"): 0, ("211104", "2014"): 1, ("211104", "2015"): 1, ("211104", "2016"): 0,
        ("211100", "2012"): 1, ("211100", "2014"): 2, ("211100", "2015"): 2, ("211100", "2016"): 1,
    }  # fmt: skip
    # All types together, for the city.
    assert figures[("brands.awards_valid", "211100", "2016", "")] == 3
    assert ("brands.awards_valid", "211121", "2016", "") not in figures


def test_a_product_renewed_before_its_certificate_ran_out_is_valid_once(reference):
    liaoning = AwardType.objects.get(code="liaoning_brand")
    enterprise = EnterpriseFactory(region=Region.objects.get(code="211103"))
    # 2013-06-01 … 2016-05-31, renewed from 2015-11-01: both certificates are in force on 2015-12-31.
    AwardFactory(award_type=liaoning, enterprise=enterprise, year=2013, valid_from=dt.date(2013, 6, 1))
    AwardFactory(award_type=liaoning, enterprise=enterprise, year=2015, valid_from=dt.date(2015, 11, 1))
    AwardFactory(award_type=liaoning, enterprise=enterprise, product="碱地柿子", year=2015)
    figures = run_step()
    for region in ("211103", "211100"):
        assert figures[("brands.awards_valid", region, "2015", "liaoning_brand")] == 2
        assert figures[("brands.awards_cumulative", region, "2015", "liaoning_brand")] == 2
        assert figures[("brands.awards_valid", region, "2015", "")] == 2


def test_awards_cumulative_counts_distinct_products_and_enterprises(awards):
    figures = run_step()
    cumulative = {
        year: figures[("brands.awards_cumulative", "211100", year, "liaoning_brand")]
        for year in ("2012", "2014", "2015", "2016")
    }
    assert cumulative == {"2012": 1, "2014": 2, "2015": 2, "2016": 1}  # fmt: skip
    governors = {
        year: figures[("brands.awards_cumulative", "211100", year, "governor_award")]
        for year in ("2013", "2014", "2016", "2017")
    }
    assert governors == {"2013": 0, "2014": 1, "2016": 2, "2017": 2}  # fmt: skip
    # Cumulative counts are per type only: enterprises and products do not add up.
    assert not any(key[0] == "brands.awards_cumulative" and key[3] == "" for key in figures)


def test_awards_step_writes_every_county_type_and_year_zero_included(awards):
    figures = run_step()
    counties = Region.objects.counties().count()
    types = AwardType.objects.count()
    years = len(range(2012, timezone.localdate().year + 1))
    valid = [k for k in figures if k[0] == "brands.awards_valid"]
    assert len(valid) == (counties + 1) * (types + 1) * years
    assert figures[("brands.awards_valid", "2111A1", "2015", "geo_indication")] == 0


def test_awards_step_recomputes_only_the_years_asked_for(awards):
    figures = run_step(years=[2015])
    assert {key[2] for key in figures} == {"2015"}
    assert figures[("brands.awards_valid", "211100", "2015", "liaoning_brand")] == 2


def test_awards_step_writes_nothing_without_awards(reference):
    assert run_step() == {}
    assert not Statistic.objects.filter(Q(metric__startswith="brands.")).exists()
