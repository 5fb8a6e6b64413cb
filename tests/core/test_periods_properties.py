"""Properties of periods: codes round-trip, the order is total and follows time, a year holds its quarters and months."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.periods import MAX_YEAR, MIN_YEAR, MONTH, QUARTER, YEAR, Period, periods_of

years = st.integers(MIN_YEAR, MAX_YEAR)
periods = st.one_of(
    st.builds(Period, years),
    st.builds(lambda y, q: Period(y, quarter=q), years, st.integers(1, 4)),
    st.builds(lambda y, m: Period(y, month=m), years, st.integers(1, 12)),
)
days = st.dates(dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31))


@given(periods)
def test_periods_code_round_trips(period):
    code = str(period)
    assert Period.parse(code) == period
    assert Period.parse(f" {code.lower()} ") == period  # typed by hand
    assert Period.parse(period) is period


@given(st.text(max_size=12))
def test_periods_parse_any_text_gives_a_canonical_period_or_a_chinese_error(text):
    try:
        period = Period.parse(text)
    except ValidationError as error:
        assert "期间" in error.messages[0]
    else:
        assert Period.parse(str(period)) == period
        if text.isascii():  # other scripts' digits (full-width ２０１５) are read as digits too
            assert str(period) == text.strip().upper()


@given(st.integers(0, 9999).filter(lambda y: not MIN_YEAR <= y <= MAX_YEAR))
def test_periods_outside_the_accepted_years_are_refused(year):
    with pytest.raises(ValidationError):
        Period.parse(f"{year:04d}")


@given(periods, periods)
def test_periods_order_is_total_and_follows_time(a, b):
    assert [a < b, a == b, b < a].count(True) == 1
    if a.end < b.start:
        assert a < b
    if a != b and a.contains(b):
        assert a < b  # a year comes before its quarters and months, a quarter before its months


@given(periods, periods, periods)
def test_periods_order_is_transitive(a, b, c):
    if a < b and b < c:
        assert a < c


@given(periods)
def test_periods_previous_is_the_adjacent_period_of_the_same_kind(period):
    before = period.previous()
    assert before.kind == period.kind and before < period
    assert before.end + dt.timedelta(days=1) == period.start
    assert period.same_period_last_year().year == period.year - 1


@given(years)
def test_periods_a_year_contains_exactly_its_quarters_and_months(year):
    whole = Period(year)
    quarters = [Period(year, quarter=q) for q in range(1, 5)]
    months = whole.months()
    assert [str(m) for m in months] == [f"{year}-{m:02d}" for m in range(1, 13)]
    assert all(whole.contains(p) for p in [*quarters, *months])
    for quarter in quarters:
        assert quarter.months() == [m for m in months if quarter.contains(m)]
        assert len(quarter.months()) == 3
    # The months tile the year: consecutive, no gap, no overlap.
    assert months[0].start == whole.start and months[-1].end == whole.end
    for first, second in zip(months, months[1:], strict=False):
        assert first.end + dt.timedelta(days=1) == second.start
    assert not whole.contains(Period(year + 1)) and not Period(year, quarter=1).contains(whole)


@given(days)
def test_periods_of_a_day_contain_it_and_each_other(day):
    year, quarter, month = periods_of(day)
    assert (year.kind, quarter.kind, month.kind) == (YEAR, QUARTER, MONTH)
    assert year.contains(day) and quarter.contains(day) and month.contains(day)
    assert year.contains(quarter) and quarter.contains(month)
    assert Period.of_date(day) == month and month.year_period == year
