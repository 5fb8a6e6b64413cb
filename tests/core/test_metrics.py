"""The metric declaration (core.metrics): every statistic the nightly job writes is declared once, with its
label, unit, dimensions and 口径, and pages print figures the one way it says."""

from decimal import Decimal as D

import pytest

from core import metrics


def test_every_declared_metric_says_what_it_counts():
    declared = metrics.declared()
    assert {m.name for m in declared} >= {
        "inspections.pass_rate",
        "inspections.first_acceptance",
        "complaints.volume",
        "complaints.completion",
        "complaints.on_time",
        "brands.awards_valid",
        "brands.awards_cumulative",
        "targets.target",
        "targets.attainment",
        "assessments.total_score",
    }
    for metric in declared:
        assert metric.label and metric.caliber and metric.roll_up, metric.name
        # The 口径 is a sentence of Chinese, not a code.
        assert any("\u4e00" <= ch <= "\u9fff" for ch in metric.caliber), metric.name
        if metric.is_rate:
            assert metric.unit == "%" and metric.numerator_label and metric.denominator_label, metric.name
        for dimension in metric.dims:
            assert dimension.name and dimension.source, metric.name


@pytest.mark.django_db
def test_dimension_labels_come_from_their_declared_source(reference):
    volume = metrics.get("complaints.volume")
    assert volume.dim_label(0, "") == "合计"
    assert volume.dim_label(1, "inquiry") == "咨询"
    assert "12365" in volume.dims[0].labels()
    assert metrics.get("inspections.pass_rate").dim_label(0, "provincial_above") == "省级及以上"
    assert metrics.get("targets.attainment").dim_label(0, "overall") == "总体目标"


def test_an_undeclared_metric_is_named_in_the_error():
    with pytest.raises(KeyError, match="complaints.nothing"):
        metrics.get("complaints.nothing")


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (D("30.004"), "%", "30.00%"),
        (D("89.945"), "%", "89.95%"),  # half up, at the end only
        (D("12"), "件", "12件"),
        (D("86.80"), "", "86.8"),
        (None, "%", "—"),
        (D("89.95"), "分", "90.0分"),
    ],
)
def test_figures_are_shown_rounded_with_their_unit(value, unit, shown):
    assert metrics.show(value, unit) == shown


@pytest.mark.parametrize(("denominator", "small"), [(None, False), (0, False), (19, True), (20, False)])
def test_a_rate_on_fewer_than_twenty_units_is_a_small_base(denominator, small):
    assert metrics.get("inspections.pass_rate").small_base(denominator) is small
    assert metrics.get("complaints.volume").small_base(denominator) is False  # a count has no base
