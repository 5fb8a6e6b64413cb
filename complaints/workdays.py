"""Working-day arithmetic for deadlines: Monday–Friday, except the holidays and make-up days in the calendar table."""

from __future__ import annotations

import datetime as dt

from complaints.models import CalendarDay

ONE_DAY = dt.timedelta(days=1)


def calendar_exceptions(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    """Days between start and end (inclusive) whose working status differs from the weekday rule."""
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_working_day"))


def is_working_day(day: dt.date, exceptions: dict[dt.date, bool] | None = None) -> bool:
    if exceptions is None:
        exceptions = calendar_exceptions(day, day)
    return exceptions.get(day, day.weekday() < 5)


def window(days: int) -> int:
    """Calendar days that surely hold `days` working days after `start`, even across Spring Festival."""
    return days * 2 + 30


def add_working_days(start: dt.date, days: int, exceptions: dict[dt.date, bool] | None = None) -> dt.date:
    """The `days`-th working day after `start` (start itself is not counted, even when it is a working day).

    Pass `exceptions` (covering start .. start + window(days)) to compute many deadlines with one query.
    """
    span = window(days)
    while True:
        if exceptions is None:
            exceptions = calendar_exceptions(start, start + dt.timedelta(days=span))
        day, left = start, days
        for _ in range(span):
            day += ONE_DAY
            if is_working_day(day, exceptions):
                left -= 1
                if left == 0:
                    return day
        span *= 2
        exceptions = None


def add_days(
    start: dt.date, days: int, *, working: bool, exceptions: dict[dt.date, bool] | None = None
) -> dt.date:
    """A deadline `days` days after `start`, counted in working days or calendar days."""
    return add_working_days(start, days, exceptions) if working else start + dt.timedelta(days=days)


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
