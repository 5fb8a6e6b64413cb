"""Working days across the 2015 National Day holiday (1–7 October) and its make-up Saturday (10 October)."""

import datetime as dt

import pytest

from complaints import workdays
from complaints.models import CalendarDay


@pytest.mark.django_db
def test_workdays_seeded_calendar_knows_2015_national_day(reference):
    assert not workdays.is_working_day(dt.date(2015, 10, 5))  # a Monday off
    assert workdays.is_working_day(dt.date(2015, 10, 10))  # a Saturday at work (调休)
    assert not workdays.is_working_day(dt.date(2015, 10, 11))  # an ordinary Sunday
    assert workdays.is_working_day(dt.date(2015, 9, 30))


@pytest.mark.django_db
def test_workdays_add_working_days_skips_the_holiday_and_counts_the_make_up_saturday(reference):
    # Received Wednesday 30 September: 8, 9, 10 (Sat, make-up), 12, 13, 14, 15 October.
    assert workdays.add_working_days(dt.date(2015, 9, 30), 7) == dt.date(2015, 10, 15)
    assert workdays.add_working_days(dt.date(2015, 9, 30), 3) == dt.date(2015, 10, 10)
    # Received on a holiday: counting starts at the next working day.
    assert workdays.add_working_days(dt.date(2015, 10, 3), 1) == dt.date(2015, 10, 8)


@pytest.mark.django_db
def test_workdays_ordinary_weeks_follow_the_weekday_rule(reference):
    assert workdays.add_working_days(dt.date(2015, 6, 5), 1) == dt.date(2015, 6, 8)  # Friday → Monday
    # Five calendar days end on 10-05, a National Day holiday: the deadline moves to the next working day.
    assert workdays.add_days(dt.date(2015, 9, 30), 5, working=False) == dt.date(2015, 10, 8)


@pytest.mark.django_db
def test_workdays_between_counts_working_days_after_start(reference):
    assert workdays.working_days_between(dt.date(2015, 9, 30), dt.date(2015, 10, 15)) == 7
    assert workdays.working_days_between(dt.date(2015, 10, 15), dt.date(2015, 9, 30)) == -7


@pytest.mark.django_db
def test_workdays_long_limits_cross_spring_festival(reference):
    # 60 working days from 2015-01-05, across the Spring Festival (18–24 Feb, make-up 15 Feb and 28 Feb).
    due = workdays.add_working_days(dt.date(2015, 1, 5), 60)
    assert workdays.working_days_between(dt.date(2015, 1, 5), due) == 60
    assert workdays.is_working_day(due)


@pytest.mark.django_db
def test_workdays_follow_an_office_edit_of_the_calendar(reference):
    CalendarDay.objects.create(date=dt.date(2015, 6, 8), is_working_day=False, name="测试放假")
    assert workdays.add_working_days(dt.date(2015, 6, 5), 1) == dt.date(2015, 6, 9)
