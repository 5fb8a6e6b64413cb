"""/api/v1/complaints/: the role matrix, masking, the lifecycle endpoint and its 400s."""

import pytest

from complaints.models import Complaint
from tests.complaints.factories import ComplaintFactory

URL = "/api/v1/complaints/"


@pytest.fixture
def two_complaints(reference, county, other_county):
    own = ComplaintFactory(region=county)
    other = ComplaintFactory(region=other_county, complainant_name="李四", complainant_phone="13900001111")
    return own, other


@pytest.mark.django_db
def test_api_anonymous_is_refused(api_for, two_complaints):
    assert api_for(None).get(URL).status_code in (401, 403)
    assert api_for(None).post(f"{URL}{two_complaints[0].pk}/transition/", {"to": "accepted"}).status_code in (
        401,
        403,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user_fixture", "count", "masked"),
    [
        ("office_user", 2, False),
        ("leader_user", 2, True),
        ("county_user", 1, True),
        ("hotline_user", 2, False),
        ("department_user", 0, None),
    ],
)
def test_api_list_is_scoped_and_masked(request, api_for, two_complaints, user_fixture, count, masked):
    body = api_for(request.getfixturevalue(user_fixture)).get(URL).json()
    assert body["count"] == count
    for row in body["results"]:
        assert (
            row["hotline"] == "12365"
            and row["status"] == "received"
            and row["region"] in ("211103", "211122")
        )
        assert (row["complainant_phone"].count("*") == 4) is masked
        assert (row["complainant_name"] in ("张*", "李*")) is masked


@pytest.mark.django_db
def test_api_county_sees_only_its_region(api_for, county_user, two_complaints):
    own, other = two_complaints
    client = api_for(county_user)
    assert client.get(f"{URL}{own.pk}/").json()["complainant_phone"] == "138****1234"
    assert client.get(f"{URL}{other.pk}/").status_code == 404


@pytest.mark.django_db
def test_api_create_by_a_department_user_is_theirs(api_for, department_user, county):
    payload = {
        "number": "A-1",
        "hotline": "12365",
        "kind": "complaint",
        "domain": "engineering",
        "region": county.code,
        "subject": "新房墙体开裂",
        "complainant_name": "王五",
        "complainant_phone": "13700002222",
        "received_at": "2016-05-03T09:00:00+08:00",
        "status": "closed",
    }
    response = api_for(department_user).post(URL, payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "received" and body["department"] == "zjw"
    assert body["complainant_name"] == "王五"
    complaint = Complaint.objects.get(number="A-1")
    assert complaint.accept_due.isoformat() == "2016-05-12"
    assert complaint.history.get().history_user == department_user
    again = api_for(department_user).post(URL, payload, format="json")
    assert again.status_code == 400 and "相同工单编号" in str(again.json())


@pytest.mark.django_db
@pytest.mark.parametrize("user_fixture", ["county_user", "leader_user"])
def test_api_create_refused_without_the_capability(request, api_for, user_fixture, county):
    payload = {"number": "B-1", "hotline": "12365", "kind": "complaint", "domain": "product"}
    response = api_for(request.getfixturevalue(user_fixture)).post(URL, payload, format="json")
    assert response.status_code == 403
    assert not Complaint.objects.filter(number="B-1").exists()


@pytest.mark.django_db
def test_api_transition_walks_the_lifecycle(api_for, office_user, department_user, complaint, county):
    office = api_for(office_user)
    url = f"{URL}{complaint.pk}/transition/"
    assert office.post(url, {"to": "accepted"}, format="json").json()["status"] == "accepted"
    body = office.post(
        url, {"to": "assigned", "department": "zjw", "region": county.code}, format="json"
    ).json()
    assert body["status"] == "assigned" and body["department"] == "zjw"
    dept = api_for(department_user)
    assert (
        dept.post(url, {"to": "handled", "outcome": "corrected", "note": "已整改"}, format="json").status_code
        == 200
    )
    assert (
        office.post(url, {"to": "closed", "satisfaction": "satisfied"}, format="json").json()["status"]
        == "closed"
    )
    steps = office.get(f"{URL}{complaint.pk}/transitions/").json()
    assert [s["to_status"] for s in steps] == ["received", "accepted", "assigned", "handled", "closed"]
    assert steps[3]["user"] == "t-dept"


@pytest.mark.django_db
def test_api_transition_not_allowed_answers_400_in_chinese(api_for, office_user, complaint):
    response = api_for(office_user).post(f"{URL}{complaint.pk}/transition/", {"to": "closed"}, format="json")
    assert response.status_code == 400
    assert "不能转为“已办结”" in response.json()["to"][0]
    response = api_for(office_user).post(
        f"{URL}{complaint.pk}/transition/", {"to": "nonsense"}, format="json"
    )
    assert response.status_code == 400 and "未知" in response.json()["to"][0]
    complaint.refresh_from_db()
    assert complaint.status == "received"


@pytest.mark.django_db
def test_api_transition_out_of_scope_and_no_permission(
    api_for, complaint, county_user, other_department_user, leader_user
):
    url = f"{URL}{complaint.pk}/transition/"
    assert api_for(other_department_user).post(url, {"to": "accepted"}, format="json").status_code == 404
    assert api_for(county_user).post(url, {"to": "accepted"}, format="json").status_code == 403
    assert api_for(leader_user).post(url, {"to": "accepted"}, format="json").status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == "received"


@pytest.mark.django_db
def test_api_filters_are_the_list_filters(api_for, office_user, two_complaints, county):
    body = api_for(office_user).get(URL, {"region": county.code, "status": "received"}).json()
    assert [row["id"] for row in body["results"]] == [two_complaints[0].pk]


@pytest.mark.django_db
def test_api_hotlines_list_their_rules(api_for, county_user):
    rows = api_for(county_user).get(f"{URL}hotlines/").json()
    assert [r["code"] for r in rows] == ["12365", "12315", "96151", "12331"]
    newest = rows[3]["limits"][0]
    assert newest["effective_from"] == "2016-03-01" and newest["accept_days"] == 5
    assert newest["accept_working_days"] is False and newest["accept_confirmed"] is True
