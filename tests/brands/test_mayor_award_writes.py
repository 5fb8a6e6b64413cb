"""市长质量奖 records come from the office's round: the award type's unit (质监局) may not enter or change one."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.choices import Role
from brands import services
from brands.models import Award
from organizations.models import Department
from tests.conftest import make_user

AWARDS = "/api/v1/brands/awards/"


@pytest.fixture
def zjj_user(reference):
    """Staff of 质监局, the unit in charge of the 市长质量奖 award type (brands/data/award_types.json)."""
    return make_user("t-zjj", Role.DEPARTMENT, department=Department.objects.get(code="zjj"))


@pytest.fixture
def decided_award(scored_round, own_enterprise):
    scored_round.reward_amount = Decimal("500000")
    scored_round.save(update_fields=["reward_amount"])
    winner = scored_round.applications.get(enterprise=own_enterprise)
    (award,) = services.round_decide(round=scored_round, winners=[winner], decided_on=dt.date(2016, 9, 1))
    return award


def _new(code, enterprise):
    return {"award_type": code, "enterprise": enterprise.pk, "year": 2016, "valid_from": "2016-09-01"}


@pytest.mark.django_db
def test_the_types_unit_cannot_create_a_mayor_award_through_the_api(api_for, zjj_user, own_enterprise):
    response = api_for(zjj_user).post(AWARDS, _new("mayor_award", own_enterprise), format="json")
    assert response.status_code == 403 and "评审轮次" in response.json()["detail"]
    assert not Award.objects.exists()
    # Its other types it still enters.
    product = {**_new("liaoning_brand", own_enterprise), "product": "蟹田大米"}
    assert api_for(zjj_user).post(AWARDS, product, format="json").status_code == 201


@pytest.mark.django_db
def test_the_types_unit_cannot_change_the_reward_a_round_decided(api_for, zjj_user, decided_award):
    api = api_for(zjj_user)
    url = f"{AWARDS}{decided_award.pk}/"
    for method, data in (
        ("patch", {"reward_amount": "900000"}),
        ("patch", {"award_type": "panjin_brand", "reward_amount": "900000", "product": "x"}),
        ("put", {**_new("mayor_award", decided_award.enterprise), "reward_amount": "900000"}),
    ):
        response = getattr(api, method)(url, data, format="json")
        assert response.status_code == 403, (method, data, response.json())
    decided_award.refresh_from_db()
    assert decided_award.reward_amount == Decimal("500000")
    assert decided_award.award_type.code == "mayor_award" and decided_award.history.count() == 1


@pytest.mark.django_db
def test_the_office_may_correct_a_decided_award(api_for, office_user, decided_award):
    response = api_for(office_user).patch(
        f"{AWARDS}{decided_award.pk}/", {"reward_amount": "450000"}, format="json"
    )
    assert response.status_code == 200
    decided_award.refresh_from_db()
    assert decided_award.reward_amount == Decimal("450000")


@pytest.mark.django_db
def test_the_web_form_does_not_offer_the_mayor_award_to_the_unit(client_for, zjj_user, own_enterprise):
    client = client_for(zjj_user)
    form = client.get(reverse("brands:award_add")).context["form"]
    codes = set(form.fields["award_type"].queryset.values_list("code", flat=True))
    assert "mayor_award" not in codes and "liaoning_brand" in codes
    from brands.models import AwardType

    response = client.post(
        reverse("brands:award_add"),
        {
            "award_type": AwardType.objects.get(code="mayor_award").pk,
            "enterprise": own_enterprise.name,
            "year": 2016,
            "valid_from": "2016-09-01",
        },
    )
    assert response.status_code == 200 and not Award.objects.exists()
