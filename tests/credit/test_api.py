"""The credit API: ratings by credit code and year, penalties and the blacklist scoped as the pages are."""

import datetime as dt

import pytest

from core.stats import run_now
from credit.models import BlacklistEntry, Penalty
from inspections.choices import Conclusion
from tests.credit.factories import BlacklistEntryFactory, PenaltyFactory
from tests.factories import EnterpriseFactory
from tests.inspections.factories import SpotCheckResultFactory

pytestmark = pytest.mark.django_db


def test_ratings_by_credit_code_and_year_with_reasons(api_for, role_users, reference, county, other_county):
    enterprise = EnterpriseFactory(region=county)
    elsewhere = EnterpriseFactory(region=other_county)
    SpotCheckResultFactory(producer=enterprise, conclusion=Conclusion.FAIL, sampled_on=dt.date(2016, 4, 2))
    PenaltyFactory(enterprise=enterprise, decided_on=dt.date(2016, 5, 10))
    PenaltyFactory(enterprise=elsewhere, decided_on=dt.date(2016, 5, 10))
    run_now()
    answer = api_for(role_users["office"]).get(
        "/api/v1/credit/ratings/", {"enterprise": enterprise.uscc, "year": 2016}
    )
    assert answer.status_code == 200
    [row] = answer.json()["results"]
    assert (row["enterprise"], row["region"], row["year"], row["grade"], row["score"]) == (
        enterprise.uscc,
        "211103",
        2016,
        "B",
        75,
    )
    assert row["grade_label"] == "B 基本守信" and row["computed_at"]
    assert [r["rule"] for r in row["reasons"]] == ["spot_check_points", "penalty_points"]
    # A county reads its own enterprises' ratings only.
    county = api_for(role_users["county"])
    assert county.get("/api/v1/credit/ratings/", {"enterprise": elsewhere.uscc}).json()["results"] == []
    assert (
        county.get("/api/v1/credit/ratings/", {"enterprise": enterprise.uscc, "year": 2016}).json()["count"]
        == 1
    )
    assert api_for(role_users["office"]).get("/api/v1/credit/ratings/", {"year": "x"}).status_code == 400
    assert api_for(None).get("/api/v1/credit/ratings/").status_code == 403


def test_published_penalties_are_public_and_others_stay_in_scope(
    api_for, role_users, reference, other_county
):
    hidden = PenaltyFactory(enterprise=EnterpriseFactory(region=other_county))
    public = PenaltyFactory(
        enterprise=EnterpriseFactory(region=other_county), published=True, published_on=dt.date(2016, 5, 20)
    )
    numbers = {
        role: {p["decision_number"] for p in api_for(user).get("/api/v1/credit/penalties/").json()["results"]}
        for role, user in role_users.items()
    }
    assert numbers["county"] == numbers["department"] == {public.decision_number}
    assert numbers["office"] == numbers["leader"] == {public.decision_number, hidden.decision_number}


def test_the_office_enters_a_penalty_and_a_county_may_not(api_for, role_users, reference, county):
    enterprise = EnterpriseFactory(region=county)
    body = {
        "decision_number": "盘质监罚字〔2016〕50号",
        "enterprise": enterprise.uscc,
        "department": "zjj",
        "cause": "生产销售不合格产品",
        "facts": "抽查不合格",
        "basis": "《产品质量法》第四十九条",
        "category": "fine",
        "content": "罚款",
        "fine": "2.5",
        "decided_on": "2016-05-10",
        "published": True,
    }
    assert (
        api_for(role_users["county"]).post("/api/v1/credit/penalties/", body, format="json").status_code
        == 403
    )
    answer = api_for(role_users["office"]).post("/api/v1/credit/penalties/", body, format="json")
    assert answer.status_code == 201, answer.content
    penalty = Penalty.objects.get()
    assert (penalty.region, penalty.published, answer.json()["region"]) == (county, True, "211103")
    again = api_for(role_users["office"]).post(
        "/api/v1/credit/penalties/",
        {**body, "decided_on": "2999-01-01", "decision_number": "X"},
        format="json",
    )
    assert again.status_code == 400 and "不能晚于今天" in again.content.decode()


def test_blacklist_remove_is_the_repair(api_for, role_users, reference):
    entry = BlacklistEntryFactory(listed_on=dt.date(2016, 6, 1))
    client = api_for(role_users["office"])
    url = f"/api/v1/credit/blacklist/{entry.pk}/remove/"
    body = {"removed_on": "2017-06-01", "document": "盘质监信复字〔2017〕1号", "reason": "整改合格"}
    answer = client.post(url, body, format="json")
    assert answer.status_code == 200 and answer.json()["removed_on"] == "2017-06-01"
    assert BlacklistEntry.objects.get().repair_document == "盘质监信复字〔2017〕1号"
    assert client.post(url, body, format="json").status_code == 400  # already off the list
    assert client.delete(f"/api/v1/credit/blacklist/{entry.pk}/").status_code == 405


def test_reasons_list_only_the_events_the_reader_may_open(
    api_for, role_users, reference, county, other_county
):
    enterprise = EnterpriseFactory(region=county)
    # Sampled in another county: that county's record, not this county official's.
    SpotCheckResultFactory(
        producer=enterprise, region=other_county, conclusion=Conclusion.FAIL, sampled_on=dt.date(2016, 4, 2)
    )
    run_now()
    query = {"enterprise": enterprise.uscc, "year": 2016}
    [office] = api_for(role_users["office"]).get("/api/v1/credit/ratings/", query).json()["results"]
    [county_row] = api_for(role_users["county"]).get("/api/v1/credit/ratings/", query).json()["results"]
    assert (office["reasons"][0]["count"], len(office["reasons"][0]["events"])) == (1, 1)
    assert (county_row["grade"], county_row["reasons"][0]["count"], county_row["reasons"][0]["events"]) == (
        "A",
        1,
        [],
    )
