"""How a target stands in a year: the exact semantics of each comparator, trends and “at risk”.

Pure functions over yearly figures, so every boundary can be tested without a database.

A figure that is not complete — the year is still running, only some months or quarters are on record, or a
city figure summed from counties has not heard from all of them — is `incomplete`: shown with its value (to
date) and its reason, and judged neither met nor missed.

`at_risk` means the target is trending to miss but is not yet missed for good:
1. the year evaluated comes before the target's year (2014 for a 2015 target) and its figure misses;
2. a trend target whose last change went the wrong way, while the value is still better than the first
   year on record (the overall trend still holds).
Any other miss is `not_met`. Values are compared unrounded (30.004 超过 30); pages round them to show.
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
    # A city figure summed from counties: how many reported, of how many (None: not summed from counties).
    reported: int | None = None
    expected: int | None = None

    @property
    def exact(self) -> Decimal | None:
        """The value compared with a threshold: a rate unrounded from its parts (30.004 超过 30, although it is
        shown as 30.00%), any other figure as stored."""
        if self.numerator is not None and self.denominator:
            return self.numerator * 100 / self.denominator
        return self.value

    @property
    def complete(self) -> bool:
        return not self.partial and (self.reported is None or self.reported >= (self.expected or 0))


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
    if not figure.complete:
        return Outcome(Status.INCOMPLETE, value)
    early = year < target_year
    if comparator not in (Comparator.DECREASE, Comparator.INCREASE):
        if passes(comparator, figure.exact, threshold, tolerance):
            return Outcome(Status.MET, value)
        return Outcome(Status.AT_RISK if early else Status.NOT_MET, value)
    return _trend(comparator, year, figure, series, early)


def _trend(comparator: str, year: int, figure: Figure, series: dict[int, Figure], early: bool) -> Outcome:
    """Year on year: compared with the latest earlier complete year on record (missing years are skipped)."""
    value = figure.value
    earlier = sorted(y for y, f in series.items() if y < year and f.value is not None and f.complete)
    if not earlier:
        return Outcome(Status.NO_DATA, value)
    previous = series[earlier[-1]].exact
    first = series[earlier[0]].exact if len(earlier) > 1 else None

    def better(a: Decimal, b: Decimal) -> bool:
        return a < b if comparator == Comparator.DECREASE else a > b

    exact = figure.exact
    if better(exact, previous):
        return Outcome(Status.MET, value, series[earlier[-1]].value)
    if early or (first is not None and better(exact, first)):
        return Outcome(Status.AT_RISK, value, series[earlier[-1]].value)
    return Outcome(Status.NOT_MET, value, series[earlier[-1]].value)
