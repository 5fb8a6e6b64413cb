"""Engineering quality credit: units by credit code, the yearly score rule and ranks, the ranking's visibility
and downloads, and the deposit's rule (returned + forfeited ≤ paid)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from construction import services
from construction.models import Deposit, Project, Ranking, ResponsibleUnit, UnitScore
from organizations.uscc import make_uscc
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def make_unit(n: int, kind: str, department, user=None) -> ResponsibleUnit:
    unit = ResponsibleUnit(
        name=f"测试{kind}{n}有限公司", uscc=make_uscc(f"91211100MB{n:07d}"), kind=kind, department=department
    )
    return services.unit_save(unit=unit, user=user)


@pytest.fixture
def ranking(department, office_user) -> Ranking:
    ranking = services.ranking_save(ranking=Ranking(year=2015, department=department), user=office_user)
    for n, (inspection, accidents, complaints, awards) in enumerate(
        [(95, 0, 0, 5), (90, 0, 0, 0), (92, 0, 1, 0), (80, 1, 0, 0)]
    ):
        services.score_save(
            score=UnitScore(
                ranking=ranking,
                unit=make_unit(n, "contractor", department),
                inspection_score=Decimal(inspection),
                accidents=accidents,
                complaints=complaints,
                awards=awards,
            ),
            user=office_user,
        )
    return ranking


def test_score_total_follows_the_stated_rule_and_ties_share_a_rank(ranking):
    rows = list(ranking.scores.order_by("rank", "unit__name").values_list("total", "rank"))
    # 95 + min(15, 10) = 105; 90; 92 − 2 = 90 (tied with the 90); 80 − 10 = 70.
    assert rows == [(Decimal("105.0"), 1), (Decimal("90.0"), 2), (Decimal("90.0"), 2), (Decimal("70.0"), 4)]
    assert services.score_total(inspection_score=Decimal(5), accidents=1, complaints=0, awards=0) == 0


def test_unpublished_ranking_is_for_the_office_and_zjw_only(
    ranking,
    office_user,
    department_user,
    other_department_user,
    leader_user,
    county_user,
    client_for,
    api_for,
):
    url = ranking.get_absolute_url()
    for user in (office_user, department_user):
        assert client_for(user).get(url).status_code == 200
        assert len(api_for(user).get("/api/v1/construction/rankings/?year=2015").json()["results"]) == 4
    for user in (other_department_user, leader_user, county_user):
        page = client_for(user).get(url)
        assert page.status_code == 200 and "测试contractor0有限公司" not in page.content.decode()
        assert "还没有可查看的排行榜" in page.content.decode()
        assert api_for(user).get("/api/v1/construction/rankings/?year=2015").json()["results"] == []
    # Publishing (住建委 itself may) opens it to everyone signed in, and locks the scores.
    assert client_for(department_user).post("/construction/rankings/2015/publish/").status_code == 302
    ranking.refresh_from_db()
    assert ranking.is_published
    rows = api_for(county_user).get("/api/v1/construction/rankings/?year=2015").json()["results"]
    assert [r["rank"] for r in rows] == [1, 2, 2, 4] and rows[0]["published"] is True
    score = ranking.scores.first()
    score.accidents = 3
    with pytest.raises(ValidationError):
        services.score_save(score=score, user=office_user)


def test_ranking_downloads_as_excel_and_csv(ranking, office_user, client_for):
    client = client_for(office_user)
    xlsx = client.get(f"{ranking.get_absolute_url()}&export=xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(
        io.BytesIO(b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content)
    ).active
    filters, *values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert filters[0].startswith("筛选条件：年度 2015")  # the line above every list export
    assert values[0][:4] == ["年度", "主体类别", "名次", "责任主体单位"]
    assert values[1][:3] == [2015, "施工单位", 1] and values[1][-1] == 105
    csv = client.get(f"{ranking.get_absolute_url()}&export=csv")
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "信誉分" in text and text.count("\n") == 5


def test_unit_credit_code_is_checked_and_linked_to_the_register(department_user, api_for):
    enterprise = EnterpriseFactory()
    client = api_for(department_user)
    bad = client.post(
        "/api/v1/construction/units/",
        {
            "name": "错码公司",
            "uscc": enterprise.uscc[:17] + ("0" if enterprise.uscc[17] != "0" else "1"),
            "kind": "designer",
        },
        format="json",
    )
    assert bad.status_code == 400 and "校验位" in bad.content.decode()
    good = client.post(
        "/api/v1/construction/units/",
        {"name": enterprise.name, "uscc": enterprise.uscc.lower(), "kind": "designer"},
        format="json",
    )
    assert good.status_code == 201, good.content
    unit = ResponsibleUnit.objects.get(pk=good.json()["id"])
    assert unit.enterprise == enterprise and unit.department.code == "zjw"


@pytest.fixture
def project(county, department, office_user) -> Project:
    contractor = make_unit(90, "contractor", department)
    return services.project_save(
        project=Project(
            name="测试医院", code="P-1", region=county, department=department, contractor=contractor
        ),
        user=office_user,
    )


def test_project_units_must_be_of_their_role(project, department, office_user):
    project.supervisor = make_unit(91, "designer", department)
    with pytest.raises(ValidationError, match="不能作为监理单位"):
        services.project_save(project=project, user=office_user)


def test_deposit_returned_and_forfeited_never_exceed_paid(project, office_user, api_for, client_for):
    deposit = Deposit(
        project=project,
        amount_due=Decimal(100000),
        paid_amount=Decimal(100000),
        paid_on=dt.date(2015, 3, 1),
        returned_amount=Decimal(60000),
        returned_on=dt.date(2017, 3, 1),
        forfeited_amount=Decimal(50000),
        forfeited_on=dt.date(2016, 3, 1),
        forfeit_reason="渗漏维修",
    )
    with pytest.raises(ValidationError, match="不能超过实缴金额"):
        services.deposit_save(deposit=deposit, user=office_user)
    body = {
        "project": project.code,
        "amount_due": "100000",
        "paid_amount": "100000",
        "paid_on": "2015-03-01",
        "returned_amount": "60000",
        "returned_on": "2017-03-01",
        "forfeited_amount": "50000",
        "forfeited_on": "2016-03-01",
        "forfeit_reason": "渗漏维修",
    }
    refused = api_for(office_user).post("/api/v1/construction/deposits/", body, format="json")
    assert refused.status_code == 400 and "不能超过实缴金额" in refused.content.decode()
    web = client_for(office_user).post("/construction/deposits/add/", {**body, "project": project.pk})
    assert web.status_code == 200 and "不能超过实缴金额" in web.content.decode()
    # A forfeit without its reason and a return before payment are refused too.
    missing = {**body, "returned_amount": "40000", "forfeit_reason": "", "returned_on": "2014-01-01"}
    errors = api_for(office_user).post("/api/v1/construction/deposits/", missing, format="json").json()
    assert set(errors) >= {"forfeit_reason", "returned_on"}
    assert not Deposit.objects.exists()
    ok = api_for(office_user).post(
        "/api/v1/construction/deposits/", {**body, "returned_amount": "50000"}, format="json"
    )
    assert ok.status_code == 201 and ok.json()["state"] == "settled"


def test_county_sees_its_own_projects_and_deposits_only(
    project, other_county, department, office_user, county_user, client_for, api_for
):
    other = services.project_save(
        project=Project(name="外县工程", code="P-2", region=other_county, department=department),
        user=office_user,
    )
    for p in (project, other):
        services.deposit_save(deposit=Deposit(project=p, amount_due=Decimal(1)), user=office_user)
    rows = api_for(county_user).get("/api/v1/construction/deposits/").json()["results"]
    assert [r["project"] for r in rows] == ["P-1"]
    assert client_for(county_user).get(other.get_absolute_url()).status_code == 404
    assert client_for(county_user).get(other.deposit.get_absolute_url()).status_code == 404
