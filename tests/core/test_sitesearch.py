"""The menu bar's search box (issue 16 item 5): enterprises, work orders, targets and awards, grouped, and never a
record the policy hides from the user."""

import pytest
from django.urls import reverse

from complaints.models import Complaint
from organizations.models import Region
from tests.brands.factories import AwardFactory
from tests.complaints.factories import ComplaintFactory
from tests.factories import EnterpriseFactory


@pytest.fixture
def records(reference, county, other_county):
    own = EnterpriseFactory(name="盘锦鑫源米业有限公司", region=county)
    other = EnterpriseFactory(name="盘山鑫源化工有限公司", region=other_county)
    return {
        "own": own,
        "other": other,
        "own_complaint": ComplaintFactory(
            number="12365-2016-777001", region=county, enterprise_name="鑫源米业"
        ),
        "other_complaint": ComplaintFactory(
            number="12365-2016-777002", region=other_county, enterprise_name="鑫源化工"
        ),
        "own_award": AwardFactory(enterprise=own, certificate_no="LNMP-2015-鑫源-01"),
        "other_award": AwardFactory(enterprise=other, certificate_no="LNMP-2015-鑫源-02"),
    }


def groups_of(response) -> dict[str, list[str]]:
    return {g["label"]: [str(r) for r in g["rows"]] for g in response.context["groups"]}


@pytest.mark.django_db
def test_search_finds_each_kind_grouped(client_for, office_user, records):
    client = client_for(office_user)
    found = groups_of(client.get(reverse("search"), {"q": "鑫源"}))
    assert set(found) == {"企业", "投诉工单", "目标", "获奖与名牌"}
    assert {"盘锦鑫源米业有限公司", "盘山鑫源化工有限公司"} <= set(found["企业"])
    assert len(found["投诉工单"]) == 2 and len(found["获奖与名牌"]) == 2
    # A work order by its number, an enterprise by its credit code, a target by its code.
    assert groups_of(client.get(reverse("search"), {"q": "777001"}))["投诉工单"] == [
        str(Complaint.objects.get(number="12365-2016-777001"))
    ]
    assert groups_of(client.get(reverse("search"), {"q": records["own"].uscc}))["企业"] == [
        "盘锦鑫源米业有限公司"
    ]
    assert groups_of(client.get(reverse("search"), {"q": "agri_standard_coverage-2015"}))["目标"] == [
        "2015年 农业标准化生产普及率超过30%"
    ]
    # Each group links to its list with the same words.
    html = client.get(reverse("search"), {"q": "鑫源"}).content.decode()
    assert "/complaints/?q=%E9%91%AB%E6%BA%90" in html


@pytest.mark.django_db
def test_a_county_never_finds_another_countys_non_public_records(client_for, county_user, records):
    found = groups_of(client_for(county_user).get(reverse("search"), {"q": "鑫源"}))
    numbers = found["投诉工单"]
    assert numbers == [str(records["own_complaint"])]  # the other county's work order is not found
    assert found["获奖与名牌"] == [str(records["own_award"])]
    # The enterprise register is reference data every role reads (Enterprise.scope_rule reference=True).
    assert "盘山鑫源化工有限公司" in found["企业"]
    # Not by the number either.
    assert groups_of(client_for(county_user).get(reverse("search"), {"q": "777002"}))["投诉工单"] == []


@pytest.mark.django_db
def test_search_box_is_in_the_menu_bar_and_an_empty_search_explains(client_for, office_user, reference):
    page = client_for(office_user).get(reverse("help:index")).content.decode()
    assert 'action="/search/"' in page and 'role="search"' in page
    empty = client_for(office_user).get(reverse("search"))
    assert empty.status_code == 200 and empty.context["groups"] == []
    assert "多个词用空格分开" in empty.content.decode()


def test_search_needs_a_signed_in_user(client):
    response = client.get("/search/", {"q": "鑫源"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.django_db
def test_search_of_an_old_region_name_is_harmless(client_for, office_user, reference):
    # A long or odd query answers a page, never an error.
    assert Region.objects.exists()
    response = client_for(office_user).get(reverse("search"), {"q": "%_'\" " * 30})
    assert response.status_code == 200
