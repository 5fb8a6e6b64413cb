"""Credit pages: who sees and enters what (counties their own, published records for everyone), the web forms,
信用修复, the rules page, the enterprise's record and the 双公示 export."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.stats import run_now
from credit.models import BlacklistEntry, Penalty, RatingRule
from credit.publication import BLACKLIST_HEADERS, PENALTY_HEADERS
from inspections.choices import Conclusion
from organizations.models import Department
from tests.credit.factories import BlacklistEntryFactory, PenaltyFactory
from tests.factories import EnterpriseFactory
from tests.inspections.factories import SpotCheckResultFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(reference, county, other_county):
    """A penalty and a listing in the county (unpublished), one published and one not in another county."""
    own = PenaltyFactory(enterprise=EnterpriseFactory(region=county))
    other_published = PenaltyFactory(
        enterprise=EnterpriseFactory(region=other_county), published=True, published_on=dt.date(2016, 5, 20)
    )
    other_hidden = PenaltyFactory(enterprise=EnterpriseFactory(region=other_county))
    listing = BlacklistEntryFactory(enterprise=EnterpriseFactory(region=other_county))
    return own, other_published, other_hidden, listing


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        ("office", {"own", "other_published", "other_hidden"}),
        ("leader", {"own", "other_published", "other_hidden"}),
        ("county", {"own", "other_published"}),
        # 住建委 decided none of them: only what is published.
        ("department", {"other_published"}),
    ],
)
def test_penalties_are_seen_in_scope_or_once_published(client_for, role_users, records, role, seen):
    own, other_published, other_hidden, _ = records
    names = {"own": own, "other_published": other_published, "other_hidden": other_hidden}
    client = client_for(role_users[role])
    page = client.get(reverse("credit:penalty_list")).content.decode()
    assert {name for name, p in names.items() if p.decision_number in page} == seen
    for name, penalty in names.items():
        status = client.get(penalty.get_absolute_url()).status_code
        assert status == (200 if name in seen else 404), name


def test_anonymous_users_are_sent_to_sign_in(client, records):
    for url in (reverse("credit:penalty_list"), reverse("credit:rating_list"), reverse("credit:publication")):
        assert "/accounts/login/" in client.get(url).url


def test_the_deciding_unit_enters_its_penalty_and_not_another_units(client_for, reference, county):
    from tests.conftest import make_user

    zjj = Department.objects.get(code="zjj")
    staff = make_user("zjj-staff", "department", department=zjj)
    enterprise = EnterpriseFactory(region=county)
    client = client_for(staff)
    data = {
        "decision_number": "盘质监罚字〔2016〕88号",
        "enterprise": enterprise.uscc,
        "subject_kind": "legal_person",
        "department": zjj.pk,
        "cause": "生产销售不合格产品",
        "facts": "抽查不合格",
        "basis": "《产品质量法》第四十九条",
        "category": "fine",
        "content": "罚款 2 万元",
        "fine": "2",
        "confiscated": "0",
        "decided_on": "2016-05-10",
        "published": "on",
    }
    response = client.post(reverse("credit:penalty_add"), data)
    penalty = Penalty.objects.get()
    assert response.status_code == 302 and response.url == penalty.get_absolute_url()
    # The region follows the enterprise; published without a date is published today.
    assert (penalty.region, penalty.department, penalty.published_on is not None) == (county, zjj, True)
    assert penalty.history.get().history_user == staff

    other = Department.objects.get(code="gsj")
    response = client.post(
        reverse("credit:penalty_add"), {**data, "decision_number": "X-2", "department": other.pk}
    )
    assert response.status_code == 200 and Penalty.objects.count() == 1
    # A county does not enter penalties.
    county_user = make_user("county-x", "county", region=county)
    assert client_for(county_user).get(reverse("credit:penalty_add")).status_code == 403


def test_blacklist_removal_records_the_repair(client_for, office_user, reference):
    entry = BlacklistEntryFactory()
    client = client_for(office_user)
    url = reverse("credit:blacklist_remove", args=[entry.pk])
    response = client.post(url, {"removed_on": "2016-05-01", "document": "复字1号", "reason": "整改"})
    assert response.status_code == 200  # before the listing: refused on the form
    assert "移出日期不能早于列入日期" in response.content.decode()
    response = client.post(
        url, {"removed_on": "2017-06-01", "document": "盘质监信复字〔2017〕3号", "reason": "整改合格"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.removed_on, entry.repair_document) == (dt.date(2017, 6, 1), "盘质监信复字〔2017〕3号")
    # Once off the list, the enterprise can be listed again.
    BlacklistEntryFactory(enterprise=entry.enterprise, listed_on=dt.date(2018, 1, 1))
    assert BlacklistEntry.objects.filter(enterprise=entry.enterprise).count() == 2


def test_only_the_office_changes_the_rules(client_for, role_users, reference):
    rule = RatingRule.objects.get(code="penalty_points")
    url = reverse("credit:rule_edit", args=[rule.pk])
    for role in ("leader", "county", "department"):
        assert client_for(role_users[role]).get(url).status_code == 403
    assert "行政处罚" in client_for(role_users["county"]).get(reverse("credit:rule_list")).content.decode()
    data = {
        "code": rule.code,
        "name": rule.name,
        "kind": "penalty",
        "window_months": 36,
        "min_events": 1,
        "effect": "points",
        "grade": "",
        "points": -20,
        "order": rule.order,
        "active": "on",
    }
    assert client_for(role_users["office"]).post(url, data).status_code == 302
    rule.refresh_from_db()
    assert (rule.window_months, rule.points) == (36, -20)
    response = client_for(role_users["office"]).post(url, {**data, "kind": "no_such_kind"})
    assert response.status_code == 200 and RatingRule.objects.get(pk=rule.pk).kind == "penalty"


def test_the_enterprise_page_shows_its_rating_reasons_and_events(
    client_for, role_users, reference, county, other_county
):
    enterprise = EnterpriseFactory(region=county)
    SpotCheckResultFactory(producer=enterprise, conclusion=Conclusion.FAIL, sampled_on=dt.date(2016, 4, 2))
    penalty = PenaltyFactory(enterprise=enterprise, decided_on=dt.date(2016, 5, 10))
    run_now()
    page = client_for(role_users["county"]).get(enterprise.get_absolute_url()).content.decode()
    # This year's rating first (nothing in its windows: A), then 2016 with what moved it.
    section = page[page.index("年信用等级") - 20 :]
    assert "A 守信" in section and "2016 年" in section and "B 基本守信" in section, section[:2500]
    assert "近 12 个月内监督抽查不合格：每件减 10 分" in page and penalty.get_absolute_url() in page
    assert "监督抽查不合格" in page and "行政处罚" in page
    # Another county's official sees the register entry, not its credit record.
    from tests.conftest import make_user

    stranger = make_user("county-other", "county", region=other_county)
    page = client_for(stranger).get(enterprise.get_absolute_url()).content.decode()
    assert "信用档案不予显示" in page and penalty.get_absolute_url() not in page


def test_ratings_list_is_scoped_to_the_county(client_for, role_users, reference, county, other_county):
    mine = EnterpriseFactory(region=county, name="本县企业")
    EnterpriseFactory(region=other_county, name="外县企业")
    run_now()
    page = client_for(role_users["county"]).get(reverse("credit:rating_list")).content.decode()
    assert mine.name in page and "外县企业" not in page
    page = client_for(role_users["leader"]).get(reverse("credit:rating_list")).content.decode()
    assert "外县企业" in page


def test_publication_export_has_the_standards_columns_and_only_published_rows(
    client_for, role_users, records
):
    own, other_published, other_hidden, listing = records
    listing.published, listing.published_on = True, dt.date(2016, 6, 5)
    listing.save()
    response = client_for(role_users["county"]).get(reverse("credit:publication"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    penalties, blacklist = book["行政处罚"], book["严重失信主体名单"]
    assert [c.value for c in penalties[1]] == PENALTY_HEADERS
    assert PENALTY_HEADERS[:5] == [
        "行政相对人名称",
        "行政相对人类别",
        "统一社会信用代码",
        "法定代表人",
        "行政处罚决定书文号",
    ]
    rows = [[c.value for c in row] for row in penalties.iter_rows(min_row=2)]
    assert [row[4] for row in rows] == [other_published.decision_number]  # own is not published yet
    row = dict(zip(PENALTY_HEADERS, rows[0], strict=True))
    assert row["统一社会信用代码"] == other_published.enterprise.uscc
    assert row["罚款金额（万元）"] == 2.5 and row["处罚机关"] == "盘锦市质量技术监督局"
    assert row["处罚决定日期"].date() == dt.date(2016, 5, 10)
    assert [c.value for c in blacklist[1]] == BLACKLIST_HEADERS
    assert [r[0].value for r in blacklist.iter_rows(min_row=2)] == [listing.enterprise.name]


def test_unpublished_records_are_on_the_enterers_to_do_list(role_users, records):
    from core import todo

    items = {item.label: item for item in todo.items_for(role_users["office"])}
    assert items["未公示的行政处罚"].count == 2 and items["未公示的严重失信名单"].count == 1
    assert items["未公示的行政处罚"].url == "/credit/penalties/?published=false"
    labels = {item.label for item in todo.items_for(role_users["county"])}
    assert "未公示的行政处罚" not in labels


def test_a_listing_is_seen_in_scope_or_once_published(client_for, role_users, records):
    listing = records[3]
    url = listing.get_absolute_url()
    assert [client_for(role_users[r]).get(url).status_code for r in ("office", "county", "department")] == [
        200,
        404,
        404,
    ]
    listing.published, listing.published_on = True, dt.date(2016, 6, 5)
    listing.save()
    assert client_for(role_users["county"]).get(url).status_code == 200
    # Seen is not changed: 信用修复 stays with the office and the deciding unit.
    remove = reverse("credit:blacklist_remove", args=[listing.pk])
    assert client_for(role_users["county"]).get(remove).status_code == 404
