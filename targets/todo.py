"""What the targets app asks of people: values to enter and submit before a year closes (counties and
departments), submissions to approve (the office), key-task progress reports due (departments)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from accounts import policy
from accounts.choices import Role
from core import todo
from targets import selectors
from targets.choices import SubmissionStatus
from targets.models import KeyTask, Submission, TaskReport

# A closing date this near makes entering and submitting urgent.
URGENT_WITHIN = dt.timedelta(days=7)


def _unit(user) -> dict:
    """The unit the user reports for: their county, or their department's city values."""
    role = policy.role_of(user)
    if role == Role.COUNTY and user.region_id:
        return {"region": user.region_id}
    if role == Role.DEPARTMENT and user.department_id:
        return {"department": user.department_id}
    return {}


@todo.source
def unit_reporting(user, today: dt.date):
    """A county's or department's values for each open year, and a department's progress reports."""
    unit = _unit(user)
    if not unit:
        return
    years = selectors.open_years(today)
    if policy.allowed(user, "targets.enter"):
        yield from _values_to_submit(user, unit, years, today)
    if "department" in unit and policy.allowed(user, "targets.report_progress"):
        yield from _progress_reports_due(unit["department"], years, today)


def _values_to_submit(user, unit: dict, years: dict, today: dt.date):
    submissions = {
        s.year: s for s in Submission.objects.for_user(user, "change").filter(year__in=list(years), **unit)
    }
    for year, closes_on in years.items():
        submission = submissions.get(year)
        if submission is not None and submission.status != SubmissionStatus.DRAFT:
            continue
        indicators = selectors.unit_indicators(year=year, **unit)
        if not indicators:
            continue
        missing = sum(1 for i in indicators if not i.has_value)
        url = f"{reverse('targets:measurement_list')}?year={year}"
        near = closes_on is not None and closes_on - today <= URGENT_WITHIN
        if submission is not None and submission.reason:
            label = f"{year}年数据被退回，修改后重新报送（{submission.reason}）"
            yield todo.Todo(label, url, due=closes_on, urgent=True, area="目标")
        elif missing:
            label = f"填报{year}年指标数值（尚缺 {missing} 项），然后报送"
            yield todo.Todo(label, url, count=missing, due=closes_on, urgent=near, area="目标")
        else:
            yield todo.Todo(f"报送{year}年数据（已填齐）", url, due=closes_on, urgent=near, area="目标")


@todo.source
def submissions_to_approve(user, today: dt.date):
    if not policy.allowed(user, "targets.approve"):
        return
    waiting = (
        Submission.objects.for_user(user)
        .filter(status=SubmissionStatus.SUBMITTED)
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    for year, n in waiting:
        url = f"{reverse('targets:approvals')}?year={year}"
        yield todo.Todo(f"审核各单位报送的{year}年数据", url, count=n, area="目标")


def _progress_reports_due(department: int, years: dict, today: dt.date):
    """Key tasks the department leads or supports without a progress report for an open year."""
    for year, closes_on in years.items():
        reported = TaskReport.objects.filter(task=OuterRef("pk"), department=department, year=year)
        due = (
            KeyTask.objects.filter(Q(lead=department) | Q(supporting=department))
            .exclude(Exists(reported))
            .distinct()
            .count()
        )
        if due:
            url = f"{reverse('targets:task_list')}?year={year}"
            near = closes_on is not None and closes_on - today <= URGENT_WITHIN
            label = f"报告{year}年重点工作进展"
            yield todo.Todo(label, url, count=due, due=closes_on, urgent=near, area="重点工作")
