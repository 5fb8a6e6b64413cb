"""Campaigns and their cases: figures per campaign and county from the nightly job, on the county dashboard,
as an assessment source; a county files and sees its own cases only."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from campaigns.models import Campaign, Case
from core.models import Statistic
from core.stats import current_run
from organizations.models import Department, Region

pytestmark = pytest.mark.django_db


def recompute() -> None:
    call_command("recompute", stdout=io.StringIO())


@pytest.fixture
def campaign(reference):
    return Campaign.objects.create(
        name="2015年农资打假专项行动",
        kind="counterfeit",
        starts_on=dt.date(2015, 3, 1),
        ends_on=dt.date(2015, 10, 31),
        lead=Department.objects.get(code="gsj"),
        products="化肥、农药",
    )


def case(campaign, region, goods="1000", fines="500", **extra) -> Case:
    return Case.objects.create(
        campaign=campaign,
        region=region,
        cause="销售假冒化肥",
        product="化肥",
        opened_on=extra.pop("opened_on", dt.date(2015, 5, 10)),
        goods_value=D(goods),
        fines=D(fines),
        **extra,
    )


def figure(metric, region, period="2015", dim1="", dim2="") -> D | None:
    row = Statistic.objects.filter(
        run=current_run(), metric=metric, region=region, period=period, dim1=dim1, dim2=dim2
    ).first()
    return row.value if row else None


def test_figures_per_campaign_kind_and_county_roll_up_to_the_city(campaign, city, county, other_county):
    case(campaign, county, goods="200000", fines="50000", referred_to_police=True, major=True)
    case(campaign, county, goods="1000", fines="500")
    case(campaign, other_county, goods="3000", fines="0", opened_on=dt.date(2015, 8, 2))
    # 大洼县's case counts for 大洼区.
    case(campaign, Region.objects.get(code="211121"), goods="10")
    recompute()
    assert figure("campaigns.cases", county) == 2
    assert figure("campaigns.goods_value", county) == D("201000")
    assert figure("campaigns.fines", county, dim1="counterfeit", dim2=str(campaign.pk)) == D("50500")
    assert figure("campaigns.referred", county) == 1 and figure("campaigns.major", county) == 1
    assert figure("campaigns.cases", Region.objects.get(code="211104")) == 1
    assert figure("campaigns.cases", city) == 4
    assert figure("campaigns.cases", other_county, period="2015-Q3") == 1
    assert figure("campaigns.cases", city, dim1="special") is None


def test_a_campaigns_cases_show_on_the_county_and_city_dashboards(
    client_for, county_user, office_user, campaign, county, other_county
):
    case(campaign, county)
    case(campaign, county)
    case(campaign, county, major=True)
    case(campaign, other_county)
    recompute()
    page = client_for(county_user).get(f"/dashboards/county/{county.code}/", {"year": 2015}).content.decode()
    table = page.split('id="campaign-cases"')[1].split("</table>")[0]
    assert "打假治劣" in table
    assert f"region={county.code}" in table and "year=2015" in table
    # 3 cases in the county; the other county's case is not counted in it.
    assert ">3</a>" in table
    city = client_for(office_user).get("/dashboards/", {"year": 2015}).content.decode()
    assert ">4</a>" in city.split('id="campaign-cases"')[1].split("</table>")[0]


def test_campaign_page_lists_figures_per_county_the_user_may_see(
    client_for, office_user, county_user, campaign, county, other_county
):
    case(campaign, county, goods="1234")
    case(campaign, other_county, goods="99999")
    recompute()
    office = client_for(office_user).get(f"/campaigns/{campaign.pk}/").content.decode()
    assert county.name in office and other_county.name in office and "99,999" in office
    own = client_for(county_user).get(f"/campaigns/{campaign.pk}/").content.decode()
    assert "1,234" in own and "99,999" not in own


def test_a_county_files_cases_in_its_own_county_and_never_sees_anothers(
    api_for, client_for, county_user, campaign, county, other_county
):
    body = {
        "campaign": campaign.pk,
        "region": county.code,
        "cause": "销售假冒农药",
        "product": "农药",
        "opened_on": "2015-06-01",
        "goods_value": "5000.00",
        "fines": "2000.00",
        "referred_to_police": False,
        "major": False,
    }
    created = api_for(county_user).post("/api/v1/cases/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["kind"] == "counterfeit"
    refused = api_for(county_user).post(
        "/api/v1/cases/", {**body, "region": other_county.code}, format="json"
    )
    assert refused.status_code == 403
    other = case(campaign, other_county)
    assert api_for(county_user).get(f"/api/v1/cases/{other.pk}/").status_code == 404
    listed = {row["id"] for row in api_for(county_user).get("/api/v1/cases/").json()["results"]}
    assert listed == {created.json()["id"]}
    assert client_for(county_user).get(f"/campaigns/cases/{other.pk}/").status_code == 404
    assert "销售假冒化肥" not in client_for(county_user).get("/campaigns/cases/").content.decode()
    # A county does not organise campaigns.
    assert api_for(county_user).post("/api/v1/campaigns/", {}, format="json").status_code == 403


def test_a_case_outside_the_campaigns_period_is_refused_naming_the_field(
    api_for, office_user, campaign, county
):
    body = {
        "campaign": campaign.pk,
        "region": county.code,
        "cause": "无证生产",
        "product": "化肥",
        "opened_on": "2016-01-05",
    }
    response = api_for(office_user).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 400
    assert "立案日期不在专项行动期间" in response.json()["opened_on"][0]


def test_the_lead_department_organises_campaigns_in_its_own_name(api_for, reference):
    from tests.conftest import make_user

    gsj = make_user("t-gsj", "department", department=Department.objects.get(code="gsj"))
    body = {
        "name": "成品油专项整治",
        "kind": "special",
        "starts_on": "2016-04-01",
        "ends_on": "2016-11-30",
        "lead": "gsj",
        "supporting": ["zjj"],
        "regions": ["211103"],
    }
    created = api_for(gsj).post("/api/v1/campaigns/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["regions"] == ["211103"] and created.json()["supporting"] == ["zjj"]
    assert api_for(gsj).post("/api/v1/campaigns/", {**body, "lead": "syj"}, format="json").status_code == 403


def test_an_automatic_assessment_item_counts_a_countys_cases(office_user, campaign, county, other_county):
    from assessments import selectors, services
    from assessments.models.scheme import METRIC_LABELS

    scheme = services.scheme_create(year=2015, user=office_user)
    item = scheme.items.get(code="counterfeit")
    item.scoring, item.metric, item.dim1 = "auto", "campaigns.cases", "counterfeit"
    item.formula, item.full_at, item.window = "threshold", D(2), "assessment_year"
    item.full_clean()
    item.save()
    case(campaign, county)
    case(campaign, county, opened_on=dt.date(2015, 6, 30))
    case(campaign, county, opened_on=dt.date(2015, 7, 1))  # after the window 2014-07—2015-06
    case(campaign, other_county)
    recompute()
    measures = selectors.item_measures(scheme, [item], [county.pk, other_county.pk])
    assert measures[(item.pk, county.pk)].value == 2
    assert item.points_for(measures[(item.pk, county.pk)].value) == item.max_points
    assert item.points_for(measures[(item.pk, other_county.pk)].value) == 0
    labels = selectors.dimension_labels([item])
    assert labels[("campaigns.cases", 0, "counterfeit")] == "打假治劣"
    assert item.rule_text(labels).startswith(f"{METRIC_LABELS['campaigns.cases']}（打假治劣）")


def test_an_enterprises_quality_record_lists_its_cases_as_far_as_the_user_may_see(
    client_for, office_user, county_user, campaign, other_county
):
    from tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(region=other_county)
    case(campaign, other_county, enterprise=enterprise, major=True)
    url = enterprise.get_absolute_url()
    assert "销售假冒化肥（化肥）" in client_for(office_user).get(url).content.decode()
    page = client_for(county_user).get(url).content.decode()
    assert "打假治劣案件" in page and "销售假冒化肥" not in page


def test_a_department_organises_a_campaign_and_a_county_files_a_case_on_the_web(
    client_for, county_user, county, reference
):
    from tests.conftest import make_user

    gsj = Department.objects.get(code="gsj")
    client = client_for(make_user("t-gsj-web", "department", department=gsj))
    response = client.post(
        "/campaigns/add/",
        {
            "name": "2016年成品油专项整治",
            "kind": "special",
            "starts_on": "2016-04-01",
            "ends_on": "2016-11-30",
            "lead": gsj.pk,
            "supporting": [Department.objects.get(code="zjj").pk],
            "regions": [county.pk],
            "products": "汽油、柴油",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get()
    assert list(campaign.regions.all()) == [county]
    response = client_for(county_user).post(
        "/campaigns/cases/add/",
        {
            "campaign": campaign.pk,
            "region": county.pk,
            "cause": "销售不合格柴油",
            "product": "柴油",
            "opened_on": "2016-05-03",
            "goods_value": "8000",
            "fines": "4000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Case.objects.get().history.get().history_user == county_user
