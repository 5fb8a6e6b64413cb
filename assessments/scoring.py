"""The assessment's arithmetic, stated once: rounding, re-basing for 合理缺项, grades, the complete period.

**Rounding.** Every score — an item's points, a self total, a total — is kept to one decimal place,
rounded half up (四舍五入: 89.95 → 90.0, 89.94 → 89.9, 59.95 → 60.0). A total is rounded once, after
adding up and re-basing; the grade is read from that rounded total, so what the page shows decides the
grade: A 90.0 and above, B 80.0–89.9, C 60.0–79.9, D below 60.0 (国办发〔2013〕47号 第五条: A 90 分及以上,
B 80–89 分, C 60–79 分, D 59 分及以下; a veto is D whatever the score).

**合理缺项.** An item that cannot apply to a county (no such industry, no such project in the year) is
excluded by the office with the reason recorded and who decided; the total is then re-based: the points
of the items that apply, times 100 over their full points (满分 100 minus the excluded points). An item
with no data is never a silent zero: it stays unscored until the data arrive or the office excludes it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

SCORE_STEP = Decimal("0.1")
FULL_MARKS = Decimal(100)


def round_score(value: Decimal) -> Decimal:
    """A score to one decimal place, half up (89.95 → 90.0): the one rounding rule of the assessment."""
    return Decimal(value).quantize(SCORE_STEP, rounding=ROUND_HALF_UP)


def rebased_total(points: Decimal | None, applicable: Decimal | None, full: Decimal) -> Decimal | None:
    """The total of the items that apply, re-based to `full` over their own full points, then rounded.

    None when nothing is scored yet or no item applies (a total is never made up)."""
    if points is None or not applicable:
        return None
    if applicable == full:
        return round_score(points)
    return round_score(points * full / applicable)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (31 January + 1 month is 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_complete_year(period_start: dt.date, period_end: dt.date, today: dt.date) -> int | None:
    """The latest calendar year that ends inside the assessment window and has ended by `today`.

    With the window 1 July 2014 – 30 June 2015 that is 2014: 2015 is only half over when the window
    closes. None when no calendar year both ends inside the window and is over (a window that started
    after its last 31 December, or a year still running).
    """
    year = period_end.year if (period_end.month, period_end.day) == (12, 31) else period_end.year - 1
    year = min(year, today.year - 1)
    return year if dt.date(year, 12, 31) >= period_start else None
