"""Every page of inspections by every role: the scoping matrix, forms through services, audit rows, query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from core import stats
from inspections import selectors
from inspections.choices import Conclusion
from inspections.models import AcceptanceRecord, Inspector, ProductClass, SpotCheckResult
from organizations.models import Department, Region
from tests.factories import EnterpriseFactory
from tests.inspections.factories import AcceptanceRecordFactory, SpotCheckResultFactory

pytestmark = pytest.mark.django_db
ROLES = ["office", "leader", "admin", "county", "department"]
OPEN_PAGES = [
    "inspections:result_list",
    "inspections:plan_list",
    "inspections:acceptance_list",
    "inspections:pass_rates",
    "inspections:class_list",
]


@pytest.fixture
def own_and_other(county, other_county, department, other_department):
    own = SpotCheckResultFactory(region=county, department=department, product_name="本县本单位样品")
    other = SpotCheckResultFactory(
        region=other_county, department=other_department, product_name="他县他单位样品"
    )
    return own, other


@pytest.mark.parametrize(
    "url_name", [*OPEN_PAGES, "inspections:risks", "inspections:import", "inspections:inspector_list"]
)
def test_pages_need_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", OPEN_PAGES)
def test_open_pages_render_for_every_role(client_for, role_users, own_and_other, role, url_name):
    stats.run_now()
    response = client_for(role_users[role]).get(reverse(url_name))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "role, status", [("office", 200), ("admin", 200), ("leader", 403), ("county", 403), ("department", 403)]
)
@pytest.mark.parametrize(
    "url_name", ["inspections:risks", "inspections:inspector_list", "inspections:inspector_add"]
)
def test_office_pages(client_for, role_users, role, status, url_name):
    assert client_for(role_users[role]).get(reverse(url_name)).status_code == status


@pytest.mark.parametrize(
    "role, names",
    [
        ("office", {"本县本单位样品", "他县他单位样品"}),
        ("leader", {"本县本单位样品", "他县他单位样品"}),
        ("county", {"本县本单位样品"}),
        ("department", {"本县本单位样品"}),
    ],
)
def test_result_list_shows_the_users_scope(client_for, role_users, own_and_other, role, names):
    page = client_for(role_users[role]).get(reverse("inspections:result_list")).content.decode()
    assert {n for n in ("本县本单位样品", "他县他单位样品") if n in page} == names


def test_result_detail_out_of_scope_is_404(client_for, county_user, own_and_other):
    own, other = own_and_other
    client = client_for(county_user)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404


def test_result_list_query_count_is_flat(client_for, office_user, county, django_assert_num_queries):
    SpotCheckResultFactory.create_batch(30, region=county)
    client = client_for(office_user)
    # session, user, the count (exact to core.paging's cap) and its estimate, the filter's product classes
    # and regions, one page of results with product class and region joined.
    with django_assert_num_queries(7):
        response = client.get(reverse("inspections:result_list"))
    assert response.status_code == 200


def test_result_list_exports_the_filtered_rows(client_for, office_user, own_and_other):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for(office_user).get(
        reverse("inspections:result_list"), {"region": "211103", "export": "xlsx"}
    )
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 1 and "本县本单位样品" in rows[0]


def form_data(**extra):
    return {
        "level": "municipal",
        "product_class": ProductClass.objects.get(code="building_materials").pk,
        "sampled_on": "2015-06-01",
        "product_name": "钢筋",
        "producer_name": "",
        "sampled_unit_name": "",
        "conclusion": "pass",
        **extra,
    }


def test_department_enters_a_result_by_credit_code(client_for, department_user, county):
    enterprise = EnterpriseFactory(name="盘锦示例钢铁有限公司", region=county)
    response = client_for(department_user).post(
        reverse("inspections:result_add"), form_data(sampled_unit=enterprise.uscc.lower())
    )
    assert response.status_code == 302
    result = SpotCheckResult.objects.get()
    assert result.sampled_unit == enterprise and result.sampled_unit_name == "盘锦示例钢铁有限公司"
    assert result.region == county and result.department == department_user.department
    assert result.history.get().history_user == department_user


def test_form_errors_name_the_field(client_for, office_user):
    response = client_for(office_user).post(
        reverse("inspections:result_add"),
        form_data(conclusion="fail", sampled_unit_name="某厂", region=Region.objects.get(code="211103").pk),
    )
    assert response.status_code == 200 and "结论为不合格时须填写不合格项目" in response.content.decode()
    response = client_for(office_user).post(
        reverse("inspections:result_add"), form_data(sampled_unit="91211103MA0000000X")
    )
    assert "企业库中没有“91211103MA0000000X”" in response.content.decode()
    assert not SpotCheckResult.objects.exists()


def test_inspector_conflicts_entered_one_enterprise_a_line(client_for, office_user):
    by_code, by_name = EnterpriseFactory(), EnterpriseFactory(name="盘锦回避示例有限公司")
    zjj = Department.objects.get(code="zjj")
    data = {"name": "王检查", "badge_no": "辽质监99999", "department": zjj.pk}
    client = client_for(office_user)
    response = client.post(
        reverse("inspections:inspector_add"),
        {**data, "conflicts_text": f"{by_code.uscc} {by_code.name}\n\n盘锦无此企业有限公司"},
    )
    assert "第3行：企业库中没有“盘锦无此企业有限公司”" in response.content.decode()
    assert not Inspector.objects.exists()
    response = client.post(
        reverse("inspections:inspector_add"),
        {**data, "is_active": "on", "conflicts_text": f"{by_code.uscc.lower()}\n{by_name.name}"},
    )
    inspector = Inspector.objects.get()
    assert response.status_code == 302 and set(inspector.conflicts.all()) == {by_code, by_name}
    # Two audit rows: the inspector, then the conflicts set on it.
    assert {h.history_user for h in inspector.history.all()} == {office_user}
    # The edit form shows them back as "code name" lines.
    page = client.get(reverse("inspections:inspector_edit", args=[inspector.pk])).content.decode()
    assert f"{by_name.uscc} {by_name.name}" in page


def test_edit_records_who_changed_what(client_for, office_user, own_and_other):
    own, _ = own_and_other
    client = client_for(office_user)
    data = form_data(
        product_class=own.product_class_id,
        product_name=own.product_name,
        producer_name=own.producer_name,
        region=own.region_id,
        conclusion="fail",
        failed_items="标签",
        sampled_on="2015-03-10",
    )
    assert client.post(reverse("inspections:result_edit", args=[own.pk]), data).status_code == 302
    own.refresh_from_db()
    assert own.conclusion == Conclusion.FAIL and own.history.first().history_user == office_user
    page = client.get(own.get_absolute_url()).content.decode()
    assert "修改" in page and "标签" in page


def test_county_cannot_enter_or_edit(client_for, county_user, own_and_other):
    own, _ = own_and_other
    client = client_for(county_user)
    assert client.get(reverse("inspections:result_add")).status_code == 403
    assert client.post(reverse("inspections:result_edit", args=[own.pk]), form_data()).status_code == 403


def test_department_cannot_edit_another_units_result(client_for, department_user, own_and_other):
    _, other = own_and_other
    response = client_for(department_user).post(
        reverse("inspections:result_edit", args=[other.pk]), form_data()
    )
    assert response.status_code == 404


def test_department_enters_acceptance_records_for_itself(
    client_for, department_user, other_department_user, county
):
    data = {
        "project_name": "兴隆台区某小区3号楼",
        "size": "large",
        "region": county.pk,
        "department": department_user.department_id,
        "accepted_on": "2015-05-01",
        "first_time_passed": "on",
    }
    assert client_for(department_user).post(reverse("inspections:acceptance_add"), data).status_code == 302
    record = AcceptanceRecord.objects.get()
    assert record.first_time_passed and record.history.get().history_user == department_user
    # 农委 may not enter for 住建委: nothing is written.
    response = client_for(other_department_user).post(
        reverse("inspections:acceptance_add"), {**data, "project_name": "越权"}
    )
    assert response.status_code == 200 and "无权" in response.content.decode()
    assert AcceptanceRecord.objects.count() == 1


def test_acceptance_detail_scoped(client_for, county_user, other_county):
    record = AcceptanceRecordFactory(region=other_county)
    assert client_for(county_user).get(record.get_absolute_url()).status_code == 404


def test_results_for_enterprise_as_producer_or_sampled_unit(county_user, office_user, county, other_county):
    enterprise = EnterpriseFactory()
    as_producer = SpotCheckResultFactory(producer=enterprise, region=county)
    as_sampled = SpotCheckResultFactory(sampled_unit=enterprise, region=other_county)
    SpotCheckResultFactory()
    assert set(selectors.results_for_enterprise(enterprise, office_user)) == {as_producer, as_sampled}
    assert set(selectors.results_for_enterprise(enterprise, county_user)) == {as_producer}


def test_pass_rate_page_shows_the_snapshot(client_for, county_user, county):
    SpotCheckResultFactory.create_batch(3, region=county, sampled_on=dt.date(2015, 4, 1))
    SpotCheckResultFactory(region=county, sampled_on=dt.date(2015, 4, 2), conclusion=Conclusion.FAIL)
    stats.run_now()
    page = (
        client_for(county_user)
        .get(reverse("inspections:pass_rates"), {"region": "211103", "year": "2015"})
        .content.decode()
    )
    assert "75.00%" in page and "2015-Q2" in page
    # The region choice offers what the county may read: the city and itself.
    assert '<option value="211100"' in page and '<option value="211122"' not in page


def test_risk_flags_below_target_and_sharp_drop(client_for, office_user, county):
    food = ProductClass.objects.get(code="food")  # target 90%
    SpotCheckResultFactory.create_batch(20, region=county, sampled_on=dt.date(2014, 5, 1))  # 2014: 100%
    SpotCheckResultFactory.create_batch(17, region=county, sampled_on=dt.date(2015, 5, 1))
    SpotCheckResultFactory.create_batch(
        3, region=county, sampled_on=dt.date(2015, 5, 2), conclusion=Conclusion.FAIL
    )
    stats.run_now()
    flags = selectors.risk_flags(region=county, year=2015)
    yearly = [f for f in flags if f.period == "2015" and f.product_class == food]
    assert len(yearly) == 1
    assert yearly[0].rate == 85 and yearly[0].previous_rate == 100
    assert yearly[0].reasons == ("低于目标 90.00%", "较上期下降 15.00 个百分点")
    page = client_for(office_user).get(reverse("inspections:risks"), {"year": 2015}).content.decode()
    assert "低于目标 90.00%" in page and "兴隆台区" in page
    assert not selectors.risk_flags(region=county, year=2014)


def test_enterprise_record_lists_its_checks_in_scope(client_for, county_user, county, other_county):
    enterprise = EnterpriseFactory(region=county)
    SpotCheckResultFactory(
        producer=enterprise, region=county, product_name="本县样品", conclusion=Conclusion.FAIL
    )
    SpotCheckResultFactory(sampled_unit=enterprise, region=other_county, product_name="他县样品")
    page = client_for(county_user).get(enterprise.get_absolute_url()).content.decode()
    assert "监督抽查" in page and "本县样品" in page and "他县样品" not in page
    assert "共 1 批次，不合格 1 批次" in page


def test_enterprise_record_links_to_all_its_checks_past_the_recent_ones(client_for, office_user, county):
    enterprise = EnterpriseFactory(region=county)
    SpotCheckResultFactory.create_batch(21, producer=enterprise, sampled_unit=enterprise, region=county)
    page = client_for(office_user).get(enterprise.get_absolute_url()).content.decode()
    link = f"{reverse('inspections:result_list')}?q={enterprise.uscc}"
    assert "仅列出最近 20 批次" in page and f'href="{link}">查看全部 21 批次</a>' in page
    # The link finds exactly the enterprise's checks.
    listed = client_for(office_user).get(link).content.decode()
    assert "共 21 条" in listed


def test_result_list_links_registered_enterprises_to_their_record(client_for, office_user, county):
    enterprise = EnterpriseFactory(region=county)
    SpotCheckResultFactory(producer=enterprise, producer_name=enterprise.name, region=county)
    page = client_for(office_user).get(reverse("inspections:result_list")).content.decode()
    assert f'href="{enterprise.get_absolute_url()}"' in page


def test_result_detail_has_a_breadcrumb_and_dashes_for_empty_fields(client_for, office_user, own_and_other):
    own, _ = own_and_other
    page = client_for(office_user).get(own.get_absolute_url()).content.decode()
    assert f'href="{reverse("inspections:result_list")}">抽查结果</a>' in page
    assert '<span class="text-secondary">—</span>' in page  # e.g. no import batch: a dash, not a blank cell


def test_empty_list_says_what_to_do(client_for, office_user):
    page = (
        client_for(office_user)
        .get(reverse("inspections:result_list"), {"q": "没有这种产品"})
        .content.decode()
    )
    assert "共 0 条" in page and "没有符合筛选条件的记录" in page and "清除筛选" in page
    page = client_for(office_user).get(reverse("inspections:import")).content.decode()
    assert "还没有导入过抽查结果表" in page


def test_risk_rows_link_to_the_results_behind_them(client_for, office_user, county):
    SpotCheckResultFactory.create_batch(17, region=county, sampled_on=dt.date(2015, 5, 1))
    SpotCheckResultFactory.create_batch(
        3, region=county, sampled_on=dt.date(2015, 5, 2), conclusion=Conclusion.FAIL
    )
    stats.run_now()
    page = client_for(office_user).get(reverse("inspections:risks"), {"year": 2015}).content.decode()
    assert f"{reverse('inspections:result_list')}?year=2015&amp;region=211103&amp;product_class=food" in page
