"""The brands API: award types, awards, rounds with their actions, applications, assignments and scores."""

import datetime as dt

import pytest

from brands.choices import RoundStatus
from brands.models import Assignment, Award, Score
from tests.brands.conftest import score_fully
from tests.brands.factories import AwardFactory

pytestmark = pytest.mark.django_db
ROLES = ["office", "leader", "admin", "county", "department"]
ENDPOINTS = ["award-types", "awards", "rounds", "applications", "assignments", "scores"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_api_requires_authentication(api_for, reference, endpoint):
    assert api_for(None).get(f"/api/v1/brands/{endpoint}/").status_code in (401, 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_api_lists_for_every_role(role_users, api_for, reviewing_round, role, endpoint):
    assert api_for(role_users[role]).get(f"/api/v1/brands/{endpoint}/").status_code == 200


def test_api_award_types_carry_the_contract_codes(api_for, county_user, reference):
    rows = api_for(county_user).get("/api/v1/brands/award-types/").json()["results"]
    assert {r["code"] for r in rows} == {
        "liaoning_brand",
        "panjin_brand",
        "governor_award",
        "mayor_award",
        "geo_indication",
        "well_known_mark",
        "famous_mark",
    }
    liaoning = next(r for r in rows if r["code"] == "liaoning_brand")
    assert (liaoning["subject"], liaoning["default_validity_years"], liaoning["department"]) == (
        "product",
        3,
        "zjj",
    )


def test_api_awards_are_scoped_by_county(api_for, county_user, own_enterprise, other_enterprise):
    own = AwardFactory(enterprise=own_enterprise)
    AwardFactory(enterprise=other_enterprise)
    rows = api_for(county_user).get("/api/v1/brands/awards/").json()["results"]
    assert [r["id"] for r in rows] == [own.pk]
    assert rows[0]["region"] == "211103" and rows[0]["award_type"] == "liaoning_brand"


def test_api_award_region_filter_includes_the_predecessor_county(api_for, office_user, reference):
    from organizations.models import Region
    from tests.factories import EnterpriseFactory

    old_county = AwardFactory(enterprise=EnterpriseFactory(region=Region.objects.get(code="211121")))
    new_district = AwardFactory(enterprise=EnterpriseFactory(region=Region.objects.get(code="211104")))
    AwardFactory()
    rows = api_for(office_user).get("/api/v1/brands/awards/", {"region": "211104"}).json()["results"]
    assert {r["id"] for r in rows} == {old_county.pk, new_district.pk}


def test_api_award_create_by_office_derives_validity(api_for, office_user, own_enterprise):
    payload = {
        "award_type": "liaoning_brand",
        "enterprise": own_enterprise.pk,
        "product": "蟹田大米",
        "year": 2016,
        "valid_from": "2016-06-01",
    }
    response = api_for(office_user).post("/api/v1/brands/awards/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["valid_until"] == "2019-05-31"
    assert Award.objects.get().history.first().history_user == office_user


def test_api_award_create_refused_outside_scope(api_for, county_user, department_user, own_enterprise):
    payload = {
        "award_type": "governor_award",
        "enterprise": own_enterprise.pk,
        "year": 2016,
        "valid_from": "2016-06-01",
    }
    for user in (county_user, department_user):
        assert api_for(user).post("/api/v1/brands/awards/", payload, format="json").status_code == 403
    assert not Award.objects.exists()


def test_api_award_product_rule_answers_400_in_chinese(api_for, office_user, own_enterprise):
    payload = {
        "award_type": "liaoning_brand",
        "enterprise": own_enterprise.pk,
        "year": 2016,
        "valid_from": "2016-06-01",
    }
    response = api_for(office_user).post("/api/v1/brands/awards/", payload, format="json")
    assert response.status_code == 400
    assert "请填写产品名称" in response.json()["product"][0]


def test_api_award_revoke_action(api_for, office_user, county_user, own_enterprise):
    award = AwardFactory(enterprise=own_enterprise)
    url = f"/api/v1/brands/awards/{award.pk}/revoke/"
    body = {"revoked_on": "2016-08-15", "reason": "抽查不合格"}
    assert api_for(county_user).post(url, body, format="json").status_code == 404
    response = api_for(office_user).post(url, body, format="json")
    assert response.status_code == 200 and response.json()["state"] == "revoked"
    award.refresh_from_db()
    assert award.revoke_reason == "抽查不合格"


def test_api_expert_sees_and_writes_only_their_own_scores(api_for, expert_user, reviewing_round, experts):
    api = api_for(expert_user)
    assignments = api.get("/api/v1/brands/assignments/").json()["results"]
    assert len(assignments) == 2 and {a["expert"] for a in assignments} == {"王建国"}
    leadership = reviewing_round.criteria.get(code="leadership")
    mine = Assignment.objects.filter(expert=experts[0]).first()
    theirs = Assignment.objects.exclude(expert=experts[0]).first()
    score_fully(theirs, "0.5")
    assert api.get("/api/v1/brands/scores/").json()["count"] == 0
    response = api.post(
        "/api/v1/brands/scores/",
        {"assignment": theirs.pk, "criterion": leadership.pk, "points": "90"},
        format="json",
    )
    assert response.status_code == 400
    response = api.post(
        "/api/v1/brands/scores/",
        {"assignment": mine.pk, "criterion": leadership.pk, "points": "120"},
        format="json",
    )
    assert response.status_code == 400 and "0 至 110 分" in response.json()["points"][0]
    response = api.post(
        "/api/v1/brands/scores/",
        {"assignment": mine.pk, "criterion": leadership.pk, "points": "90.5"},
        format="json",
    )
    assert response.status_code == 201
    score = Score.objects.get(assignment=mine)
    assert score.history.first().history_user == expert_user
    assert [s["id"] for s in api.get("/api/v1/brands/scores/").json()["results"]] == [score.pk]
    other_score = Score.objects.filter(assignment=theirs).first()
    assert (
        api.patch(f"/api/v1/brands/scores/{other_score.pk}/", {"points": "1"}, format="json").status_code
        == 404
    )


def test_api_applications_scoped_for_county_and_expert(
    api_for, county_user, expert_user, other_county_user, reviewing_round
):
    county_rows = api_for(county_user).get("/api/v1/brands/applications/").json()["results"]
    assert [r["region"] for r in county_rows] == ["211103"]
    expert_rows = api_for(expert_user).get("/api/v1/brands/applications/").json()["results"]
    assert len(expert_rows) == 2


def test_api_round_lifecycle_by_the_office(api_for, office_user, county_user, experts, own_enterprise):
    api = api_for(office_user)
    body = {
        "year": 2018,
        "title": "2018年度盘锦市市长质量奖",
        "quota": 1,
        "applications_open": "2018-03-01",
        "applications_close": "2018-04-30",
        "scoring_due": "2018-06-30",
        "announce_on": "2018-09-10",
    }
    assert api_for(county_user).post("/api/v1/brands/rounds/", body, format="json").status_code == 403
    created = api.post("/api/v1/brands/rounds/", body, format="json").json()
    assert sum(c["max_points"] for c in created["criteria"]) == 1000
    round_url = f"/api/v1/brands/rounds/{created['id']}/"
    points = {c["code"]: c["max_points"] for c in created["criteria"]}
    assert api.post(round_url + "points/", {**points, "results": 1}, format="json").status_code == 400
    assert api.post(round_url + "points/", {**points, "results": "many"}, format="json").status_code == 400
    application = api.post(
        "/api/v1/brands/applications/",
        {"round": created["id"], "enterprise": own_enterprise.pk, "submitted_on": "2018-04-01"},
        format="json",
    ).json()
    assert api.post(round_url + "start-review/").status_code == 400  # not screened yet
    api.post(f"/api/v1/brands/applications/{application['id']}/screen/", {"accepted": True}, format="json")
    from brands.models import EvaluationRound

    EvaluationRound.objects.get(pk=created["id"]).panel.set(experts[:2])
    assert api.post(round_url + "start-review/").json()["status"] == RoundStatus.REVIEWING
    progress = api.get(round_url + "progress/").json()
    assert len(progress) == 2 and progress[0]["scored"] == 0
    assert api_for(county_user).get(round_url + "progress/").status_code == 403
    for assignment in Assignment.objects.filter(application_id=application["id"]):
        score_fully(assignment, "0.9")
    ranking = api.get(round_url + "ranking/").json()
    assert ranking[0]["score"] == 900 and ranking[0]["rank"] == 1
    awards = api.post(
        round_url + "decide/", {"winners": [application["id"]], "decided_on": "2018-09-10"}, format="json"
    )
    assert awards.status_code == 200
    assert awards.json()[0]["award_type"] == "mayor_award" and awards.json()[0]["round"] == created["id"]
    assert Award.objects.get().valid_from == dt.date(2018, 9, 10)
