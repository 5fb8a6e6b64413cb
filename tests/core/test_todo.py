"""The to-do list (issue 16, item 1): each app's sources, scoped by the policy; the page, the home block and the
menu count, each item linking to where it is done; few queries, and none for the count while it is cached."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from assessments.choices import AssessmentStatus, FilingStatus, Stage
from assessments.models import Assessment
from complaints.models import Complaint
from core import todo
from core.models import Job, JobStatus
from organizations.models import Region
from targets import services as target_services
from targets.choices import SubmissionStatus
from targets.models import Indicator, KeyTask, Measurement, PeriodClosure, Submission, TaskReport
from tests.assessments.factories import SchemeFactory
from tests.brands.factories import AwardFactory
from tests.complaints.factories import ComplaintFactory
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

TODAY = dt.date(2016, 3, 1)  # a Tuesday


def labels(user, today=TODAY) -> dict[str, todo.Todo]:
    return {t.label: t for t in todo.items_for(user, today)}


def find(user, text, today=TODAY) -> todo.Todo | None:
    return next((t for t in todo.items_for(user, today) if text in t.label), None)


def value(indicator_code: str, region_code: str, period: str = "2015", amount: str = "30") -> Measurement:
    return Measurement.objects.create(
        indicator=Indicator.objects.get(code=indicator_code),
        region=Region.objects.get(code=region_code),
        period=period,
        value=Decimal(amount),
    )


# --- targets ---------------------------------------------------------------------------------------------------


def test_county_is_asked_to_fill_its_missing_indicators_then_to_submit(county_user, other_county_user):
    PeriodClosure.objects.create(year=2015, closes_on=dt.date(2016, 3, 5))
    value("agri_standard_coverage", "211103")
    item = find(county_user, "填报2015年指标数值")
    # 3 indicators have county targets and are entered by hand; one is there.
    assert item is not None and item.count == 2 and item.due == dt.date(2016, 3, 5)
    assert item.urgent  # the year closes within a week
    assert item.url == f"{reverse('targets:measurement_list')}?year=2015"
    value("agri_product_pass_rate", "211103")
    value("construction_complaints", "211103", amount="12")
    assert find(county_user, "填报2015年") is None
    assert find(county_user, "报送2015年数据（已填齐）").count == 1
    # Another county's values are not this county's to-do, and theirs is still open.
    assert find(other_county_user, "填报2015年指标数值").count == 3
    target_services.submission_submit(user=county_user, region=county_user.region, year=2015)
    assert find(county_user, "2015年") is None


def test_a_returned_submission_is_urgent_for_its_county(county_user, office_user, county):
    value("agri_standard_coverage", "211103")
    submission = target_services.submission_submit(
        user=county_user, region=county, year=2015, gap_note="缺数据"
    )
    target_services.submission_reopen(user=office_user, submission=submission, reason="口径有误")
    item = find(county_user, "被退回")
    assert item.urgent and "口径有误" in item.label


def test_closed_years_are_no_longer_asked_for(county_user):
    value("agri_standard_coverage", "211103")
    PeriodClosure.objects.create(year=2015, closes_on=dt.date(2016, 2, 1))
    assert find(county_user, "2015年") is None


def test_office_approves_what_was_submitted_and_counties_do_not(
    office_user, county_user, county, other_county
):
    Submission.objects.create(region=county, year=2015, status=SubmissionStatus.SUBMITTED)
    Submission.objects.create(region=other_county, year=2015, status=SubmissionStatus.SUBMITTED)
    Submission.objects.create(region=county, year=2014, status=SubmissionStatus.APPROVED)
    item = find(office_user, "审核各单位报送的2015年数据")
    assert item.count == 2 and item.url == f"{reverse('targets:approvals')}?year=2015"
    assert find(county_user, "审核") is None


def test_department_reports_progress_on_the_tasks_it_leads_or_supports(department_user, department):
    value("new_tech_demo_projects", "211100", period="2015", amount="3")
    tasks = KeyTask.objects.filter(lead=department) | KeyTask.objects.filter(supporting=department)
    responsible = tasks.distinct().count()
    assert responsible >= 1
    item = find(department_user, "报告2015年重点工作进展")
    assert item.count == responsible and item.url == f"{reverse('targets:task_list')}?year=2015"
    TaskReport.objects.create(
        task=tasks.first(), department=department, year=2015, status="on_track", text="进展"
    )
    after = find(department_user, "报告2015年重点工作进展")
    assert (after.count if after else 0) == responsible - 1


# --- jobs -------------------------------------------------------------------------------------------------------


def test_checks_awaiting_confirmation_and_ready_reports_are_their_starters(office_user, county_user):
    now = timezone.now()
    check = Job.objects.create(
        kind="inspections.import",
        name="抽查表",
        check_only=True,
        status=JobStatus.CHECKED,
        user=office_user,
        finished_at=now,
    )
    Job.objects.create(
        kind="assessments.report",
        name="报告",
        status=JobStatus.SUCCEEDED,
        user=office_user,
        finished_at=now,
        result="jobs/results/x/report.pdf",
    )
    Job.objects.create(
        kind="inspections.import",
        name="旧检查",
        check_only=True,
        status=JobStatus.CHECKED,
        user=office_user,
        finished_at=now - dt.timedelta(days=30),
    )
    Job.objects.create(
        kind="inspections.import",
        name="别人的",
        check_only=True,
        status=JobStatus.CHECKED,
        user=county_user,
        finished_at=now,
    )
    today = timezone.localdate()
    item = find(office_user, "待确认导入", today)
    assert item.count == 1 and item.url == reverse("jobs:detail", args=[check.pk])
    assert find(office_user, "可下载", today).count == 1
    confirming = Job.objects.create(kind="inspections.import", name="导入", user=office_user, confirms=check)
    assert find(office_user, "待确认导入", today) is None and confirming.pk


# --- complaints -------------------------------------------------------------------------------------------------


def test_complaints_overdue_or_due_within_two_working_days_of_the_unit(
    county_user, other_county_user, office_user, county, other_county
):
    def order(assigned, due_on):
        c = ComplaintFactory(region=assigned)
        Complaint.objects.filter(pk=c.pk).update(status="assigned", assigned_region=assigned, due_on=due_on)

    order(county, TODAY - dt.timedelta(days=3))  # overdue
    order(county, TODAY + dt.timedelta(days=2))  # Thursday: the second working day
    order(county, TODAY + dt.timedelta(days=6))  # next Monday: later
    order(other_county, TODAY - dt.timedelta(days=1))
    overdue, soon = find(county_user, "超期未办"), find(county_user, "2个工作日内到期")
    assert (overdue.count, overdue.urgent, soon.count, soon.urgent) == (1, True, 1, False)
    assert overdue.url == reverse("complaints:overdue") and soon.url.endswith("?state=due_soon")
    assert find(other_county_user, "超期未办").count == 1
    assert find(office_user, "超期未办").count == 2


# --- assessments and awards -------------------------------------------------------------------------------------


def test_assessment_stages_with_dates(county_user, office_user, county, other_county):
    scheme = SchemeFactory(year=2015, stage=Stage.SELF_ASSESSMENT)
    own = Assessment.objects.create(scheme=scheme, region=county)
    Assessment.objects.create(scheme=scheme, region=other_county, status=AssessmentStatus.SUBMITTED)
    item = find(county_user, "完成并提交2015年度考核自评", dt.date(2016, 10, 8))
    assert item.due == scheme.self_assessment_due and item.urgent  # past 30 September
    assert item.url == own.get_absolute_url()
    Assessment.objects.filter(pk=own.pk).update(
        rectification_required=True, rectification_due=dt.date(2016, 12, 31), filing_status=FilingStatus.FILED
    )
    assert not find(county_user, "整改报告", dt.date(2016, 10, 8)).urgent
    scheme.stage = Stage.REVIEW
    scheme.save(update_fields=["stage"])
    item = find(office_user, "书面审核", dt.date(2016, 10, 8))
    assert item is not None and "盘山县" in item.label
    assert find(county_user, "书面审核", dt.date(2016, 10, 8)) is None


def test_awards_expiring_within_90_days_for_the_office(office_user, county_user):
    AwardFactory(year=2013, valid_from=dt.date(2013, 6, 1), valid_until=TODAY + dt.timedelta(days=40))
    AwardFactory(year=2013, valid_from=dt.date(2013, 6, 1), valid_until=TODAY + dt.timedelta(days=200))
    item = find(office_user, "90天内到期")
    assert (
        item.count == 1
        and item.due == TODAY + dt.timedelta(days=40)
        and item.url == reverse("brands:expiring")
    )
    assert find(county_user, "90天内到期") is None


# --- pages ------------------------------------------------------------------------------------------------------


@pytest.fixture
def overdue_for_county(county):
    c = ComplaintFactory(region=county)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Complaint.objects.filter(pk=c.pk).update(status="assigned", assigned_region=county, due_on=yesterday)


def test_page_block_and_count_show_the_users_items_with_links(
    client_for, county_user, other_county_user, overdue_for_county
):
    client = client_for(county_user)
    page = client.get(reverse("todo")).content.decode()
    assert "超期未办的投诉工单" in page and f'href="{reverse("complaints:overdue")}"' in page
    block = client.get(reverse("todo_block")).content.decode()
    assert "超期未办的投诉工单" in block and "全部待办" in block
    # The badge adds up every item's count (the county's missing indicators too), red when one is late.
    total = sum(t.count for t in todo.items_for(county_user))
    count = client.get(reverse("todo_count")).content.decode()
    assert f">{total}</span>" in count and "text-bg-danger" in count
    other = client_for(other_county_user)
    assert "超期未办" not in other.get(reverse("todo")).content.decode()
    assert f">{total - 1}</span>" in other.get(reverse("todo_count")).content.decode()


def test_home_pages_load_the_block_and_the_menu_loads_the_count(
    client_for, county_user, office_user, department_user
):
    for user, home in ((office_user, "dashboards:city"), (department_user, "targets:board")):
        page = client_for(user).get(reverse(home)).content.decode()
        assert f'hx-get="{reverse("todo_block")}"' in page and f'hx-get="{reverse("todo_count")}"' in page


def test_anonymous_users_are_sent_to_sign_in(client):
    for name in ("todo", "todo_block", "todo_count"):
        assert client.get(reverse(name))["Location"].startswith(reverse("accounts:login"))


def test_count_is_cached_and_forgotten_when_the_user_acts(
    client_for, county_user, overdue_for_county, redis_service
):
    client = client_for(county_user)
    client.get(reverse("todo_count"))
    total = sum(t.count for t in todo.items_for(county_user))
    # Cached: the count costs the session and user lookups only, whatever the sources.
    with CaptureQueriesContext(connection) as captured:
        assert f">{total}</span>" in client.get(reverse("todo_count")).content.decode()
    assert len(captured) == 2, [q["sql"] for q in captured]
    Complaint.objects.update(due_on=timezone.localdate() + dt.timedelta(days=30))
    assert f">{total}</span>" in client.get(reverse("todo_count")).content.decode()  # within the minute
    todo.forget(county_user)
    assert f">{total - 1}</span>" in client.get(reverse("todo_count")).content.decode()


# Queries of a whole to-do list, per role, with one open year and deadlines ahead:
# county: jobs; open years (closures, latest year); the county's merged regions (大洼县), its submissions, its
#   indicators; complaints (by deadline, then the holiday calendar); assessments; plan items overdue = 10
# department: jobs; open years; submissions, indicators; key tasks unreported; complaints (none of its own is
#   ahead here, so no calendar); plan items; agencies expiring; unpublished penalties, blacklist entries = 11
# office: jobs; submissions to approve; complaints, calendar; assessments; awards; plan items; agencies;
#   unpublished penalties, blacklist entries = 10
# leader: jobs (a leader changes no complaint, so that count is known empty without asking) = 1
QUERIES = {Role.COUNTY: 10, Role.DEPARTMENT: 11, Role.OFFICE: 10, Role.LEADER: 1}


def test_a_to_do_list_costs_few_queries_however_many_records(county, department, reference):
    users = {
        Role.COUNTY: make_user("q-county", Role.COUNTY, region=county),
        Role.DEPARTMENT: make_user("q-dept", Role.DEPARTMENT, department=department),
        Role.OFFICE: make_user("q-office", Role.OFFICE),
        Role.LEADER: make_user("q-leader", Role.LEADER),
    }

    # A few records: one order due today, so the holiday calendar is read (as it is whenever one is ahead).
    first = ComplaintFactory(region=county)
    Complaint.objects.filter(pk=first.pk).update(status="assigned", assigned_region=county, due_on=TODAY)

    def counts():
        result = {}
        for role, user in users.items():
            user = User.objects.get(pk=user.pk)  # nothing cached on the user object
            with CaptureQueriesContext(connection) as captured:
                todo.items_for(user, TODAY)
            result[role] = len(captured)
        return result

    few = counts()
    for index in range(12):
        c = ComplaintFactory(region=county)
        Complaint.objects.filter(pk=c.pk).update(status="assigned", assigned_region=county, due_on=TODAY)
        AwardFactory(
            year=2013, valid_from=dt.date(2013, 6, 1), valid_until=TODAY + dt.timedelta(days=index + 1)
        )
    for region in Region.objects.counties().exclude(pk=county.pk):
        Submission.objects.create(region=region, year=2015, status=SubmissionStatus.SUBMITTED)
    value("new_tech_demo_projects", "211100", amount="3")
    assert counts() == few
    assert few == QUERIES


def test_a_count_past_99_reads_99_plus_and_keeps_the_number_in_its_title():
    # 11,892 overdue orders on the large demo pushed the badge past the phone's header.
    html = render_to_string("todo/_count.html", {"count": 11892, "urgent": True})
    assert ">99+</span>" in html and "待办事项 11892 项" in html
    assert ">99</span>" in render_to_string("todo/_count.html", {"count": 99, "urgent": False})
