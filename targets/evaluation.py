"""How a target stands in a year: the exact semantics of each comparator, trends and “at risk”.

Pure functions over yearly figures, so every boundary can be tested without a database.

`at_risk` means the target is trending to miss but is not yet missed for good:
1. the year evaluated comes before the target's year (2014 for a 2015 target) and its figure misses;
2. the year is incomplete — the current year, or only some months or quarters are on record — and the
   figure so far misses (it may still recover);
3. a trend target whose last change went the wrong way, while the value is still better than the first
   year on record (the overall trend still holds).
Any other miss is `not_met`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from targets.choices import Comparator, Status


@dataclass(frozen=True)
class Figure:
    """A yearly figure of an indicator for a region."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    # Covers only part of the year (the year is in progress, or months/quarters are missing).
    partial: bool = False
    # Rests on approved data only (derived figures always do).
    approved: bool = True
    # An incomplete year of a flow (a count summed over months): trends compare it with the same months
    # of the year before, when those are on record.
    partial_flow: bool = False
    same_period_last_year: Decimal | None = None


@dataclass(frozen=True)
class Outcome:
    status: str
    value: Decimal | None = None
    compared_with: Decimal | None = None


def passes(comparator: str, value: Decimal, threshold: Decimal, tolerance: Decimal | None = None) -> bool:
    """Whether a value satisfies a threshold comparison: 超过 is strict (30 is not 超过30%), 以上 includes it."""
    if comparator == Comparator.GT:
        return value > threshold
    if comparator == Comparator.GTE:
        return value >= threshold
    if comparator == Comparator.EQ:
        return value == threshold
    if comparator == Comparator.LTE:
        return value <= threshold
    if comparator == Comparator.LT:
        return value < threshold
    if comparator == Comparator.APPROX:
        return abs(value - threshold) <= (tolerance or Decimal(0))
    raise ValueError(f"not a threshold comparator: {comparator}")


def evaluate(
    *,
    comparator: str,
    threshold: Decimal | None,
    tolerance: Decimal | None,
    target_year: int,
    year: int,
    series: dict[int, Figure],
) -> Outcome:
    """The status of a target in `year`, given the indicator's yearly figures for one region (gaps allowed)."""
    if comparator == Comparator.QUALITATIVE:
        return Outcome(Status.QUALITATIVE)
    figure = series.get(year)
    if figure is None or figure.value is None:
        return Outcome(Status.NO_DATA)
    value = figure.value
    early = figure.partial or year < target_year
    if comparator not in (Comparator.DECREASE, Comparator.INCREASE):
        if passes(comparator, value, threshold, tolerance):
            return Outcome(Status.MET, value)
        return Outcome(Status.AT_RISK if early else Status.NOT_MET, value)
    return _trend(comparator, year, figure, series, early)


def _trend(comparator: str, year: int, figure: Figure, series: dict[int, Figure], early: bool) -> Outcome:
    """Year on year: compared with the latest earlier complete year on record (missing years are skipped)."""
    value = figure.value
    if figure.partial_flow:
        # Part of a year's count cannot be set against a whole year: compare the same months of last year.
        if figure.same_period_last_year is None:
            return Outcome(Status.NO_DATA, value)
        previous, first = figure.same_period_last_year, None
    else:
        earlier = sorted(y for y, f in series.items() if y < year and f.value is not None and not f.partial)
        if not earlier:
            return Outcome(Status.NO_DATA, value)
        previous = series[earlier[-1]].value
        first = series[earlier[0]].value if len(earlier) > 1 else None

    def better(a: Decimal, b: Decimal) -> bool:
        return a < b if comparator == Comparator.DECREASE else a > b

    if better(value, previous):
        return Outcome(Status.MET, value, previous)
    if early or (first is not None and better(value, first)):
        return Outcome(Status.AT_RISK, value, previous)
    return Outcome(Status.NOT_MET, value, previous)
