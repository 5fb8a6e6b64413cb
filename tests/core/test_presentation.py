"""How shared pieces present data to people: number and date formats, filter forms, history entries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import Context, Template

from brands import services
from core.views import history_of
from inspections.filtersets import SpotCheckResultFilterSet
from organizations.filtersets import RegionFilterSet
from tests.brands.factories import ExpertFactory, round_data


def test_numbers_group_thousands_and_dates_read_as_in_the_office_spreadsheets():
    assert intcomma(1234567) == "1,234,567"
    rendered = Template("{{ day }} · {{ year }}").render(Context({"day": dt.date(2015, 3, 2), "year": 2017}))
    # Plain numbers (years, codes) are never grouped; only intcomma groups.
    assert rendered == "2015-03-02 · 2017"


@pytest.mark.django_db
def test_open_filters_read_all_not_dashes_or_unknown(reference):
    form = SpotCheckResultFilterSet(data={}).form
    assert form.fields["region"].empty_label == "全部"
    assert dict(form.fields["level"].choices)[""] == "全部"
    region_form = RegionFilterSet(data={}).form
    for field in region_form.fields.values():
        assert "---------" not in str(getattr(field, "choices", "")) and "未知" not in str(
            field.widget.render("x", "")
        )


@pytest.mark.django_db
def test_history_names_the_related_objects_of_a_many_to_many_change(reference):
    experts = [ExpertFactory(name=name) for name in ("王建国", "李淑华", "张海涛")]
    evaluation = services.round_create(round=round_data())
    services.round_set_panel(round=evaluation, experts=experts)
    services.round_set_panel(round=evaluation, experts=experts[:2])
    changes = [c for entry in history_of(evaluation) for c in entry["changes"] if c["field"] == "评审专家组"]
    assert changes, "the panel change is in the history"
    # Names, not the through rows ({'evaluationround': 1, 'expert': 2}) that simple-history stores.
    assert set(changes[0]["new"].split("、")) == {str(e) for e in experts[:2]}
    assert set(changes[0]["old"].split("、")) == {str(e) for e in experts}


@pytest.mark.django_db
def test_history_groups_amounts(reference):
    from brands.models import Award
    from tests.brands.factories import AwardFactory

    award = AwardFactory(reward_amount=Decimal("50000.00"))
    award.reward_amount = Decimal("1234.50")
    award.save()
    changes = [c for entry in history_of(Award.objects.get(pk=award.pk)) for c in entry["changes"]]
    assert [(c["old"], c["new"]) for c in changes if c["field"] == "市级奖励金额（元）"] == [
        ("50,000", "1,234.50")
    ]


@pytest.mark.django_db
def test_pages_are_chinese_whatever_the_browser_language_unless_the_user_picks_english(client, office_user):
    client.force_login(office_user)
    page = client.get("/dashboards/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "质量强市工作平台" in page and "Quality City Portal" not in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/dashboards/"})
    page = client.get("/dashboards/").content.decode()
    assert "Quality City Portal" in page
