"""The random draw (双随机): conflicts avoided, reproducible from the recorded seed, verifiable, publishable."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from inspections import selectors, services
from inspections.choices import Level, PlanStatus
from inspections.models import DrawPick, InspectionPlan, ProductClass
from organizations.models import Department, Enterprise
from tests.factories import EnterpriseFactory
from tests.inspections.factories import InspectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(office_user, county, other_county):
    cables = ProductClass.objects.get(code="cables")
    for index in range(6):
        EnterpriseFactory(industry="电线电缆", region=county if index % 2 else other_county)
    EnterpriseFactory(industry="食品制造", region=county)  # not in the class's industries: never drawn
    return services.plan_create(
        user=office_user,
        title="2016年电线电缆抽查",
        year=2016,
        level=Level.MUNICIPAL,
        department=Department.objects.get(code="zjj"),
        product_classes=[cables],
        regions=[county, other_county],
        count=2,
    )


@pytest.fixture
def roster(plan):
    return InspectorFactory.create_batch(4)


def test_draw_picks_from_the_pool_and_avoids_conflicts(plan, roster, office_user):
    conflicted = roster[0]
    county_enterprises = list(Enterprise.objects.filter(industry="电线电缆", region__code="211103"))
    conflicted.conflicts.set(county_enterprises)
    plan = services.plan_draw(plan=plan, user=office_user, seed="fixed")
    assert plan.status == PlanStatus.DRAWN and plan.draw_seed == "fixed" and plan.drawn_by == office_user
    picks = list(plan.picks.select_related("enterprise", "quota__region").prefetch_related("inspectors"))
    assert len(picks) == 4
    for pick in picks:
        assert pick.enterprise.industry == "电线电缆"
        assert pick.enterprise.region == pick.quota.region
        inspectors = set(pick.inspectors.all())
        assert len(inspectors) == 2
        if pick.quota.region.code == "211103":
            assert conflicted not in inspectors
    assert plan.draw_record["conflicts"] == {str(conflicted.pk): sorted(e.pk for e in county_enterprises)}
    assert DrawPick.history.filter(history_type="+").count() == 4
    assert plan.history.first().draw_seed == "fixed"


def test_same_seed_same_picks_and_verify_detects_tampering(plan, roster, office_user):
    plan = services.plan_draw(plan=plan, user=office_user, seed="abc")
    again = services.draw_compute("abc", plan.draw_record)
    assert again == [
        (p.quota_id, p.enterprise_id, sorted(i.pk for i in p.inspectors.all()))
        for p in plan.picks.order_by("position")
    ]
    assert services.plan_verify(plan=plan) == (True, [])
    out = StringIO()
    call_command("verify_draw", str(plan.pk), stdout=out)
    assert "一致" in out.getvalue()
    # Someone swaps an inspector after the draw: verification says so.
    pick = plan.picks.first()
    pick.inspectors.set([i for i in roster if i.pk not in {x.pk for x in pick.inspectors.all()}][:2])
    ok, differences = services.plan_verify(plan=plan)
    assert not ok and differences[0].startswith("第 1 户")
    with pytest.raises(CommandError, match="不一致"):
        call_command("verify_draw", str(plan.pk), stdout=StringIO())


def test_plan_counts_do_not_multiply(plan, roster, office_user):
    services.plan_draw(plan=plan, user=office_user)
    counted = selectors.plans_with_counts().get(pk=plan.pk)
    assert (counted.quota_total, counted.pick_count) == (4, 4)


def test_a_drawn_plan_cannot_be_drawn_again(plan, roster, office_user):
    services.plan_draw(plan=plan, user=office_user)
    with pytest.raises(Exception, match="已经抽取过"):
        services.plan_draw(plan=plan, user=office_user)
    assert plan.picks.count() == 4


def test_too_few_inspectors_draws_nothing(plan, office_user):
    InspectorFactory()
    with pytest.raises(Exception, match="少于每户 2 名"):
        services.plan_draw(plan=plan, user=office_user)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and not plan.picks.exists()


def test_web_draw_verify_publish_and_who_sees_the_plan(
    plan, roster, client_for, office_user, county_user, leader_user
):
    office = client_for(office_user)
    county = client_for(county_user)
    assert county.get(plan.get_absolute_url()).status_code == 404  # a draft is the office's
    assert county.post(reverse("inspections:plan_draw", args=[plan.pk])).status_code == 403
    assert office.post(reverse("inspections:plan_draw", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAWN
    response = office.post(reverse("inspections:plan_verify", args=[plan.pk]), follow=True)
    assert "验证一致" in response.content.decode()
    assert (
        client_for(leader_user).post(reverse("inspections:plan_publish", args=[plan.pk])).status_code == 403
    )
    office.post(reverse("inspections:plan_publish", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    page = county.get(plan.get_absolute_url())
    assert page.status_code == 200 and "随机种子" in page.content.decode()


def test_web_plan_creation_makes_quotas(client_for, office_user, county, other_county):
    cables = ProductClass.objects.get(code="cables")
    response = client_for(office_user).post(
        reverse("inspections:plan_add"),
        {
            "title": "2017年抽查",
            "year": 2017,
            "level": "municipal",
            "department": Department.objects.get(code="zjj").pk,
            "product_classes": [cables.pk],
            "regions": [county.pk, other_county.pk],
            "count": 3,
            "inspectors_per_enterprise": 2,
        },
    )
    plan = InspectionPlan.objects.get(title="2017年抽查")
    assert response.status_code == 302
    assert sorted(plan.quotas.values_list("region__code", "count")) == [("211103", 3), ("211122", 3)]
    assert plan.history.count() == 1 and plan.quotas.first().history.count() == 1


@pytest.mark.parametrize(
    "role, status", [("office", 200), ("admin", 200), ("leader", 403), ("county", 403), ("department", 403)]
)
def test_plan_form_is_for_the_office(client_for, role_users, role, status):
    assert client_for(None).get(reverse("inspections:plan_add")).status_code == 302
    assert client_for(role_users[role]).get(reverse("inspections:plan_add")).status_code == status
