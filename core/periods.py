"""Reporting periods — years, quarters and months (`2015`, `2015-Q3`, `2015-07`) — parsed and compared here only."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

YEAR, QUARTER, MONTH = "year", "quarter", "month"
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")
# The earliest and latest years the portal accepts: the policy dates from 2014 and looks to 2020.
MIN_YEAR, MAX_YEAR = 2010, 2035
_KIND_ORDER = {YEAR: 0, QUARTER: 1, MONTH: 2}
# The codes `Period.parse` accepts as regular expressions (each accepted year spelled out), for URLs and for
# the API schema, so that a client knows the range before it asks.
YEAR_REGEX = "(?:" + "|".join(str(year) for year in range(MIN_YEAR, MAX_YEAR + 1)) + ")"
PERIOD_REGEX = rf"{YEAR_REGEX}(?:-Q[1-4]|-(?:0[1-9]|1[0-2]))?"


def listed(regex: str) -> str:
    """A whole parameter of one or more comma-separated `regex`."""
    return rf"^{regex}(?:,{regex})*$"


@total_ordering
@dataclass(frozen=True)
class Period:
    """A year, a quarter or a month; `str()` gives its canonical code."""

    year: int
    quarter: int | None = None
    month: int | None = None

    @classmethod
    def parse(cls, code: str | Period) -> Period:
        if isinstance(code, Period):
            return code
        match = _PATTERN.match(str(code).strip().upper())
        if not match:
            raise ValidationError(
                _("期间“%(code)s”格式不对，应写作 2015、2015-Q3 或 2015-07。"),
                params={"code": code},
                code="period",
            )
        year = int(match["year"])
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValidationError(
                _("期间“%(code)s”不在 %(min)s–%(max)s 年之间。"),
                params={"code": code, "min": MIN_YEAR, "max": MAX_YEAR},
                code="period_range",
            )
        quarter = int(match["quarter"]) if match["quarter"] else None
        month = int(match["month"]) if match["month"] else None
        return cls(year, quarter, month)

    @classmethod
    def of_date(cls, day: dt.date, kind: str = MONTH) -> Period:
        if kind == YEAR:
            return cls(day.year)
        if kind == QUARTER:
            return cls(day.year, quarter=(day.month - 1) // 3 + 1)
        return cls(day.year, month=day.month)

    @property
    def kind(self) -> str:
        if self.month:
            return MONTH
        if self.quarter:
            return QUARTER
        return YEAR

    @property
    def start(self) -> dt.date:
        if self.month:
            return dt.date(self.year, self.month, 1)
        if self.quarter:
            return dt.date(self.year, 3 * self.quarter - 2, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period (inclusive)."""
        if self.month:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        if self.quarter:
            last = 3 * self.quarter
            return dt.date(self.year, last, calendar.monthrange(self.year, last)[1])
        return dt.date(self.year, 12, 31)

    def contains(self, other: Period | dt.date) -> bool:
        if isinstance(other, dt.date):
            return self.start <= other <= self.end
        return self.start <= other.start and other.end <= self.end

    def months(self) -> list[Period]:
        first = self.start.month
        return [Period(self.year, month=m) for m in range(first, self.end.month + 1)]

    @property
    def year_period(self) -> Period:
        return Period(self.year)

    def previous(self) -> Period:
        """The same kind of period one step earlier (the year before, the quarter before, ...)."""
        if self.month:
            return (
                Period(self.year - 1, month=12)
                if self.month == 1
                else Period(self.year, month=self.month - 1)
            )
        if self.quarter:
            return (
                Period(self.year - 1, quarter=4)
                if self.quarter == 1
                else Period(self.year, quarter=self.quarter - 1)
            )
        return Period(self.year - 1)

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.quarter, self.month)

    def label(self) -> str:
        if self.month:
            return f"{self.year}年{self.month}月"
        if self.quarter:
            return f"{self.year}年第{self.quarter}季度"
        return f"{self.year}年"

    def _key(self) -> tuple:
        return (self.start, _KIND_ORDER[self.kind])

    def __lt__(self, other: Period) -> bool:
        return self._key() < other._key()

    def __str__(self) -> str:
        if self.month:
            return f"{self.year}-{self.month:02d}"
        if self.quarter:
            return f"{self.year}-Q{self.quarter}"
        return str(self.year)


def validate_period(value: str) -> None:
    """Model-field validator: the value is a canonical period code."""
    period = Period.parse(value)
    if str(period) != value:
        raise ValidationError(_("期间应写作“%(code)s”。"), params={"code": period}, code="period_canonical")


def periods_of(day: dt.date) -> list[Period]:
    """The year, quarter and month a day falls in."""
    return [Period.of_date(day, YEAR), Period.of_date(day, QUARTER), Period.of_date(day, MONTH)]
