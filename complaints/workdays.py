"""Day arithmetic for deadlines: Monday–Friday, except the holidays and make-up days in the calendar table.

Limits are counted from the day after the start. A working-day limit counts working days; a calendar-day limit
counts every day, and when its last day is not a working day the deadline moves to the next working day.
Days in `skip` (a paused order's 中止 days) are not counted, in either kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from complaints.models import CalendarDay, CalendarYear

ONE_DAY = dt.timedelta(days=1)
NOTHING: frozenset[dt.date] = frozenset()


def calendar_exceptions(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    """Days between start and end (inclusive) whose working status differs from the weekday rule."""
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_working_day"))


def entered_years() -> set[int]:
    """The years whose holidays are on record; a deadline in any other year is provisional."""
    return set(CalendarYear.objects.values_list("year", flat=True))


def is_working_day(day: dt.date, exceptions: dict[dt.date, bool] | None = None) -> bool:
    if exceptions is None:
        exceptions = calendar_exceptions(day, day)
    return exceptions.get(day, day.weekday() < 5)


def window(days: int) -> int:
    """Calendar days that surely hold `days` working days after `start`, even across Spring Festival."""
    return days * 2 + 30


def add_working_days(
    start: dt.date,
    days: int,
    exceptions: dict[dt.date, bool] | None = None,
    skip: Collection[dt.date] = NOTHING,
) -> dt.date:
    """The `days`-th working day after `start` (start itself is not counted, even when it is a working day).

    Pass `exceptions` (covering start .. start + window(days)) to compute many deadlines with one query.
    """
    span = window(days + len(skip))
    while True:
        if exceptions is None:
            exceptions = calendar_exceptions(start, start + dt.timedelta(days=span))
        day, left = start, days
        for _ in range(span):
            day += ONE_DAY
            if day not in skip and is_working_day(day, exceptions):
                left -= 1
                if left == 0:
                    return day
        span *= 2
        exceptions = None


def add_calendar_days(
    start: dt.date,
    days: int,
    exceptions: dict[dt.date, bool] | None = None,
    skip: Collection[dt.date] = NOTHING,
) -> dt.date:
    """The `days`-th day after `start` (skipped days not counted), moved to the next working day if it is not one."""
    day, left = start, days
    while left:
        day += ONE_DAY
        if day not in skip:
            left -= 1
    if exceptions is None:
        exceptions = calendar_exceptions(day, day + dt.timedelta(days=window(1)))
    while not is_working_day(day, exceptions):
        day += ONE_DAY
    return day


def add_days(
    start: dt.date,
    days: int,
    *,
    working: bool,
    exceptions: dict[dt.date, bool] | None = None,
    skip: Collection[dt.date] = NOTHING,
) -> dt.date:
    """A deadline `days` days after `start`, counted in working days or calendar days."""
    if working:
        return add_working_days(start, days, exceptions, skip)
    return add_calendar_days(start, days, exceptions, skip)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative when end is before start)."""
    if end < start:
        return -working_days_between(end, start)
    exceptions = calendar_exceptions(start, end)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += is_working_day(day, exceptions)
    return count


def paused_dates(pauses: list[tuple[dt.date, dt.date]]) -> set[dt.date]:
    """The days a pause takes out of the count: after the day it began, up to and including the day it ended."""
    days: set[dt.date] = set()
    for began, ended in pauses:
        day = began
        while day < ended:
            day += ONE_DAY
            days.add(day)
    return days
