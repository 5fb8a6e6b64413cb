"""Award types from the data file, the demo loaders, and the enterprise record selector."""

import io

import pytest
from django.core.management import call_command

from brands import demo
from brands.choices import ApplicationStatus, RoundStatus
from brands.models import Application, Assignment, Award, AwardType, EvaluationRound
from brands.selectors import awards_for_enterprise, unfinished_assignments
from core.registry import DemoContext
from organizations.demo import load_enterprises
from tests.brands.factories import AwardFactory

pytestmark = pytest.mark.django_db


def test_seed_award_types_is_idempotent_and_keeps_the_configured_validity(reference):
    award_type = AwardType.objects.get(code="famous_mark")
    award_type.default_validity_years = 5
    award_type.save(update_fields=["default_validity_years"])
    history = AwardType.history.count()
    out = io.StringIO()
    call_command("seed_reference", stdout=out)
    assert "brands.award_types: 7 award types, 0 changed" in out.getvalue()
    assert AwardType.history.count() == history
    award_type.refresh_from_db()
    assert award_type.default_validity_years == 5


def test_seed_award_types_name_the_unit_in_charge(reference):
    units = dict(AwardType.objects.values_list("code", "department__code"))
    assert units["famous_mark"] == units["well_known_mark"] == "gsj"
    assert units["liaoning_brand"] == units["mayor_award"] == "zjj"


def test_demo_loads_awards_and_two_rounds_once(reference):
    ctx = DemoContext()
    load_enterprises(ctx)
    demo.load_awards(ctx)
    demo.load_mayor_award(ctx)
    assert Award.objects.filter(award_type__code="geo_indication").count() == 2
    assert set(Award.objects.filter(award_type__code="geo_indication").values_list("product", flat=True)) == {
        "盘锦大米",
        "盘锦河蟹",
    }
    years = set(Award.objects.filter(award_type__code="liaoning_brand").values_list("year", flat=True))
    assert years == set(range(2012, 2018))
    assert Award.objects.filter(award_type__code="governor_award").count() == 2
    decided, running = EvaluationRound.objects.order_by("year")
    assert decided.status == RoundStatus.DECIDED
    assert (
        Application.objects.filter(round=decided, status=ApplicationStatus.AWARDED).count() == decided.quota
    )
    assert Award.objects.filter(award_type__code="mayor_award", year=decided.year).count() == decided.quota
    assert running.status == RoundStatus.REVIEWING
    assert {a.expert.name for a in unfinished_assignments(running)} == {"李淑华", "孙立新"}
    # The conflicted expert never scores the enterprise she consulted for.
    liu = decided.panel.get(name="刘玉梅")
    assert not Assignment.objects.filter(expert=liu, application__enterprise__in=liu.conflicts.all()).exists()
    counts = (Award.objects.count(), EvaluationRound.objects.count())
    demo.load_awards(ctx)
    demo.load_mayor_award(ctx)
    assert (Award.objects.count(), EvaluationRound.objects.count()) == counts


def test_awards_for_enterprise_is_scoped(county_user, other_county_user, own_enterprise):
    award = AwardFactory(enterprise=own_enterprise)
    assert list(awards_for_enterprise(own_enterprise, county_user)) == [award]
    assert list(awards_for_enterprise(own_enterprise, other_county_user)) == []


def test_enterprise_record_page_lists_the_awards_in_scope(
    client_for, county_user, other_county_user, own_enterprise
):
    AwardFactory(enterprise=own_enterprise, product="蟹田大米", year=2015)
    html = client_for(county_user).get(own_enterprise.get_absolute_url()).content.decode()
    assert "2015年辽宁名牌产品：蟹田大米" in html and "有效期至 2018-05-31" in html
    # The register entry is public, the awards of another county's enterprise are not.
    html = client_for(other_county_user).get(own_enterprise.get_absolute_url()).content.decode()
    assert "蟹田大米" not in html and "暂无获奖记录" in html
