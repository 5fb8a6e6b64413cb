"""One API path per register, scoped like the pages; writes by the office and the units that keep each register."""

import pytest

from foundations.models import MarketExit, MetrologyRecord, Standard

pytestmark = pytest.mark.django_db

PATHS = {
    "standard": "/api/v1/foundations/standards/",
    "agency": "/api/v1/foundations/agencies/",
    "metrology": "/api/v1/foundations/metrology/",
    "staff": "/api/v1/foundations/quality-staff/",
    "event": "/api/v1/foundations/culture-events/",
    "exit": "/api/v1/foundations/market-exits/",
}


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("register", sorted(PATHS))
def test_register_api_scoped_for_county_and_office(api_for, office_user, county_user, rows, register):
    own, other = rows["own"][register].pk, rows["other"][register].pk
    assert {own, other} <= _ids(api_for(office_user).get(PATHS[register]))
    seen = _ids(api_for(county_user).get(PATHS[register]))
    assert own in seen
    # Agencies are a published register; every other register keeps a county to its own rows.
    assert (other in seen) is (register == "agency")


def test_register_api_filters_by_region_and_year(api_for, office_user, rows, county):
    client = api_for(office_user)
    assert _ids(client.get(PATHS["exit"], {"region": county.code, "year": 2015})) == {rows["own"]["exit"].pk}
    assert _ids(client.get(PATHS["exit"], {"year": 2016})) == set()
    assert client.get(PATHS["exit"], {"year": "x"}).status_code == 400


def test_metrology_api_create_by_its_unit_and_rate(api_for, zjj_user, county):
    response = api_for(zjj_user).post(
        PATHS["metrology"],
        {"year": 2016, "region": county.code, "category": "medical", "verified": 200, "passed": 190},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["rate"] == 95.0
    assert response.json()["department"] == "zjj"
    assert MetrologyRecord.objects.get(year=2016).department.code == "zjj"


def test_metrology_api_refuses_more_passed_than_verified(api_for, office_user, county):
    response = api_for(office_user).post(
        PATHS["metrology"],
        {"year": 2016, "region": county.code, "category": "medical", "verified": 10, "passed": 11},
        format="json",
    )
    assert response.status_code == 400
    assert "合格台件数不能多于检定台件数" in response.content.decode()
    assert not MetrologyRecord.objects.exists()


def test_a_unit_outside_a_register_cannot_write_it(api_for, department_user, county):
    response = api_for(department_user).post(
        PATHS["standard"],
        {"year": 2016, "kind": "lead", "level": "group", "code": "T/X 1-2016", "title": "x", "holder_name": "y",
         "region": county.code},
        format="json",
    )  # fmt: skip
    assert response.status_code == 403
    assert not Standard.objects.exists()


def test_a_unit_cannot_enter_for_another_unit(api_for, department_user, county):
    response = api_for(department_user).post(
        PATHS["exit"],
        {"kind": "closed", "reason": "waste", "decided_on": "2016-01-05", "region": county.code,
         "enterprise_name": "某厂", "department": "gsj"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 403
    assert not MarketExit.objects.filter(enterprise_name="某厂").exists()


def test_county_cannot_write_registers(api_for, county_user, county, rows):
    client = api_for(county_user)
    response = client.patch(f"{PATHS['exit']}{rows['own']['exit'].pk}/", {"notes": "x"}, format="json")
    assert response.status_code == 404
    response = client.post(
        PATHS["exit"],
        {
            "kind": "closed",
            "reason": "waste",
            "decided_on": "2016-01-05",
            "region": county.code,
            "enterprise_name": "某厂",
        },
        format="json",
    )
    assert response.status_code == 403
