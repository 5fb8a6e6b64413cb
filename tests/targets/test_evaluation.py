"""Every comparator at and around its boundary, trends with missing years, and what “at risk” means."""

from decimal import Decimal as D

import pytest

from targets.evaluation import Figure, evaluate, passes


def status(
    comparator, value, threshold=None, tolerance=None, year=2015, target_year=2015, partial=False, series=None
):
    series = dict(series or {})
    if value is not None:
        series[year] = Figure(D(str(value)), partial=partial)
    return evaluate(
        comparator=comparator,
        threshold=None if threshold is None else D(str(threshold)),
        tolerance=None if tolerance is None else D(str(tolerance)),
        target_year=target_year,
        year=year,
        series=series,
    ).status


@pytest.mark.parametrize(
    ("comparator", "threshold", "value", "expected"),
    [
        ("gt", 30, "30", False),  # 30 is not 超过30%
        ("gt", 30, "30.01", True),
        ("gt", 30, "29.99", False),
        ("gte", 96, "96", True),  # 96 is 96%以上
        ("gte", 96, "95.99", False),
        ("gte", 96, "96.01", True),
        ("eq", 100, "100", True),  # 达到100%
        ("eq", 100, "99.99", False),
        ("lte", 5, "5", True),
        ("lte", 5, "5.01", False),
        ("lt", 5, "5", False),
        ("lt", 5, "4.99", True),
    ],
)
def test_passes_threshold_comparators_at_their_boundaries(comparator, threshold, value, expected):
    assert passes(comparator, D(value), D(threshold)) is expected


@pytest.mark.parametrize(
    ("value", "expected"), [("18", True), ("22", True), ("20", True), ("17.99", False), ("22.01", False)]
)
def test_passes_approx_within_tolerance_inclusive(value, expected):
    assert passes("approx", D(value), D(20), D(2)) is expected


def test_evaluate_threshold_met_not_met_and_no_data():
    assert status("gte", 96, threshold=96) == "met"
    assert status("gte", "95.9", threshold=96) == "not_met"
    assert status("gt", 30, threshold=30) == "not_met"
    assert status("gte", None, threshold=96) == "no_data"


def test_evaluate_miss_before_target_year_is_at_risk():
    assert status("gte", 90, threshold=96, year=2014, target_year=2015) == "at_risk"
    assert status("gte", 97, threshold=96, year=2014, target_year=2015) == "met"


def test_an_unfinished_year_is_neither_met_nor_missed():
    assert status("gte", 90, threshold=96, partial=True) == "incomplete"
    assert status("gte", 97, threshold=96, partial=True) == "incomplete"
    assert status("decrease", 10, partial=True, series={2014: Figure(D(100))}) == "incomplete"


def test_a_city_figure_missing_counties_is_not_judged_unless_all_reported():
    def judged(reported):
        figure = Figure(D(97), reported=reported, expected=6)
        return evaluate(
            comparator="gte",
            threshold=D(96),
            tolerance=None,
            target_year=2015,
            year=2015,
            series={2015: figure},
        ).status

    assert judged(4) == "incomplete"
    assert judged(6) == "met"


def test_rates_compare_unrounded_from_their_parts():
    def judged(numerator):
        figure = Figure(D("30.00"), numerator=D(numerator), denominator=D(100000))
        return evaluate(
            comparator="gt",
            threshold=D(30),
            tolerance=None,
            target_year=2015,
            year=2015,
            series={2015: figure},
        ).status

    assert judged(30004) == "met"  # 30.004 超过 30, although shown as 30.00
    assert judged(30000) == "not_met"


def test_evaluate_qualitative_is_always_qualitative():
    assert status("qualitative", None) == "qualitative"


def test_trend_decrease_compares_with_previous_year_on_record_skipping_gaps():
    # 2014 is missing: 2015 is compared with 2013.
    series = {2013: Figure(D(120))}
    assert status("decrease", 110, series=series) == "met"
    assert status("decrease", 120, series=series) == "not_met"  # no fall is not 下降
    assert status("decrease", 130, series=series) == "not_met"


def test_trend_without_an_earlier_year_is_no_data():
    assert status("decrease", 100) == "no_data"
    assert status("increase", 100, series={2016: Figure(D(90))}) == "no_data"  # only a later year


def test_trend_last_change_wrong_way_but_better_than_first_year_is_at_risk():
    series = {2012: Figure(D(150)), 2014: Figure(D(100))}
    assert status("decrease", 110, series=series) == "at_risk"  # up on 2014, still below 2012
    assert status("decrease", 160, series=series) == "not_met"
    assert status("increase", 55, series={2013: Figure(D(50)), 2014: Figure(D(60))}) == "at_risk"


def test_trend_before_target_year_wrong_way_is_at_risk():
    assert status("increase", 50, year=2014, target_year=2020, series={2013: Figure(D(55))}) == "at_risk"


def test_trend_ignores_partial_earlier_years():
    series = {2013: Figure(D(100)), 2014: Figure(D(40), partial=True)}
    assert status("decrease", 90, series=series) == "met"  # compared with 2013, not the partial 2014
