"""The attainment step: rates as sums over sums, derived figures from the run's statistics, trends with gaps,
at-risk years, 大洼县's rows under 大洼区, approval flags and the metric contract it writes."""

from decimal import Decimal as D

import pytest

from core.models import Statistic
from organizations.models import Region
from targets.choices import SubmissionStatus
from targets.models import Attainment, Submission, Target
from tests.targets.factories import MeasurementFactory

COVERAGE = "agri_standard_coverage"


@pytest.mark.django_db
def test_city_rate_is_summed_numerators_over_summed_denominators_not_a_mean(
    compute, county, other_county, city
):
    MeasurementFactory(indicator=COVERAGE, region=county, value=31, numerator=31, denominator=100)
    MeasurementFactory(indicator=COVERAGE, region=other_county, value=20, numerator=200, denominator=1000)
    status = compute()
    row = status(f"{COVERAGE}-2015", city, 2015)
    assert (row.numerator, row.denominator) == (D(231), D(1100))
    assert row.value == D("21.00")  # the mean of the two rates would be 25.5
    assert status(f"{COVERAGE}-2015", county, 2015).status == "met"
    assert status(f"{COVERAGE}-2015", other_county, 2015).status == "not_met"
    # Four counties did not report: the city figure states its coverage and is not judged.
    assert row.partial and row.status == "incomplete"
    assert (row.reported, row.expected, row.reason) == (2, 6, "已报 2/6 县区")


@pytest.mark.django_db
def test_city_own_value_wins_over_the_county_sum(compute, county, city):
    MeasurementFactory(indicator=COVERAGE, region=county, value=10, numerator=10, denominator=100)
    MeasurementFactory(indicator=COVERAGE, region=city, value="30.5", numerator=None, denominator=None)
    row = compute()(f"{COVERAGE}-2015", city, 2015)
    assert row.value == D("30.5") and row.status == "met" and not row.partial


@pytest.mark.django_db
def test_derived_pass_rate_boundary_from_the_runs_statistics(compute, write_statistic, city, county):
    write_statistic(
        "inspections.pass_rate", city, "2015", numerator=90, denominator=100, dim1="", dim2="food"
    )
    write_statistic(
        "inspections.pass_rate", county, "2015", numerator=8999, denominator=10000, dim1="", dim2="food"
    )
    # Another level or class must not be mistaken for it.
    write_statistic(
        "inspections.pass_rate", county, "2015", numerator=1, denominator=1, dim1="national", dim2="food"
    )
    status = compute()
    assert status("key_food_pass_rate-2015", city, 2015).status == "met"  # 90 is 90%以上
    row = status("key_food_pass_rate-2015", county, 2015)
    assert row.value == D("89.99") and row.status == "not_met"


@pytest.mark.django_db
def test_rates_are_compared_unrounded_and_shown_rounded(compute, county):
    # 30.004% is shown as 30.00% and still 超过 30%; 29.996% is shown as 30.00% and does not.
    MeasurementFactory(indicator=COVERAGE, region=county, value="30.00", numerator=30004, denominator=100000)
    other = Region.objects.get(code="211122")
    MeasurementFactory(indicator=COVERAGE, region=other, value="30.00", numerator=29996, denominator=100000)
    status = compute()
    above, below = status(f"{COVERAGE}-2015", county, 2015), status(f"{COVERAGE}-2015", other, 2015)
    assert (above.value, above.status) == (D("30.00"), "met")
    assert (below.value, below.status) == (D("30.00"), "not_met")


@pytest.mark.django_db
def test_one_countys_value_is_not_the_citys_judged_figure(compute, county, city):
    # The case the issue found: one county's 2018 value became the city's "40.00% 已达成".
    MeasurementFactory(
        indicator=COVERAGE, region=county, period="2016", value=40, numerator=40, denominator=100
    )
    row = compute()(f"{COVERAGE}-2015", city, 2016)
    assert row.value == D("40.00") and row.status == "incomplete" and row.reason == "已报 1/6 县区"
    # Measured city-wide, the same figure is judged.
    MeasurementFactory(
        indicator=COVERAGE, region=city, period="2016", value=40, numerator=40, denominator=100
    )
    row = compute()(f"{COVERAGE}-2015", city, 2016)
    assert row.status == "met" and row.reported is None and row.reason == ""


@pytest.mark.django_db
def test_a_city_figure_from_every_county_is_judged(compute, city):
    for region in Region.objects.counties():
        MeasurementFactory(indicator=COVERAGE, region=region, value=31, numerator=31, denominator=100)
    row = compute()(f"{COVERAGE}-2015", city, 2015)
    assert (row.status, row.reported, row.expected, row.partial) == ("met", 6, 6, False)


@pytest.mark.django_db
def test_derived_months_make_the_year_as_sums_and_missing_months_make_it_partial(
    compute, write_statistic, county
):
    for month in range(1, 13):
        # January 9/10, every other month 10/10: the year is 119/120, not a mean of monthly rates.
        write_statistic(
            "complaints.completion",
            county,
            f"2015-{month:02d}",
            numerator=9 if month == 1 else 10,
            denominator=10,
            dim1="",
            dim2="engineering",
        )
    for month in (1, 2):
        write_statistic(
            "complaints.completion",
            county,
            f"2016-{month:02d}",
            numerator=8,
            denominator=10,
            dim1="",
            dim2="engineering",
        )
    status = compute()
    full = status("construction_complaint_completion_rate-2015", county, 2015)
    assert (full.numerator, full.denominator, full.status, full.partial) == (D(119), D(120), "met", False)
    partial = status("construction_complaint_completion_rate-2015", county, 2016)
    assert partial.partial and partial.value == D("80.00") and partial.status == "incomplete"


@pytest.mark.django_db
def test_trend_target_with_a_missing_year(compute, write_statistic, city):
    for year, count in [(2013, 50), (2015, 40), (2016, 45), (2017, 55)]:
        write_statistic(
            "complaints.volume", city, str(year), value=count, dim1="", dim2="complaint", dim3="engineering"
        )
    status = compute()
    code = "construction_complaints-2015"
    assert (
        status(code, city, 2013).status == "no_data"
    )  # the first year on record has nothing to compare with
    row = status(code, city, 2015)
    assert (row.status, row.previous_value) == ("met", D(50))  # 2014 missing: compared with 2013
    assert status(code, city, 2016).status == "at_risk"  # up on 2015, still below 2013
    assert status(code, city, 2017).status == "not_met"  # up, and above 2013


@pytest.mark.django_db
def test_trend_without_earlier_year_has_no_status(compute, write_statistic, city):
    write_statistic(
        "complaints.volume", city, "2015", value=40, dim1="", dim2="complaint", dim3="engineering"
    )
    # Inquiries are not complaints: the indicator does not read them.
    write_statistic("complaints.volume", city, "2015", value=900, dim1="", dim2="inquiry", dim3="engineering")
    row = compute()("construction_complaints-2015", city, 2015)
    assert row.status == "no_data" and row.value == D(40)


@pytest.mark.django_db
def test_construction_complaints_add_what_zhujian_received_on_its_own_channels(
    compute, write_statistic, city
):
    for year, count in [(2014, 50), (2015, 40)]:
        write_statistic(
            "complaints.volume", city, str(year), value=count, dim1="", dim2="complaint", dim3="engineering"
        )
    MeasurementFactory(indicator="construction_complaints", region=city, period="2015", value=15)
    status = compute()
    row = status("construction_complaints-2015", city, 2015)
    assert row.value == D(55) and row.status == "not_met"  # 40 from the hotlines + 15 of 住建's own, up on 50


@pytest.mark.django_db
def test_old_daxian_rows_count_for_daxian_district(compute, reference):
    old, new = Region.objects.get(code="211121"), Region.objects.get(code="211104")
    MeasurementFactory(indicator=COVERAGE, region=old, period="2015", value=35, numerator=35, denominator=100)
    row = compute()(f"{COVERAGE}-2015", new, 2015)
    assert row.value == D("35.00") and row.status == "met"
    assert not Attainment.objects.filter(region=old).exists()


@pytest.mark.django_db
def test_quarters_without_year_row_make_a_partial_year_not_judged(compute, city):
    MeasurementFactory(indicator="producer_service_satisfaction", period="2015-Q1", value=83)
    MeasurementFactory(indicator="producer_service_satisfaction", period="2015-Q2", value=84)
    row = compute()("producer_service_satisfaction-2015", city, 2015)
    # a level: the latest quarter stands; two quarters are not the year
    assert (row.value, row.partial, row.status, row.reason) == (D(84), True, "incomplete", "缺部分月份或季度")


@pytest.mark.django_db
def test_target_year_without_data_is_no_data_and_milestones_are_qualitative(compute, city):
    status = compute()
    assert status("producer_service_satisfaction-2015", city, 2015).status == "no_data"
    assert status("green_building-2015", city, 2015).status == "qualitative"
    assert not Attainment.objects.filter(period="2030").exists()


@pytest.mark.django_db
def test_approved_flag_follows_the_units_submission(compute, city, county, department):
    MeasurementFactory(indicator="new_tech_demo_projects", value=3)  # city value of 住建委
    MeasurementFactory(indicator=COVERAGE, region=county, value=31, numerator=31, denominator=100)
    Submission.objects.create(department=department, year=2015, status=SubmissionStatus.APPROVED)
    Submission.objects.create(region=county, year=2015, status=SubmissionStatus.SUBMITTED)
    status = compute()
    assert status("new_tech_demo_projects-2015", city, 2015).approved is True
    assert status(f"{COVERAGE}-2015", county, 2015).approved is False


@pytest.mark.django_db
def test_step_writes_the_metric_contract(compute, stats_run, city, county):
    MeasurementFactory(indicator="producer_service_satisfaction", value=86)
    MeasurementFactory(indicator="consumer_service_satisfaction", value=79)
    MeasurementFactory(indicator=COVERAGE, region=county, value=31, numerator=31, denominator=100)
    compute()
    stats = Statistic.objects.filter(run=stats_run)
    row = stats.get(
        metric="targets.target", region=city, period="2015", dim1="producer_service_satisfaction-2015"
    )
    assert (row.dim2, row.value) == ("met", D(86))
    assert (
        stats.get(metric="targets.target", region=county, period="2015", dim1=f"{COVERAGE}-2015").dim2
        == "met"
    )
    counts, approved = (
        dict(
            stats.filter(
                metric="targets.attainment", region=city, period="2015", dim1="", dim3=view
            ).values_list("dim2", "value")
        )
        for view in ("", "approved")
    )
    assert (
        set(counts) == set(approved) == {"met", "not_met", "at_risk", "incomplete", "no_data", "qualitative"}
    )
    assert sum(counts.values()) == sum(approved.values()) == Target.objects.filter(year=2015).count()
    # producer satisfaction met; coverage summed from the one county that reported (31%) is not judged
    assert counts["met"] == 1 and counts["not_met"] == 1 and counts["incomplete"] == 1
    # Nobody's figures are approved yet: over approved data only, those targets have no data.
    assert approved["met"] == approved["not_met"] == 0
    assert approved["no_data"] == counts["no_data"] + 3
    service = dict(
        stats.filter(
            metric="targets.attainment", region=city, period="2015", dim1="service", dim3=""
        ).values_list("dim2", "value")
    )
    assert (service["met"], service["not_met"], service["qualitative"]) == (1, 1, 2)
    # A county is counted over the targets set per county only.
    county_total = stats.filter(metric="targets.attainment", region=county, period="2015", dim1="", dim3="")
    assert (
        sum(county_total.values_list("value", flat=True))
        == Target.objects.filter(year=2015, scope="county").count()
    )


@pytest.mark.django_db
def test_step_limited_to_the_years_asked_for(compute, city):
    MeasurementFactory(indicator="producer_service_satisfaction", period="2014", value=84)
    MeasurementFactory(indicator="producer_service_satisfaction", period="2015", value=86)
    compute(years=[2015])
    assert set(Attainment.objects.values_list("period", flat=True)) == {"2015"}
