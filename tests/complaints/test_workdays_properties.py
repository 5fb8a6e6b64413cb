"""Properties of working-day arithmetic: `add_working_days` and `working_days_between` agree, on any calendar."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaints import workdays
from complaints.models import CalendarDay

pytestmark = pytest.mark.django_db
# Examples share the test's transaction (and its seeded calendar); each one undoes its own calendar edits.
shared_db = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)

starts = st.dates(dt.date(2014, 1, 1), dt.date(2020, 12, 31))
counts = st.integers(1, 70)
# Days off and make-up days an office might enter around the start: offsets from it, and whether one works.
edits = st.dictionaries(st.integers(-5, 120), st.booleans(), max_size=25)


@shared_db
@given(start=starts, days=counts)
def test_workdays_add_then_count_gives_the_days_back_on_the_seeded_calendar(reference, start, days):
    due = workdays.add_working_days(start, days)
    assert workdays.is_working_day(due)
    assert workdays.working_days_between(start, due) == days
    # `due` is the first day that reaches the count: the day before falls one short.
    assert workdays.working_days_between(start, due - dt.timedelta(days=1)) == days - 1
    assert workdays.working_days_between(due, start) == -days


@shared_db
@given(start=starts, days=counts, edits=edits)
def test_workdays_add_then_count_agree_on_any_edited_calendar(reference, start, days, edits):
    with transaction.atomic():
        changed = {start + dt.timedelta(days=offset): working for offset, working in edits.items()}
        CalendarDay.objects.filter(date__in=changed).delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(date=day, is_working_day=working, name="测试") for day, working in changed.items()
        )
        due = workdays.add_working_days(start, days)
        assert workdays.is_working_day(due)
        assert workdays.working_days_between(start, due) == days
        assert workdays.working_days_between(start, due - dt.timedelta(days=1)) == days - 1
        # The one-query form, with the exceptions given up front, answers the same.
        exceptions = workdays.calendar_exceptions(start, start + dt.timedelta(days=workdays.window(days)))
        assert workdays.add_working_days(start, days, exceptions) == due
        transaction.set_rollback(True)
