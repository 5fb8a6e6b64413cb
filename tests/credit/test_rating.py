"""The credit rating: events from every app, the office's rules, the blacklist, and the nightly job writing it."""

import datetime as dt

import pytest
from django.core.management import call_command

from brands.models import AwardType
from complaints.choices import Outcome, Status
from complaints.models import Complaint
from core import credit_events
from core.stats import run_now
from credit import rating
from credit.models import CreditRating, RatingRule
from inspections.choices import Conclusion
from tests.brands.factories import AwardFactory
from tests.complaints.factories import ComplaintFactory
from tests.credit.factories import BlacklistEntryFactory, PenaltyFactory
from tests.factories import EnterpriseFactory
from tests.inspections.factories import SpotCheckResultFactory

pytestmark = pytest.mark.django_db


def ratings(enterprise) -> dict[str, CreditRating]:
    return {r.period: r for r in CreditRating.objects.current().filter(enterprise=enterprise)}


def test_months_before_keeps_the_day_or_the_months_last():
    assert rating.months_before(dt.date(2016, 12, 31), 12) == dt.date(2015, 12, 31)
    assert rating.months_before(dt.date(2016, 3, 31), 1) == dt.date(2016, 2, 29)
    assert rating.months_before(dt.date(2016, 1, 15), 13) == dt.date(2014, 12, 15)


@pytest.mark.parametrize(
    ("score", "grade"), [(100, "A"), (90, "A"), (89, "B"), (75, "B"), (74, "C"), (60, "C"), (59, "D")]
)
def test_grade_bands(score, grade):
    assert rating.grade_of(score) == grade


def test_every_app_registers_its_kind_of_event():
    assert {"failed_spot_check", "penalty", "serious_penalty", "confirmed_complaint", "award"} <= {
        kind.code for kind in credit_events.kinds()
    }
    assert [kind.code for kind in credit_events.kinds() if kind.positive] == ["award"]


def test_a_failed_spot_check_and_a_penalty_move_the_rating_after_the_nightly_job(reference):
    enterprise = EnterpriseFactory()
    clean = EnterpriseFactory()
    run_now()
    assert [r.grade for r in ratings(enterprise).values()] == ["A"]  # no event yet: this year only, A

    failed = SpotCheckResultFactory(
        producer=enterprise,
        conclusion=Conclusion.FAIL,
        sampled_on=dt.date(2016, 4, 2),
        product_name="蟹田大米",
    )
    SpotCheckResultFactory(producer=enterprise, sampled_on=dt.date(2016, 4, 3))  # passed: no event
    penalty = PenaltyFactory(enterprise=enterprise, decided_on=dt.date(2016, 5, 10))
    run_now()

    rated = ratings(enterprise)
    # 100 − 10 (the failed sample) − 15 (the penalty) = 75: B 基本守信, with both reasons and their records.
    assert (rated["2016"].grade, rated["2016"].score) == ("B", 75)
    reasons = {reason["rule"]: reason for reason in rated["2016"].reasons}
    assert set(reasons) == {"spot_check_points", "penalty_points"}
    assert reasons["spot_check_points"]["effect"] == "减 10 分"
    assert reasons["spot_check_points"]["events"][0]["ref"] == f"inspections.SpotCheckResult:{failed.pk}"
    assert reasons["spot_check_points"]["events"][0]["url"] == failed.get_absolute_url()
    assert reasons["penalty_points"]["events"][0]["ref"] == f"credit.Penalty:{penalty.pk}"
    assert (rated["2016"].negative_events, rated["2016"].positive_events) == (2, 0)
    # The windows: the sample (12 months) no longer counts at the end of 2017, the penalty (24 months) does.
    assert (rated["2017"].score, [r["rule"] for r in rated["2017"].reasons]) == (85, ["penalty_points"])
    assert min(rated) == "2016"  # the years rated start with the first year that has an event
    assert {r.grade for r in ratings(clean).values()} == {"A"}
    assert rated["2016"].region_id == enterprise.region_id


def test_a_cap_rule_limits_the_grade_and_the_office_can_change_it(reference):
    enterprise = EnterpriseFactory()
    for day in (3, 4, 5):
        SpotCheckResultFactory(
            producer=enterprise, conclusion=Conclusion.FAIL, sampled_on=dt.date(2016, 6, day)
        )
    run_now()
    rated = ratings(enterprise)["2016"]
    # 70 points is C anyway; the cap rule applies too and says so.
    assert (rated.grade, rated.score) == ("C", 70)
    assert [r["rule"] for r in rated.reasons] == ["spot_check_points", "spot_check_repeat"]

    RatingRule.objects.filter(code="spot_check_points").update(points=-1)
    run_now()
    rated = ratings(enterprise)["2016"]
    assert (rated.grade, rated.score) == ("C", 97)  # 97 points would be A; the cap holds it at C
    RatingRule.objects.filter(code="spot_check_repeat").update(active=False)
    run_now()
    assert ratings(enterprise)["2016"].grade == "A"


def test_the_blacklist_rates_d_while_on_it_and_not_after_the_repair(reference):
    entry = BlacklistEntryFactory(
        listed_on=dt.date(2015, 3, 1),
        removed_on=dt.date(2016, 9, 1),
        repair_document="盘质监信复字〔2016〕1号",
        repair_reason="整改合格",
    )
    run_now()
    rated = ratings(entry.enterprise)
    assert (rated["2015"].grade, rated["2015"].blacklisted, rated["2015"].reasons[0]["rule"]) == (
        "D",
        True,
        "blacklist",
    )
    assert rated["2015"].reasons[0]["events"][0]["url"] == entry.get_absolute_url()
    assert (rated["2016"].grade, rated["2016"].blacklisted) == ("A", False)


def test_confirmed_complaints_count_and_others_do_not(reference):
    enterprise = EnterpriseFactory()
    handled = dt.datetime(2016, 3, 1, 10, tzinfo=dt.UTC)
    confirmed, mediated, open_ = (ComplaintFactory(enterprise=enterprise) for _ in range(3))
    # Moved straight to the end of their lifecycle: the source reads the outcome, not the steps.
    Complaint.objects.filter(pk=confirmed.pk).update(
        status=Status.CLOSED, outcome=Outcome.CORRECTED, handled_at=handled
    )
    Complaint.objects.filter(pk=mediated.pk).update(
        status=Status.CLOSED, outcome=Outcome.MEDIATED, handled_at=handled
    )
    events = credit_events.collect(dt.date(2016, 1, 1), dt.date(2016, 12, 31), [enterprise.pk])
    assert [(e.kind, e.ref) for e in events] == [
        ("confirmed_complaint", f"complaints.Complaint:{confirmed.pk}")
    ]


def test_awards_count_for_the_enterprise(reference):
    enterprise = EnterpriseFactory()
    AwardFactory(
        enterprise=enterprise,
        award_type=AwardType.objects.get(code="liaoning_brand"),
        year=2016,
        valid_from=dt.date(2016, 6, 1),
    )
    PenaltyFactory(enterprise=enterprise, decided_on=dt.date(2016, 2, 1))
    run_now()
    rated = ratings(enterprise)["2016"]
    assert (rated.score, rated.positive_events, rated.negative_events) == (90, 1, 1)
    assert {r["rule"]: r["effect"] for r in rated.reasons} == {
        "penalty_points": "减 15 分",
        "award_points": "加 5 分",
    }


def test_a_serious_penalty_caps_at_c(reference):
    enterprise = EnterpriseFactory()
    PenaltyFactory(enterprise=enterprise, fine=12, decided_on=dt.date(2016, 2, 1))
    run_now()
    rated = ratings(enterprise)["2016"]
    assert (rated.score, rated.grade) == (85, "C")


def test_seed_adds_missing_rules_and_keeps_the_offices_changes(reference):
    RatingRule.objects.filter(code="penalty_points").update(points=-20)
    RatingRule.objects.filter(code="award_points").delete()
    call_command("seed_reference", verbosity=0)
    assert RatingRule.objects.get(code="penalty_points").points == -20
    assert RatingRule.objects.get(code="award_points").points == 5


def test_a_large_or_worse_incident_of_the_enterprise_caps_it_at_c(reference, county, office_user):
    from tests.incidents.conftest import make_incident

    enterprise = EnterpriseFactory(region=county)
    large = make_incident(county, office_user, day=dt.date(2016, 8, 1), enterprise=enterprise, grade="large")
    make_incident(county, office_user, day=dt.date(2016, 9, 1), enterprise=enterprise, grade="general")
    make_incident(county, office_user, day=dt.date(2016, 9, 2), grade="major")  # no enterprise named
    events = credit_events.collect(dt.date(2016, 1, 1), dt.date(2016, 12, 31), [enterprise.pk])
    assert [(e.kind, e.ref, e.url) for e in events] == [
        ("incident", f"incidents.Incident:{large.pk}", large.get_absolute_url())
    ]
    run_now()
    rated = ratings(enterprise)["2016"]
    assert (rated.grade, rated.score, [r["rule"] for r in rated.reasons]) == ("C", 100, ["incident_cap"])
    assert ratings(enterprise)["2018"].grade == "C" and ratings(enterprise)["2019"].grade == "A"  # 36 months
