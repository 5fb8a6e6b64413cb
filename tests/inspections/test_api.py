"""The inspections API: results CRUD with the scoping matrix, imports, and pass rates matching a hand count."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import stats
from core.models import Job, JobStatus
from inspections.choices import Conclusion, Level
from inspections.models import SpotCheckResult
from organizations.models import Region
from tests.inspections.factories import SpotCheckResultFactory
from tests.inspections.workbooks import untidy_table

pytestmark = pytest.mark.django_db
RESULTS = "/api/v1/inspections/results/"
ROLES = ["office", "leader", "admin", "county", "department"]


@pytest.fixture
def own_and_other(county, other_county, department, other_department):
    """One result of 住建委 in 兴隆台区, one of 农委 in 盘山县."""
    own = SpotCheckResultFactory(region=county, department=department)
    other = SpotCheckResultFactory(region=other_county, department=other_department)
    return own, other


def payload(**extra):
    return {
        "level": "municipal",
        "product_class": "building_materials",
        "sampled_on": "2015-06-01",
        "product_name": "防水卷材",
        "producer_name": "盘锦示例防水材料有限公司",
        "region": "211103",
        "conclusion": "fail",
        "failed_items": "拉力",
        **extra,
    }


def test_anonymous_gets_nothing(api_for):
    assert api_for(None).get(RESULTS).status_code in (401, 403)
    assert api_for(None).get("/api/v1/inspections/pass-rates/").status_code in (401, 403)


@pytest.mark.parametrize(
    "role, visible", [("office", 2), ("leader", 2), ("admin", 2), ("county", 1), ("department", 1)]
)
def test_results_list_is_scoped(api_for, role_users, own_and_other, role, visible):
    data = api_for(role_users[role]).get(RESULTS).json()
    assert data["count"] == visible
    if visible == 1:
        assert data["results"][0]["id"] == own_and_other[0].pk


def test_department_creates_for_its_own_unit_with_history(api_for, department_user):
    response = api_for(department_user).post(RESULTS, payload(), format="json")
    assert response.status_code == 201, response.json()
    result = SpotCheckResult.objects.get(pk=response.json()["id"])
    assert result.department == department_user.department and response.json()["department"] == "zjw"
    assert result.history.get().history_user == department_user


def test_validation_errors_are_400_in_chinese(api_for, office_user):
    response = api_for(office_user).post(RESULTS, payload(failed_items=""), format="json")
    assert response.status_code == 400 and "不合格项目" in str(response.json())
    response = api_for(office_user).post(RESULTS, payload(product_class="nope"), format="json")
    assert response.status_code == 400 and "不存在" in str(response.json())
    assert not SpotCheckResult.objects.exists()


@pytest.mark.parametrize("role", ["leader", "county"])
def test_roles_without_entry_cannot_write(api_for, role_users, own_and_other, role):
    client = api_for(role_users[role])
    assert client.post(RESULTS, payload(), format="json").status_code == 403
    assert client.patch(f"{RESULTS}{own_and_other[0].pk}/", {"agency": "x"}, format="json").status_code == 403


def test_department_cannot_touch_another_units_result(api_for, department_user, own_and_other):
    own, other = own_and_other
    client = api_for(department_user)
    assert (
        client.patch(
            f"{RESULTS}{own.pk}/", {"agency": "盘锦市建设工程质量检测中心"}, format="json"
        ).status_code
        == 200
    )
    assert client.patch(f"{RESULTS}{other.pk}/", {"agency": "x"}, format="json").status_code == 404
    assert client.delete(f"{RESULTS}{other.pk}/").status_code == 404
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.agency == "盘锦市建设工程质量检测中心" and other.agency == ""
    assert own.history.first().history_type == "~"


def test_import_endpoint_creates_a_job_with_row_errors(api_for, office_user, reference, run_on_commit):
    from tests.inspections.workbooks import GOOD_ROWS

    bad = [GOOD_ROWS[0], (*GOOD_ROWS[1][:9], "待定", *GOOD_ROWS[1][10:])]
    client = api_for(office_user)
    with run_on_commit():
        response = client.post(
            "/api/v1/inspections/imports/",
            {
                "file": SimpleUploadedFile("bad.xlsx", untidy_table(rows=bad)),
                "level": "municipal",
                "product_class": "food",
            },
            format="multipart",
        )
    assert response.status_code == 202
    job = client.get(f"/api/v1/inspections/imports/{response.json()['id']}/").json()
    assert job["status"] == JobStatus.FAILED and job["error_count"] == 1
    assert job["errors"][0]["column"] == "检验结论" and job["errors"][0]["row"] == 6
    assert not SpotCheckResult.objects.exists()


def test_import_endpoint_dry_run_then_confirm(
    api_for, office_user, reference, django_capture_on_commit_callbacks
):
    client = api_for(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/inspections/imports/",
            {
                "file": SimpleUploadedFile("ok.xlsx", untidy_table()),
                "level": "provincial",
                "product_class": "food",
                "year": 2015,
                "dry_run": "true",
            },
            format="multipart",
        )
    job_id = response.json()["id"]
    assert Job.objects.get(pk=job_id).status == JobStatus.CHECKED
    assert not SpotCheckResult.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/inspections/imports/{job_id}/confirm/")
    # The import is a new job that names the check it confirms.
    assert response.status_code == 202 and response.json()["confirms"] == job_id
    imported = response.json()["id"]
    assert SpotCheckResult.objects.filter(import_job_id=imported, level=Level.PROVINCIAL).count() == 5
    assert client.get(f"/api/v1/inspections/imports/{imported}/").json()["status"] == JobStatus.SUCCEEDED
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"/api/v1/inspections/imports/{job_id}/confirm/")
    assert again.status_code == 400 and "已确认导入过" in str(again.json())
    assert SpotCheckResult.objects.count() == 5


def test_import_endpoint_needs_the_capability(api_for, county_user, leader_user):
    for user in (county_user, leader_user):
        response = api_for(user).post(
            "/api/v1/inspections/imports/",
            {"file": SimpleUploadedFile("x.xlsx", b"x"), "level": "municipal", "product_class": "food"},
            format="multipart",
        )
        assert response.status_code == 403
    assert not Job.objects.exists()


@pytest.fixture
def counted(county, other_county):
    """兴隆台区 2015: 7 of 9 tested passed (+1 refused); 盘山县 2015 provincial: 2 of 4. 2016: 1 of 1."""
    for conclusion, n in ((Conclusion.PASS, 7), (Conclusion.FAIL, 2), (Conclusion.NOT_TESTED, 1)):
        SpotCheckResultFactory.create_batch(
            n, region=county, conclusion=conclusion, sampled_on=dt.date(2015, 8, 1)
        )
    for conclusion in (Conclusion.PASS, Conclusion.PASS, Conclusion.FAIL, Conclusion.FAIL):
        SpotCheckResultFactory(
            region=other_county, conclusion=conclusion, level=Level.PROVINCIAL, sampled_on=dt.date(2015, 2, 1)
        )
    SpotCheckResultFactory(region=county, sampled_on=dt.date(2016, 1, 1))
    return stats.run_now()


def test_pass_rates_match_a_hand_count(api_for, office_user, counted):
    rows = api_for(office_user).get("/api/v1/inspections/pass-rates/", {"year": "2015"}).json()
    assert rows == [
        {
            "region": "211100",
            "region_name": "盘锦市",
            "period": "2015",
            "level": "",
            "product_class": "",
            "inspected": 13,
            "passed": 9,
            "rate": 69.23,
            "computed_at": rows[0]["computed_at"],
        }
    ]
    assert rows[0]["computed_at"].startswith(
        str(counted.finished_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date())
    )


def test_pass_rates_one_row_per_group_asked_for(api_for, office_user, counted):
    rows = (
        api_for(office_user)
        .get(
            "/api/v1/inspections/pass-rates/",
            {
                "year": "2015,2016",
                "region": "211103,211122",
                "level": "municipal,provincial_above",
                "product_class": "food",
            },
        )
        .json()
    )
    got = {(r["region"], r["period"], r["level"]): (r["passed"], r["inspected"], r["rate"]) for r in rows}
    assert got == {
        ("211103", "2015", "municipal"): (7, 9, 77.78),
        ("211103", "2016", "municipal"): (1, 1, 100.0),
        ("211122", "2015", "provincial_above"): (2, 4, 50.0),
    }
    quarter = (
        api_for(office_user)
        .get("/api/v1/inspections/pass-rates/", {"period": "2015-Q1", "region": "211122"})
        .json()
    )
    assert [(r["period"], r["inspected"]) for r in quarter] == [("2015-Q1", 4)]


def test_pass_rates_bad_parameters_answer_400(api_for, office_user, counted):
    client = api_for(office_user)
    assert "level" in client.get("/api/v1/inspections/pass-rates/", {"level": "county"}).json()
    assert "region" in client.get("/api/v1/inspections/pass-rates/", {"region": "999999"}).json()
    assert client.get("/api/v1/inspections/pass-rates/", {"year": "15"}).json() == {
        "year": ["年度应为 2010–2035 年，多个用逗号分隔。"]
    }
    assert "product_class" in client.get("/api/v1/inspections/pass-rates/", {"product_class": "x"}).json()


def test_pass_rates_are_scoped_to_the_county(api_for, county_user, counted):
    client = api_for(county_user)
    own = client.get(
        "/api/v1/inspections/pass-rates/", {"year": "2015", "region": "211103,211100,211122"}
    ).json()
    assert {r["region"] for r in own} == {"211103", "211100"}  # the city is public, another county is not
    assert Region.objects.get(code="211122")
