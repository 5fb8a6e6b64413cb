"""Every page and endpoint of organizations, by every role, with the scoping matrix."""

import re

import pytest
from django.urls import reverse

from organizations.models import Enterprise
from organizations.uscc import make_uscc
from tests.factories import EnterpriseFactory

ROLES = ["office", "leader", "admin", "county", "department"]


@pytest.fixture
def enterprises(county, other_county):
    own = EnterpriseFactory(
        name="盘锦兴隆台测试米业有限公司", uscc=make_uscc("91211103MA0000001"), region=county
    )
    other = EnterpriseFactory(
        name="盘山测试化工有限公司", uscc=make_uscc("91211122MA0000002"), region=other_county
    )
    return own, other


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    ["organizations:region_list", "organizations:department_list", "organizations:enterprise_list"],
)
def test_list_pages_need_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url_name",
    ["organizations:region_list", "organizations:department_list", "organizations:enterprise_list"],
)
def test_list_pages_render_for_every_role(role_users, client_for, enterprises, role, url_name):
    response = client_for(role_users[role]).get(reverse(url_name))
    assert response.status_code == 200
    assert "盘锦市质量强市工作平台" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_detail_pages_render_for_every_role(role_users, client_for, enterprises, county, department, role):
    client = client_for(role_users[role])
    for url in [county.get_absolute_url(), department.get_absolute_url(), enterprises[0].get_absolute_url()]:
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_region_list_shows_dates_like_every_other_page_and_a_breadcrumb(client_for, office_user, reference):
    html = client_for(office_user).get(reverse("organizations:region_list")).content.decode()
    assert "2016-03-20" in html and "2016年3月20日" not in html  # 大洼县 → 大洼区 (国函〔2016〕53号)
    assert '<li class="breadcrumb-item">基础数据</li>' in html


@pytest.mark.django_db
def test_enterprise_export_is_real_xlsx_of_the_filtered_rows(client_for, office_user, enterprises, county):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for(office_user).get(
        reverse("organizations:enterprise_list"), {"region": county.code, "export": "xlsx"}
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == ["盘锦兴隆台测试米业有限公司"]
    assert sheet.cell(1, 1).value.startswith("筛选条件：地区 兴隆台区")
    assert sheet.freeze_panes == "A3"  # the filters line and the header stay in view


@pytest.mark.django_db
def test_county_edits_own_enterprise_not_another_countys(client_for, county_user, enterprises):
    own, other = enterprises
    client = client_for(county_user)
    data = {
        "name": "盘锦兴隆台测试米业有限公司（改）",
        "uscc": own.uscc,
        "region": own.region_id,
        "industry": "稻米加工",
        "address": "",
    }
    assert client.post(reverse("organizations:enterprise_edit", args=[own.pk]), data).status_code == 302
    own.refresh_from_db()
    assert own.name.endswith("（改）")
    assert own.history.first().history_user == county_user
    response = client.post(
        reverse("organizations:enterprise_edit", args=[other.pk]), {**data, "region": other.region_id}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name == "盘山测试化工有限公司"


@pytest.mark.django_db
def test_county_cannot_create_an_enterprise_in_another_county(client_for, county_user, other_county):
    data = {
        "name": "越权企业",
        "uscc": make_uscc("91211122MA0000009"),
        "region": other_county.pk,
        "industry": "",
        "address": "",
    }
    response = client_for(county_user).post(reverse("organizations:enterprise_add"), data)
    assert response.status_code == 200 and "无权" in response.content.decode()
    assert not Enterprise.objects.filter(name="越权企业").exists()


@pytest.mark.django_db
def test_api_requires_authentication(api_for):
    assert api_for(None).get("/api/v1/regions/").status_code in (401, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_api_reference_lists_for_every_role(role_users, api_for, enterprises, role):
    client = api_for(role_users[role])
    regions = client.get("/api/v1/regions/").json()
    assert {"211100", "211103", "2111A1"} <= {r["code"] for r in regions["results"]}
    assert client.get("/api/v1/departments/zjw/").json()["short_name"] == "住建委"
    assert client.get("/api/v1/enterprises/").json()["count"] == 2


@pytest.mark.django_db
def test_api_enterprise_wrong_credit_code_answers_400_in_chinese(api_for, office_user, county):
    good = make_uscc("91211103MA0000003")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = api_for(office_user).post(
        "/api/v1/enterprises/", {"name": "测试企业", "uscc": bad, "region": county.code}, format="json"
    )
    assert response.status_code == 400
    assert "校验位错误" in response.json()["uscc"][0]
    assert not Enterprise.objects.filter(name="测试企业").exists()
    response = api_for(office_user).post(
        "/api/v1/enterprises/", {"name": "测试企业", "uscc": good, "region": county.code}, format="json"
    )
    assert response.status_code == 201
    assert Enterprise.objects.get(uscc=good).history.count() == 1


@pytest.mark.django_db
def test_api_scoping_matrix_for_enterprises(
    api_for, county_user, department_user, leader_user, enterprises, county
):
    own, other = enterprises
    county_api = api_for(county_user)
    assert (
        county_api.patch(f"/api/v1/enterprises/{own.pk}/", {"industry": "稻米"}, format="json").status_code
        == 200
    )
    assert (
        county_api.patch(f"/api/v1/enterprises/{other.pk}/", {"industry": "x"}, format="json").status_code
        == 404
    )
    # Moving one's own enterprise into another county would take it out of scope: refused, nothing written.
    response = county_api.patch(f"/api/v1/enterprises/{own.pk}/", {"region": "211122"}, format="json")
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.region == county
    for user in (department_user, leader_user):
        assert (
            api_for(user)
            .patch(f"/api/v1/enterprises/{own.pk}/", {"industry": "x"}, format="json")
            .status_code
            == 404
        )
        assert (
            api_for(user)
            .post(
                "/api/v1/enterprises/",
                {"name": "x", "uscc": make_uscc("91211103MA0000004"), "region": "211103"},
                format="json",
            )
            .status_code
            == 403
        )


@pytest.mark.django_db
def test_openapi_schema_and_offline_docs(api_for, office_user, client_for):
    schema = client_for(office_user).get("/api/v1/schema/")
    assert schema.status_code == 200 and b"/api/v1/enterprises/" in schema.content
    docs = client_for(office_user).get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs
    # Every script and stylesheet comes from our own static files (a CSRF token may contain any letters,
    # so look at the asset URLs rather than for words like "cdn"). The page's own script is served by the
    # docs view itself, so that the Content-Security-Policy needs no inline script.
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs)
    assert assets and all(url.startswith("/static/") or url == "/api/v1/docs/?script=" for url in assets), (
        assets
    )
    script = client_for(office_user).get("/api/v1/docs/?script=")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content


@pytest.mark.django_db
def test_history_panel_lists_changes_with_labels_and_skips_empty_saves(
    client_for, office_user, enterprises, other_county
):
    from core.views import history_of

    own, _ = enterprises
    own.save()  # nothing changed: no entry on the page
    own.region = other_county
    own.save()
    entries = history_of(own)
    assert [e["type"] for e in entries] == ["修改", "新增"]
    assert entries[0]["changes"] == [{"field": "所在地区", "old": "兴隆台区", "new": "盘山县"}]


def test_openapi_schema_generates_without_warnings_and_names_each_status_enum():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    # Clashing "status" choice sets otherwise get hashed names (Status0c1Enum) that change with the choices.
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    names = set(schema["components"]["schemas"])
    assert {"RunStatusEnum", "ComplaintStatusEnum", "AttainmentStatusEnum"} <= names
