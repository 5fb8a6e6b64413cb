"""The shared roll-up of the nightly job: finest-grain figures summed into every coarser cell."""

import pytest

from core import stats
from organizations.models import Region


def test_roll_up_sums_each_cell_once_per_finest_row():
    finest = {("a", 201503, "x"): [1, 2], ("a", 201505, "y"): [10, 20], ("b", 201503, "x"): [100, 200]}
    totals = stats.roll_up(finest, [lambda region: (region, "all"), stats.month_periods, None])
    assert totals[("all", "2015", "x")] == [101, 202]
    assert totals[("a", "2015-Q1", "x")] == [1, 2]
    assert totals[("a", "2015-Q2", "y")] == [10, 20]
    assert totals[("all", "2015-05", "y")] == [10, 20]
    assert ("a", "2015", "") not in totals  # a position without a widener stays as it is
    assert len(totals) == 2 * 3 * 2 + 3 * 1  # (a, all) × 3 periods × 2 dims, b's own x cells
    assert finest[("a", 201503, "x")] == [1, 2]  # the input is left alone


def test_month_periods_are_canonical_codes():
    assert stats.month_periods(201507) == ("2015", "2015-Q3", "2015-07")
    assert stats.month_periods(201612) == ("2016", "2016-Q4", "2016-12")


@pytest.mark.django_db
def test_counted_as_maps_the_old_county_to_its_successor_and_every_region_to_the_city(reference):
    code = dict(Region.objects.values_list("pk", "code"))
    counted = {code[pk]: [code[target] for target in targets] for pk, targets in stats.counted_as().items()}
    assert counted["211121"] == ["211104", "211100"]
    assert counted["211103"] == ["211103", "211100"]
    assert counted["211100"] == ["211100"]  # the city counts once, not twice
