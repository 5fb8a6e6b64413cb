"""The yearly action plan: the office's items, the lead unit's progress with evidence (a county included), the
office seeing it, overdue items on the to-do list, the circulated table as .xlsx, key tasks linking to items."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import todo
from organizations.models import Department
from plans.models import Plan, PlanItem, PlanProgress
from targets.models import KeyTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(reference):
    return Plan.objects.create(year=2015, title="盘锦市2015年实施质量强市战略行动计划")


@pytest.fixture
def county_item(plan, county):
    item = PlanItem.objects.create(
        plan=plan,
        number=1,
        task="将质量发展目标纳入本县区国民经济和社会发展计划",
        clause="三(一)1",
        key_task=KeyTask.objects.get(clause="三(一)1"),
        lead_region=county,
        deadline=dt.date(2015, 6, 30),
        output="县区政府印发的年度计划",
    )
    item.supporting_departments.set([Department.objects.get(code="fgw")])
    return item


@pytest.fixture
def other_item(plan, other_county):
    return PlanItem.objects.create(
        plan=plan,
        number=2,
        task="开展质量强县区活动",
        clause="三(一)3",
        lead_region=other_county,
        deadline=dt.date(2015, 11, 30),
        output="创建方案",
    )


def test_a_county_reports_progress_on_its_item_and_the_office_sees_it(
    client_for, county_user, office_user, county_item
):
    page = client_for(county_user).get(f"/plans/items/{county_item.pk}/").content.decode()
    assert f"/plans/items/{county_item.pk}/progress/" in page
    response = client_for(county_user).post(
        f"/plans/items/{county_item.pk}/progress/",
        {
            "status": "done",
            "text": "县政府常务会议审议通过，已印发。",
            "evidence": SimpleUploadedFile("计划文件.pdf", b"%PDF-1.4 plan", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report = PlanProgress.objects.get()
    assert (report.item, report.reported_by, report.evidence_name) == (
        county_item,
        county_user,
        "计划文件.pdf",
    )
    county_item.refresh_from_db()
    assert county_item.status == "done" and county_item.progress == "县政府常务会议审议通过，已印发。"
    assert report.history.count() == 1
    office = client_for(office_user).get(f"/plans/items/{county_item.pk}/").content.decode()
    assert "县政府常务会议审议通过" in office and f"/plans/progress/{report.pk}/evidence/" in office
    download = client_for(office_user).get(f"/plans/progress/{report.pk}/evidence/")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    # The office sees it in the plan's table and through the API too.
    assert (
        "已完成：县政府常务会议审议通过"
        in client_for(office_user).get(f"/plans/{county_item.plan_id}/").content.decode()
    )


def test_another_county_can_neither_report_on_the_item_nor_see_its_evidence(
    client_for, api_for, county_user, other_county_user, county_item
):
    from plans import services

    report = services.plan_progress_report(
        item=county_item, user=county_user, status="on_track", text="推进中"
    )
    assert client_for(other_county_user).get(f"/plans/items/{county_item.pk}/progress/").status_code == 404
    assert client_for(other_county_user).get(f"/plans/progress/{report.pk}/evidence/").status_code == 404
    refused = api_for(other_county_user).post(
        f"/api/v1/plans/items/{county_item.pk}/progress/", {"status": "done", "text": "x"}, format="json"
    )
    assert refused.status_code == 404
    assert api_for(other_county_user).get("/api/v1/plans/progress/").json()["results"] == []
    page = client_for(other_county_user).get(f"/plans/items/{county_item.pk}/").content.decode()
    assert "报告进展" not in page
    assert PlanProgress.objects.count() == 1


def test_the_lead_county_reports_through_the_api(api_for, county_user, office_user, county_item):
    response = api_for(county_user).post(
        f"/api/v1/plans/items/{county_item.pk}/progress/",
        {"status": "lagging", "text": "待县人大审议"},
        format="json",
    )
    assert response.status_code == 201, response.content
    item = api_for(office_user).get(f"/api/v1/plans/items/{county_item.pk}/").json()
    assert (item["status"], item["progress"], item["lead_region"]) == (
        "lagging",
        "待县人大审议",
        county_item.lead_region.code,
    )
    # A county does not change the plan itself.
    assert (
        api_for(county_user)
        .patch(f"/api/v1/plans/items/{county_item.pk}/", {"task": "x"}, format="json")
        .status_code
        == 403
    )


def test_plans_api_nests_items_and_filters_them_by_year(
    api_for, county_user, office_user, county_item, other_item
):
    Plan.objects.create(year=2016, title="2016年行动计划")
    plans = api_for(county_user).get("/api/v1/plans/", {"year": 2015}).json()["results"]
    assert [p["year"] for p in plans] == [2015]
    assert [i["number"] for i in plans[0]["items"]] == [1, 2]
    items = api_for(county_user).get("/api/v1/plans/items/", {"year": 2016}).json()["results"]
    assert items == []
    body = {
        "plan": county_item.plan_id,
        "number": 3,
        "task": "开展顾客满意度测评",
        "clause": "三(三)3",
        "key_task": "三(三)3",
        "lead_department": "fwyw",
        "supporting_departments": ["zjj"],
        "deadline": "2015-12-15",
        "output": "测评报告",
    }
    created = api_for(office_user).post("/api/v1/plans/items/", body, format="json")
    assert created.status_code == 201, created.content
    both = api_for(office_user).post(
        "/api/v1/plans/items/", {**body, "number": 4, "lead_region": "211103"}, format="json"
    )
    assert both.status_code == 400 and "二者选一" in both.content.decode()


def test_overdue_items_reach_the_lead_units_and_the_offices_to_do_list(
    county_user, other_county_user, office_user, county_item, other_item
):
    today = dt.date(2015, 7, 1)

    def plan_items(user, day):  # the other apps' to-dos (values to enter, filings) are theirs to test
        return [t for t in todo.items_for(user, day) if t.area == "行动计划"]

    [mine] = plan_items(county_user, today)
    assert mine.count == 1 and mine.urgent and mine.due == dt.date(2015, 6, 30) and "overdue=true" in mine.url
    assert plan_items(other_county_user, today) == []
    assert [t.count for t in plan_items(office_user, dt.date(2015, 12, 1))] == [2]
    county_item.status = "done"
    county_item.save(update_fields=["status"])
    assert plan_items(county_user, today) == []


def test_the_plan_exports_as_the_table_offices_circulate(client_for, leader_user, county_item, other_item):
    response = client_for(leader_user).get("/plans/items/", {"year": 2015, "export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    filters, *rows = list(sheet.iter_rows(values_only=True))
    assert filters[0].startswith("筛选条件：年度 2015")  # the line above every list export
    assert list(rows[0]) == ["序号", "工作任务", "牵头单位", "配合单位", "完成时限", "进展"]
    assert rows[1][0] == 1 and rows[1][2] == county_item.lead_region.name and rows[1][3] == "发改委"
    assert rows[1][5] == "尚未开展"


def test_the_key_task_page_lists_its_plan_items_of_each_year(client_for, county_user, county_item):
    page = client_for(county_user).get(f"/targets/tasks/{county_item.key_task_id}/").content.decode()
    section = page.split('id="plan-items"')[1].split("</ul>")[0]
    assert "2015年第1项" in section and county_item.lead_region.name in section


def test_a_unit_filters_the_plan_to_the_items_it_leads(
    client_for, api_for, county_user, county_item, other_item
):
    page = client_for(county_user).get("/plans/items/", {"mine": "true"}).content.decode()
    assert f"/plans/items/{county_item.pk}/" in page and f"/plans/items/{other_item.pk}/" not in page
    rows = api_for(county_user).get("/api/v1/plans/items/", {"mine": "true"}).json()["results"]
    assert [row["id"] for row in rows] == [county_item.pk]


def test_the_office_writes_the_plan_and_its_items_on_the_web(client_for, office_user, county, reference):
    client = client_for(office_user)
    response = client.post(
        "/plans/add/", {"year": 2016, "title": "2016年行动计划", "document_no": "", "issued_on": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get(year=2016)
    fgw, zjj = Department.objects.get(code="fgw"), Department.objects.get(code="zjj")
    item = {
        "plan": plan.pk,
        "number": 1,
        "task": "纳入发展计划",
        "clause": "三(一)1",
        "key_task": KeyTask.objects.get(clause="三(一)1").pk,
        "lead_region": county.pk,
        "supporting_departments": [fgw.pk, zjj.pk],
        "deadline": "2016-06-30",
        "output": "计划文件",
    }
    response = client.post("/plans/items/add/", item)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = PlanItem.objects.get()
    assert created.lead == county and set(created.supporting_departments.all()) == {fgw, zjj}
    both = client.post("/plans/items/add/", {**item, "number": 2, "lead_department": fgw.pk})
    assert both.status_code == 200 and "二者选一" in both.content.decode()
