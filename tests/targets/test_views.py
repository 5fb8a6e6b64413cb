"""Every targets page by every role: the anonymous / no-permission / permitted / out-of-scope matrix."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from targets.choices import SubmissionStatus
from targets.models import KeyTask, Measurement, Submission, Target, TaskReport
from tests.targets.factories import MeasurementFactory

ROLES = ["office", "leader", "admin", "county", "department"]
PAGES = {
    "targets:board": set(ROLES),
    "targets:task_list": set(ROLES),
    "targets:measurement_list": {"office", "admin", "county", "department"},
    "targets:measurement_add": {"office", "admin", "county", "department"},
    "targets:approvals": {"office", "admin"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", [*PAGES, "targets:closure_add"])
def test_pages_need_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", list(PAGES))
def test_pages_render_or_refuse_by_role(role_users, client_for, compute, role, url_name):
    compute()
    response = client_for(role_users[role]).get(reverse(url_name))
    assert response.status_code == (200 if role in PAGES[url_name] else 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_detail_pages_render_for_every_role(role_users, client_for, compute, role):
    MeasurementFactory(indicator="producer_service_satisfaction", value=86)
    compute()
    client = client_for(role_users[role])
    page = client.get(reverse("targets:target_detail", args=["producer_service_satisfaction-2015"]))
    assert page.status_code == 200 and "顾客满意度达到85%以上" in page.content.decode()
    assert client.get(KeyTask.objects.get(clause="三(三)2").get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_board_shows_every_target_with_status_in_few_queries(
    client_for, office_user, compute, django_assert_num_queries
):
    MeasurementFactory(indicator="producer_service_satisfaction", value=86)
    MeasurementFactory(indicator="consumer_service_satisfaction", value=79)
    compute()
    client = client_for(office_user)
    # 1 session, 2 user, 3 targets with indicators and departments, 4 the city, 5 the current run's city
    # attainment rows, 6 the current run: the same whatever the number of targets, regions or years.
    with django_assert_num_queries(6):
        response = client.get(reverse("targets:board"))
    html = response.content.decode()
    assert html.count('href="/targets/t/') == Target.objects.count()
    assert "status-met" in html and "status-not_met" in html


@pytest.mark.django_db
def test_board_shows_the_judged_years_figure_when_the_latest_is_another_year(
    client_for, office_user, compute
):
    MeasurementFactory(indicator="producer_service_satisfaction", period="2015", value=84)
    MeasurementFactory(indicator="producer_service_satisfaction", period="2016", value=88)
    compute()
    html = client_for(office_user).get(reverse("targets:board")).content.decode()
    # Each value stands beside its own year's status: 2015's 84 未达成, 2016's 88 已达成, never 88 beside 未达成.
    row = html[html.index("生产性服务业顾客满意度85%以上") :]
    row = row[: row.index("</tr>")]
    target_year, latest = row.split('<td class="text-nowrap">')[-2:]
    assert "84" in target_year and "未达成" in target_year and "2015" in target_year
    assert "88" in latest and "已达成" in latest and "2016" in latest and "未达成" not in latest


@pytest.mark.django_db
def test_target_page_speaks_to_people_not_in_codes(client_for, office_user, compute):
    compute()
    html = (
        client_for(office_user)
        .get(reverse("targets:target_detail", args=["provincial_spot_check_pass_rate-2015"]))
        .content.decode()
    )
    assert "由监督抽查统计自动生成" in html
    assert "inspections.pass_rate" not in html and "<code>" not in html
    assert f'href="{reverse("targets:board")}">目标看板</a>' in html  # the breadcrumb


@pytest.mark.django_db
def test_measurement_list_is_scoped(client_for, department_user, county_user, other_county, county, city):
    own_dept = MeasurementFactory(indicator="new_tech_demo_projects", value=3)
    other_dept = MeasurementFactory(indicator="producer_service_satisfaction", value=86)
    own_county = MeasurementFactory(indicator="agri_standard_coverage", region=county, value=31)
    other_county_row = MeasurementFactory(indicator="agri_standard_coverage", region=other_county, value=31)
    dept_page = client_for(department_user).get(reverse("targets:measurement_list")).content.decode()
    assert reverse("targets:measurement_edit", args=[own_dept.pk]) in dept_page
    assert reverse("targets:measurement_edit", args=[other_dept.pk]) not in dept_page
    county_page = client_for(county_user).get(reverse("targets:measurement_list")).content.decode()
    assert reverse("targets:measurement_edit", args=[own_county.pk]) in county_page
    assert reverse("targets:measurement_edit", args=[other_county_row.pk]) not in county_page
    assert reverse("targets:measurement_edit", args=[own_dept.pk]) not in county_page
    assert (
        client_for(county_user)
        .get(reverse("targets:measurement_edit", args=[other_county_row.pk]))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_department_enters_value_through_the_form_and_status_changes_after_recompute(
    client_for, department_user, compute, city
):
    status = compute()
    assert status("new_tech_demo_projects-2015", city, 2015).status == "no_data"
    client = client_for(department_user)
    form = client.get(reverse("targets:measurement_add")).content.decode()
    assert (
        "建筑业新技术应用示范工程" in form and "农业标准化生产普及率" not in form
    )  # only its own indicators
    assert "disabled" in form and "自动生成：工程一次验收统计" in form  # derived: listed, not selectable
    indicator = Target.objects.get(code="new_tech_demo_projects-2015").indicator
    response = client.post(
        reverse("targets:measurement_add"),
        {
            "indicator": indicator.pk,
            "region": city.pk,
            "period": "2015",
            "value": "3",
            "source": "住建委公告",
        },
    )
    assert response.status_code == 302
    m = Measurement.objects.get()
    assert (m.value, m.entered_by, m.history.get().history_user) == (3, department_user, department_user)
    assert compute()("new_tech_demo_projects-2015", city, 2015).status == "met"


@pytest.mark.django_db
def test_form_errors_are_chinese_and_write_nothing(client_for, office_user, county):
    indicator = Target.objects.get(code="agri_standard_coverage-2015").indicator
    response = client_for(office_user).post(
        reverse("targets:measurement_add"),
        {
            "indicator": indicator.pk,
            "region": county.pk,
            "period": "2015",
            "numerator": "120",
            "denominator": "100",
        },
    )
    assert response.status_code == 200
    assert "分子（120）不能大于分母（100）" in response.content.decode()
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_locked_form_says_why_and_refuses_changes(client_for, county_user, county):
    m = MeasurementFactory(indicator="agri_standard_coverage", region=county, value=31)
    Submission.objects.create(
        region=county, year=2015, status=SubmissionStatus.APPROVED, approved_at="2016-01-10T10:00:00+08:00"
    )
    client = client_for(county_user)
    page = client.get(reverse("targets:measurement_edit", args=[m.pk])).content.decode()
    assert "兴隆台区2015年的数据已于2016-01-10审核通过并锁定" in page and "<fieldset disabled>" in page
    response = client.post(
        reverse("targets:measurement_edit", args=[m.pk]),
        {"indicator": m.indicator_id, "region": county.pk, "period": "2015", "value": "50"},
    )
    assert response.status_code == 200
    m.refresh_from_db()
    assert m.value == 31


@pytest.mark.django_db
def test_submit_approve_and_unapprove_through_the_pages(client_for, county_user, office_user, county):
    MeasurementFactory(indicator="agri_standard_coverage", region=county, value=31)
    page = client_for(county_user).get(reverse("targets:measurement_list") + "?year=2015").content.decode()
    assert "报送2015年数据" in page
    submit = reverse("targets:submission_action", args=["submit"])
    # 报送 is a link to a confirmation page that names the missing indicators and asks why.
    assert f'href="{submit}?year=2015&amp;region={county.code}' in page
    confirm = client_for(county_user).get(submit, {"year": 2015, "region": county.code}).content.decode()
    assert "报送兴隆台区2015年数据" in confirm and "尚有 <strong>2</strong> 项指标没有数值" in confirm
    assert "建设工程质量投诉量" in confirm and 'name="reason"' in confirm
    refused = client_for(county_user).post(submit, {"year": 2015, "region": county.code})
    assert refused["Location"] == f"{submit}?year=2015&region={county.code}"
    assert not Submission.objects.filter(region=county, year=2015).exists()
    client_for(county_user).post(submit, {"year": 2015, "region": county.code, "reason": "两项待测评"})
    assert Submission.objects.get(region=county, year=2015).status == "submitted"
    # A county cannot approve its own submission.
    refused = client_for(county_user).post(
        reverse("targets:submission_action", args=["approve"]), {"year": 2015, "region": county.code}
    )
    assert refused.status_code == 403
    office = client_for(office_user)
    approvals = office.get(reverse("targets:approvals") + "?year=2015").content.decode()
    assert "审核通过" in approvals and "缺项说明：两项待测评" in approvals and "缺 2 项" in approvals
    approve = reverse("targets:submission_action", args=["approve"])
    page = office.get(approve, {"year": 2015, "region": county.code}).content.decode()
    assert "审核通过兴隆台区2015年数据" in page and "缺项说明：两项待测评" in page
    reopen = office.get(
        reverse("targets:submission_action", args=["reopen"]), {"year": 2015, "region": county.code}
    )
    assert "退回兴隆台区2015年数据" in reopen.content.decode()
    # Only the office is asked to approve or return; only a unit's own staff to submit.
    assert client_for(county_user).get(approve, {"year": 2015, "region": county.code}).status_code == 403
    assert client_for(county_user).get(submit, {"year": 2015, "region": "211122"}).status_code == 403
    # Confirmation pages of another unit's year, or of nobody's, are not found.
    assert office.get(approve, {"year": 2015}).status_code == 404
    assert office.get(approve, {"year": "x", "region": county.code}).status_code == 404
    office.post(reverse("targets:submission_action", args=["approve"]), {"year": 2015, "region": county.code})
    submission = Submission.objects.get(region=county, year=2015)
    assert submission.status == "approved" and submission.approved_by == office_user
    office.post(
        reverse("targets:submission_action", args=["reopen"]),
        {"year": 2015, "region": county.code, "reason": "数据有误"},
    )
    submission.refresh_from_db()
    assert (
        submission.status == "draft"
        and submission.history.first().history_change_reason == "取消审核：数据有误"
    )


@pytest.mark.django_db
def test_office_judges_a_milestone(client_for, office_user, department_user, city):
    url = reverse("targets:judgement_edit", args=["green_building-2015"])
    assert client_for(department_user).get(url).status_code == 403
    response = client_for(office_user).post(
        url, {"region": city.pk, "year": 2015, "verdict": "on_track", "evidence": "新增绿色建筑5项"}
    )
    assert response.status_code == 302
    assert Target.objects.get(code="green_building-2015").judgements.get().evidence == "新增绿色建筑5项"


@pytest.mark.django_db
def test_task_report_form_with_attachments_and_unreported_overview(client_for, department_user, office_user):
    task = KeyTask.objects.get(clause="三(三)2")
    client = client_for(department_user)
    response = client.post(
        reverse("targets:report_add", args=[task.pk]),
        {
            "department": task.lead_id,
            "year": 2015,
            "status": "done",
            "text": "监督工程312项",
            "attachments": [SimpleUploadedFile("a.pdf", b"1"), SimpleUploadedFile("b.pdf", b"2")],
        },
    )
    assert response.status_code == 302
    report = TaskReport.objects.get()
    assert report.attachments.count() == 2 and report.history.get().history_user == department_user
    # 农委 is neither lead nor support: no report page for it.
    other = client_for(office_user).get(reverse("targets:task_list") + "?year=2015").content.decode()
    assert "交通局" in other  # still missing for 三(三)2
    row = other.split("三(三)2")[1].split("</tr>")[0]
    assert "住建委" not in row.split("<td>")[-1]


@pytest.mark.django_db
def test_leader_set_to_approved_data_only(
    client_for, leader_user, office_user, compute, settings, city, department
):
    settings.TARGETS_LEADERS_APPROVED_ONLY = True
    MeasurementFactory(indicator="new_tech_demo_projects", value=3)
    compute()
    url = reverse("targets:target_detail", args=["new_tech_demo_projects-2015"])
    assert "已达成" not in client_for(leader_user).get(url).content.decode()
    assert "已达成" in client_for(office_user).get(url).content.decode()
    Submission.objects.create(department=department, year=2015, status=SubmissionStatus.APPROVED)
    compute()
    assert "已达成" in client_for(leader_user).get(url).content.decode()


@pytest.mark.django_db
def test_measurement_export_is_xlsx_of_the_users_rows(client_for, county_user, county, other_county):
    from io import BytesIO

    from openpyxl import load_workbook

    MeasurementFactory(indicator="agri_standard_coverage", region=county, value=31)
    MeasurementFactory(indicator="agri_standard_coverage", region=other_county, value=22)
    response = client_for(county_user).get(reverse("targets:measurement_list"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2]) for r in rows] == [("兴隆台区", "2015")]


@pytest.mark.django_db
def test_measurement_list_queries_do_not_grow_with_rows(
    client_for, office_user, county, django_assert_num_queries
):
    client = client_for(office_user)
    for year in (2014, 2015, 2016, 2017):
        for quarter in (1, 2, 3, 4):
            MeasurementFactory(
                indicator="agri_standard_coverage", region=county, period=f"{year}-Q{quarter}", value=30
            )
    # 1 session, 2 user, 3 the latest year with values, 4 the count (the table's paginator, also shown as
    # "共 N 条"; exact to core.paging's cap), 5 its estimate, 6 indicator filter choices, 7 region filter
    # choices, 8 derived indicators for the note, 9 the page of rows with indicator, region and user joined:
    # 9 for 16 rows as for one.
    with django_assert_num_queries(9):
        client.get(reverse("targets:measurement_list"))


@pytest.mark.django_db
def test_board_shows_the_unfinished_year_apart_not_as_the_latest_value(client_for, office_user, compute):
    this_year = timezone.localdate().year
    MeasurementFactory(indicator="new_tech_demo_projects", period="2016", value=4)
    MeasurementFactory(indicator="new_tech_demo_projects", period=str(this_year), value=0)
    compute()
    html = client_for(office_user).get(reverse("targets:board")).content.decode()
    row = html[html.index("争创建筑业3项新技术应用示范工程") :]
    row = row[: row.index("</tr>")]
    latest = row.split('<td class="text-nowrap">')[-1]
    assert "4项" in latest and "2016" in latest and "已达成" in latest
    assert f"{this_year}年至今 0项（年度未完）" in latest


@pytest.mark.django_db
def test_completeness_grid_per_unit_and_indicator_scoped_by_the_policy(
    client_for, county_user, office_user, department_user, county, other_county
):
    MeasurementFactory(indicator="agri_standard_coverage", region=county, value=31)
    MeasurementFactory(indicator="agri_product_pass_rate", region=other_county, value=97)
    Submission.objects.create(region=other_county, year=2015, status="submitted")
    url = reverse("targets:completeness") + "?year=2015"
    assert (
        reverse("targets:completeness")
        in client_for(office_user).get(reverse("targets:approvals")).content.decode()
    )
    office = client_for(office_user).get(url)
    grid = office.context["grid"]
    rows = {str(u["unit"]): u for u in grid["units"]}
    assert set(rows) >= {"兴隆台区", "盘山县", "住建委"}
    assert (rows["兴隆台区"]["filled"], rows["兴隆台区"]["expected"], rows["兴隆台区"]["rate"]) == (1, 3, 33)
    assert "entered" in rows["兴隆台区"]["cells"] and "submitted" in rows["盘山县"]["cells"]
    names = [c["indicator"].code for c in grid["columns"]]
    coverage = grid["columns"][names.index("agri_standard_coverage")]
    assert (coverage["filled"], coverage["expected"]) == (1, 6)
    # A county sees its own row only; a department its own.
    own = client_for(county_user).get(url).context["grid"]
    assert [str(u["unit"]) for u in own["units"]] == ["兴隆台区"]
    assert "盘山县" not in client_for(county_user).get(url).content.decode()
    dept = client_for(department_user).get(url).context["grid"]
    assert [str(u["unit"]) for u in dept["units"]] == ["住建委"]
