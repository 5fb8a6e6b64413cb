"""The targets API: the target list, attainment, and measurements scoped like the web forms."""

import pytest

from targets.choices import SubmissionStatus
from targets.models import Measurement, Submission, Target
from tests.targets.factories import MeasurementFactory

ROLES = ["office", "leader", "admin", "county", "department"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/targets/", "/api/v1/targets/attainment/", "/api/v1/targets/measurements/"]
)
def test_api_requires_authentication(api_for, reference, path):
    assert api_for(None).get(path).status_code in (401, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_target_list_has_the_contract_fields(api_for, role_users, role):
    data = api_for(role_users[role]).get("/api/v1/targets/", {"page_size": 100}).json()
    assert data["count"] == Target.objects.count() == 38
    row = next(r for r in data["results"] if r["code"] == "agri_product_pass_rate-2015")
    assert {
        k: row[k]
        for k in (
            "name",
            "domain",
            "year",
            "comparator",
            "threshold",
            "tolerance",
            "unit",
            "clause",
            "indicator",
        )
    } == {
        "name": "主要农产品质量安全监测合格率96%以上",
        "domain": "product",
        "year": 2015,
        "comparator": "gte",
        "threshold": "96.0000",
        "tolerance": None,
        "unit": "percent",
        "clause": "二(一)",
        "indicator": "agri_product_pass_rate",
    }
    assert (
        api_for(role_users[role]).get("/api/v1/targets/liaoning_brand_products-2015/").json()["tolerance"]
        == "2.0000"
    )


@pytest.mark.django_db
def test_target_list_filters_by_year(api_for, office_user):
    assert api_for(office_user).get("/api/v1/targets/", {"year": 2020}).json()["count"] == 14


@pytest.mark.django_db
def test_attainment_by_year_and_region_scoped(
    api_for, office_user, county_user, compute, county, other_county, city
):
    MeasurementFactory(
        indicator="agri_standard_coverage", region=county, value=31, numerator=31, denominator=100
    )
    MeasurementFactory(
        indicator="agri_standard_coverage", region=other_county, value=20, numerator=20, denominator=100
    )
    compute()
    rows = (
        api_for(office_user)
        .get("/api/v1/targets/attainment/", {"year": 2015, "region": "211103", "page_size": 100})
        .json()["results"]
    )
    coverage = next(r for r in rows if r["target"] == "agri_standard_coverage-2015")
    assert coverage["region"] == "211103" and coverage["period"] == "2015" and coverage["status"] == "met"
    assert coverage["value"] == "31.0000" and coverage["computed_at"]
    assert (coverage["unit"], coverage["status_label"], coverage["reason"]) == ("%", "已达成", "")
    # The city's figure summed from two of six counties: partial, not judged, with its coverage.
    city_row = next(
        r
        for r in api_for(office_user)
        .get("/api/v1/targets/attainment/", {"year": 2015, "region": "211100", "page_size": 100})
        .json()["results"]
        if r["target"] == "agri_standard_coverage-2015"
    )
    assert (city_row["status"], city_row["partial"], city_row["reported"], city_row["expected"]) == (
        "incomplete",
        True,
        2,
        6,
    )
    assert (city_row["status_label"], city_row["reason"]) == ("暂不评判", "已报 2/6 县区")
    county_api = api_for(county_user)
    assert county_api.get("/api/v1/targets/attainment/", {"region": "211122"}).json()["count"] == 0
    seen = {
        r["region"]
        for r in county_api.get("/api/v1/targets/attainment/", {"page_size": 1000}).json()["results"]
    }
    assert seen == {"211100", "211103"}


@pytest.mark.django_db
def test_measurement_create_update_and_audit(api_for, department_user):
    api = api_for(department_user)
    response = api.post(
        "/api/v1/targets/measurements/",
        {"indicator": "new_tech_demo_projects", "region": "211100", "period": "2015", "value": "3"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["value"] == "3"
    m = Measurement.objects.get()
    assert m.history.get().history_user == department_user
    response = api.patch(f"/api/v1/targets/measurements/{m.pk}/", {"value": "4"}, format="json")
    assert response.status_code == 200
    m.refresh_from_db()
    assert m.value == 4 and m.history.count() == 2


@pytest.mark.django_db
def test_measurement_rate_with_parts_and_quarter_period(api_for, office_user):
    response = api_for(office_user).post(
        "/api/v1/targets/measurements/",
        {
            "indicator": "industrialized_construction_share",
            "region": "211100",
            "period": "2015-q3",
            "numerator": 8,
            "denominator": 120,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["period"], response.json()["value"]) == ("2015-Q3", "6.67")


@pytest.mark.django_db
def test_measurement_of_derived_indicator_answers_400_naming_the_source(api_for, office_user):
    response = api_for(office_user).post(
        "/api/v1/targets/measurements/",
        {"indicator": "key_food_pass_rate", "region": "211100", "period": "2015", "value": 95},
        format="json",
    )
    assert response.status_code == 400
    assert "inspections.pass_rate" in response.json()["indicator"][0]
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_measurement_validation_answers_400_in_chinese(api_for, office_user):
    api = api_for(office_user)
    bad_rate = api.post(
        "/api/v1/targets/measurements/",
        {"indicator": "agri_standard_coverage", "region": "211103", "period": "2015", "value": 130},
        format="json",
    )
    assert bad_rate.status_code == 400 and "0–100" in bad_rate.json()["value"][0]
    bad_period = api.post(
        "/api/v1/targets/measurements/",
        {"indicator": "agri_standard_coverage", "region": "211103", "period": "2015-14", "value": 30},
        format="json",
    )
    assert bad_period.status_code == 400 and "格式不对" in str(bad_period.json())
    MeasurementFactory(indicator="agri_standard_coverage", region="211103", value=30)
    duplicate = api.post(
        "/api/v1/targets/measurements/",
        {"indicator": "agri_standard_coverage", "region": "211103", "period": "2015", "value": 31},
        format="json",
    )
    assert duplicate.status_code == 400 and "请编辑原记录" in str(duplicate.json())


@pytest.mark.django_db
def test_measurement_api_scoping_matrix(
    api_for, county_user, other_department_user, leader_user, department_user, county, other_county
):
    own = MeasurementFactory(indicator="agri_standard_coverage", region=county, value=30)
    other = MeasurementFactory(indicator="agri_standard_coverage", region=other_county, value=30)
    county_api = api_for(county_user)
    assert {r["id"] for r in county_api.get("/api/v1/targets/measurements/").json()["results"]} == {own.pk}
    assert (
        county_api.patch(
            f"/api/v1/targets/measurements/{own.pk}/", {"value": "31"}, format="json"
        ).status_code
        == 200
    )
    assert (
        county_api.patch(
            f"/api/v1/targets/measurements/{other.pk}/", {"value": "31"}, format="json"
        ).status_code
        == 404
    )
    refused = county_api.post(
        "/api/v1/targets/measurements/",
        {"indicator": "agri_standard_coverage", "region": "211122", "period": "2014", "value": 30},
        format="json",
    )
    assert refused.status_code == 403
    # 农委 owns the indicator: sees and changes every region's values; 住建委 sees none of them.
    assert api_for(other_department_user).get("/api/v1/targets/measurements/").json()["count"] == 2
    assert api_for(department_user).get("/api/v1/targets/measurements/").json()["count"] == 0
    assert (
        api_for(department_user)
        .patch(f"/api/v1/targets/measurements/{own.pk}/", {"value": "1"}, format="json")
        .status_code
        == 404
    )
    # Leaders read everything and write nothing.
    assert api_for(leader_user).get("/api/v1/targets/measurements/").json()["count"] == 2
    assert (
        api_for(leader_user)
        .patch(f"/api/v1/targets/measurements/{own.pk}/", {"value": "1"}, format="json")
        .status_code
        == 403
    )
    other.refresh_from_db()
    assert other.value == 30


@pytest.mark.django_db
def test_measurement_api_refuses_locked_values(api_for, county_user, county):
    own = MeasurementFactory(indicator="agri_standard_coverage", region=county, value=30)
    Submission.objects.create(region=county, year=2015, status=SubmissionStatus.SUBMITTED)
    response = api_for(county_user).patch(
        f"/api/v1/targets/measurements/{own.pk}/", {"value": "31"}, format="json"
    )
    assert response.status_code == 400 and "等待办公室审核" in str(response.json())
    assert api_for(county_user).delete(f"/api/v1/targets/measurements/{own.pk}/").status_code == 400
    assert Measurement.objects.filter(pk=own.pk).exists()
