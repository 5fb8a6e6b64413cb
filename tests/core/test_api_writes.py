"""Every write the API offers × every role, generated from the URL configuration.

The API offers no write the web does not, and each write admits exactly the roles the policy means
(`EXPECTED`). A new write endpoint without an expectation fails `test_every_api_write_has_an_expectation`.
A refused write answers 401/403/404/405 and leaves every table of the database as it was; an admitted
one is never refused for the role (it may still fail validation, and then changes nothing either).
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from brands.models import Score
from core.models import Job, JobStatus
from organizations.uscc import make_uscc
from tests.brands.conftest import (  # noqa: F401  (fixtures: a mayor's award round under review)
    expert_user,
    experts,
    open_round,
    other_enterprise,
    own_enterprise,
    reviewing_round,
)
from tests.brands.factories import AwardFactory, EnterpriseFactory
from tests.complaints.factories import ComplaintFactory
from tests.credit.factories import BlacklistEntryFactory, PenaltyFactory
from tests.inspections.factories import AcceptanceRecordFactory, SpotCheckResultFactory
from tests.targets.factories import MeasurementFactory

WRITE_METHODS = ("post", "put", "patch", "delete")
ANONYMOUS = "anonymous"
ROLES = ["office", "leader", "admin", "county", "department", ANONYMOUS]
REFUSED = {401, 403, 404, 405}

OFFICE = frozenset({"office", "admin"})
NOBODY: frozenset[str] = frozenset()

# Who gets past the policy, per write. The role fixtures: a county official of 211103 and a staff
# member of 住建委 (zjw); every object below lies in that county and, where it has one, that unit.
EXPECTED: dict[str, frozenset[str]] = {
    # Enterprises: the office, and a county for its own register; no DELETE (the web has none).
    "POST /api/v1/enterprises/": OFFICE | {"county"},
    "PUT /api/v1/enterprises/{id}/": OFFICE | {"county"},
    "PATCH /api/v1/enterprises/{id}/": OFFICE | {"county"},
    # Measurements: the indicator's unit (a city-wide figure: not the county). DELETE goes through
    # targets.services.measurement_delete, which keeps the approval lock.
    "POST /api/v1/targets/measurements/": OFFICE | {"department"},
    "PUT /api/v1/targets/measurements/{id}/": OFFICE | {"department"},
    "PATCH /api/v1/targets/measurements/{id}/": OFFICE | {"department"},
    "DELETE /api/v1/targets/measurements/{id}/": OFFICE | {"department"},
    # Spot checks: the office and the unit that sampled (the web has add, edit and delete).
    "POST /api/v1/inspections/results/": OFFICE | {"department"},
    "PUT /api/v1/inspections/results/{id}/": OFFICE | {"department"},
    "PATCH /api/v1/inspections/results/{id}/": OFFICE | {"department"},
    "DELETE /api/v1/inspections/results/{id}/": OFFICE | {"department"},
    "POST /api/v1/inspections/imports/": OFFICE | {"department"},
    "POST /api/v1/inspections/imports/{id}/confirm/": OFFICE | {"department"},
    # First acceptance: the office and the unit; no DELETE (the web has none).
    "POST /api/v1/inspections/acceptance/": OFFICE | {"department"},
    "PUT /api/v1/inspections/acceptance/{id}/": OFFICE | {"department"},
    "PATCH /api/v1/inspections/acceptance/{id}/": OFFICE | {"department"},
    # Awards: the office and the award type's unit (辽宁名牌产品 is 质监局's, not 住建委's); revoked with
    # a reason, never deleted.
    "POST /api/v1/brands/awards/": OFFICE,
    "PUT /api/v1/brands/awards/{id}/": OFFICE,
    "PATCH /api/v1/brands/awards/{id}/": OFFICE,
    "POST /api/v1/brands/awards/{id}/revoke/": OFFICE,
    # The mayor's quality award: the office's round (brands.evaluate); experts score their own.
    "POST /api/v1/brands/rounds/": OFFICE,
    "PUT /api/v1/brands/rounds/{id}/": OFFICE,
    "PATCH /api/v1/brands/rounds/{id}/": OFFICE,
    "POST /api/v1/brands/rounds/{id}/start-review/": OFFICE,
    "POST /api/v1/brands/rounds/{id}/points/": OFFICE,
    "POST /api/v1/brands/rounds/{id}/decide/": OFFICE,
    "POST /api/v1/brands/applications/": OFFICE,
    "POST /api/v1/brands/applications/{id}/screen/": OFFICE,
    "POST /api/v1/brands/scores/": OFFICE,
    "PUT /api/v1/brands/scores/{id}/": OFFICE,
    "PATCH /api/v1/brands/scores/{id}/": OFFICE,
    # Complaints: received by the office and the handling unit; no DELETE, they end through the lifecycle.
    "POST /api/v1/complaints/": OFFICE | {"department"},
    "PUT /api/v1/complaints/{id}/": OFFICE | {"department"},
    "PATCH /api/v1/complaints/{id}/": OFFICE | {"department"},
    "POST /api/v1/complaints/{id}/transition/": OFFICE | {"department"},
    # Reports: whoever may download them; statistics runs: the office.
    "POST /api/v1/assessments/reports/jobs/": OFFICE | {"leader", "county"},
    "POST /api/v1/dashboards/runs/": OFFICE,
    # Enterprise credit: the office and the deciding unit (the object is 住建委's); no DELETE of a blacklist
    # entry (信用修复 takes an enterprise off the list).
    "POST /api/v1/credit/penalties/": OFFICE | {"department"},
    "PUT /api/v1/credit/penalties/{id}/": OFFICE | {"department"},
    "PATCH /api/v1/credit/penalties/{id}/": OFFICE | {"department"},
    "DELETE /api/v1/credit/penalties/{id}/": OFFICE | {"department"},
    "POST /api/v1/credit/blacklist/": OFFICE | {"department"},
    "PUT /api/v1/credit/blacklist/{id}/": OFFICE | {"department"},
    "PATCH /api/v1/credit/blacklist/{id}/": OFFICE | {"department"},
    "POST /api/v1/credit/blacklist/{id}/remove/": OFFICE | {"department"},
    # Issue 18. Surveys: the organising unit (here 住建委's survey in the county) and the office.
    "POST /api/v1/surveys/": OFFICE | {"department"},
    "PUT /api/v1/surveys/{id}/": OFFICE | {"department"},
    "PATCH /api/v1/surveys/{id}/": OFFICE | {"department"},
    "DELETE /api/v1/surveys/{id}/": OFFICE | {"department"},
    # Campaigns: the lead department and the office; cases: the county too, in its own county.
    "POST /api/v1/campaigns/": OFFICE | {"department"},
    "PUT /api/v1/campaigns/{id}/": OFFICE | {"department"},
    "PATCH /api/v1/campaigns/{id}/": OFFICE | {"department"},
    "DELETE /api/v1/campaigns/{id}/": OFFICE | {"department"},
    "POST /api/v1/cases/": OFFICE | {"county", "department"},
    "PUT /api/v1/cases/{id}/": OFFICE | {"county", "department"},
    "PATCH /api/v1/cases/{id}/": OFFICE | {"county", "department"},
    "DELETE /api/v1/cases/{id}/": OFFICE | {"county", "department"},
    # The action plan: the office writes it; the item's lead unit (here the county) reports progress.
    "POST /api/v1/plans/": OFFICE,
    "PUT /api/v1/plans/{id}/": OFFICE,
    "PATCH /api/v1/plans/{id}/": OFFICE,
    "DELETE /api/v1/plans/{id}/": OFFICE,
    "POST /api/v1/plans/items/": OFFICE,
    "PUT /api/v1/plans/items/{id}/": OFFICE,
    "PATCH /api/v1/plans/items/{id}/": OFFICE,
    "DELETE /api/v1/plans/items/{id}/": OFFICE,
    "POST /api/v1/plans/items/{id}/progress/": OFFICE | {"county"},
    # Incidents: the office records them, their 责任追究 and lifts a veto; counties only view their own.
    "POST /api/v1/incidents/": OFFICE,
    "PUT /api/v1/incidents/{id}/": OFFICE,
    "PATCH /api/v1/incidents/{id}/": OFFICE,
    "DELETE /api/v1/incidents/{id}/": OFFICE,
    "POST /api/v1/incidents/{id}/lift-veto/": OFFICE,
    "POST /api/v1/incidents/accountabilities/": OFFICE,
    # Engineering credit: the office and 住建委 (the department fixture); no DELETE (the web has none).
    "POST /api/v1/construction/units/": OFFICE | {"department"},
    "PUT /api/v1/construction/units/{id}/": OFFICE | {"department"},
    "PATCH /api/v1/construction/units/{id}/": OFFICE | {"department"},
    "POST /api/v1/construction/projects/": OFFICE | {"department"},
    "PUT /api/v1/construction/projects/{id}/": OFFICE | {"department"},
    "PATCH /api/v1/construction/projects/{id}/": OFFICE | {"department"},
    "POST /api/v1/construction/deposits/": OFFICE | {"department"},
    "PUT /api/v1/construction/deposits/{id}/": OFFICE | {"department"},
    "PATCH /api/v1/construction/deposits/{id}/": OFFICE | {"department"},
    # Quality-foundation registers: the office, and the units accounts.policy.REGISTER_DEPARTMENTS names for
    # each (住建委 enters market exits only); counties read their own rows.
    **{
        f"{method} /api/v1/foundations/{register}/{suffix}": OFFICE
        | ({"department"} if register == "market-exits" else set())
        for register in (
            "standards",
            "agencies",
            "metrology",
            "quality-staff",
            "culture-events",
            "market-exits",
        )
        for method, suffix in (("POST", ""), ("PUT", "{id}/"), ("PATCH", "{id}/"), ("DELETE", "{id}/"))
    },
}

# Writes whose related object is chosen from the user's own scope: someone else's answers 400 ("对象不存在").
REFUSED_AS_INVALID = {"POST /api/v1/brands/scores/"}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def _path(route: str) -> str:
    return "/" + re.sub(r"\(\?P<\w+>[^)]*\)", "{id}", route).replace("^", "").replace("$", "")


def api_writes() -> list[str]:
    """ "METHOD /path/" for every write the URL configuration routes to a view (format suffixes aside)."""
    found = set()
    for route, callback in _walk(get_resolver().url_patterns):
        if not route.startswith("api/v1/") or "<format>" in route:
            continue
        view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        if view is None:
            continue
        allowed = set(view.http_method_names)
        actions = getattr(callback, "actions", None)
        methods = (
            [m for m in actions if m in WRITE_METHODS]
            if actions
            else [m for m in WRITE_METHODS if hasattr(view, m)]
        )
        found |= {f"{m.upper()} {_path(route)}" for m in methods if m in allowed}
    return sorted(found)


WRITES = api_writes()


def test_every_api_write_has_an_expectation():
    missing = [w for w in WRITES if w not in EXPECTED]
    assert not missing, "add an expectation for " + ", ".join(missing)
    stale = [w for w in EXPECTED if w not in WRITES]
    assert not stale, "no such API write any more: " + ", ".join(stale)


def test_no_hard_delete_where_the_web_has_none():
    for path in ("/api/v1/complaints/{id}/", "/api/v1/brands/awards/{id}/", "/api/v1/enterprises/{id}/"):
        assert f"DELETE {path}" not in WRITES


def database_state() -> dict[str, str]:
    """A digest of every table's rows (sessions and sign-in attempts aside), in one query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [t for (t,) in cursor.fetchall() if not t.startswith(("django_session", "axes_"))]
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT '{table}', md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
                for table in tables
            )
        )
        return dict(cursor.fetchall())


def _changed(before: dict, after: dict) -> list[str]:
    return sorted(t for t in after if before.get(t) != after[t])


@pytest.fixture
def world(county, department, role_users, reviewing_round, own_enterprise):  # noqa: F811
    """One object per kind in the role fixtures' county and unit, and a payload per write."""
    round_ = reviewing_round
    application = round_.applications.filter(enterprise=own_enterprise).first()
    assignment = application.assignments.first()
    criterion = round_.criteria.first()
    score = Score.objects.create(assignment=assignment, criterion=criterion, points=1)
    job = Job.objects.create(
        kind="inspections.import",
        name="t.xlsx",
        check_only=True,
        status=JobStatus.CHECKED,
        params={"level": "municipal", "product_class": "food"},
        department=department,
        user=role_users["department"],  # a check is confirmed by whoever uploaded it, or the office
    )
    objects = {
        "/api/v1/enterprises/{id}/": EnterpriseFactory(region=county),
        "/api/v1/targets/measurements/{id}/": MeasurementFactory(
            indicator=_indicator("new_tech_demo_projects"), value=2
        ),
        "/api/v1/inspections/results/{id}/": SpotCheckResultFactory(region=county, department=department),
        "/api/v1/inspections/imports/{id}/confirm/": job,
        "/api/v1/inspections/acceptance/{id}/": AcceptanceRecordFactory(region=county, department=department),
        "/api/v1/brands/awards/{id}/": AwardFactory(enterprise=EnterpriseFactory(region=county)),
        "/api/v1/brands/rounds/{id}/": round_,
        "/api/v1/brands/applications/{id}/screen/": application,
        "/api/v1/brands/scores/{id}/": score,
        "/api/v1/complaints/{id}/": ComplaintFactory(region=county, user=role_users["department"]),
        "/api/v1/credit/penalties/{id}/": PenaltyFactory(
            enterprise=EnterpriseFactory(region=county), department=department
        ),
        "/api/v1/credit/blacklist/{id}/": BlacklistEntryFactory(
            enterprise=EnterpriseFactory(region=county), department=department
        ),
    }
    objects.update(_foundation_rows(county, department))
    # Actions act on their detail route's object.
    objects["/api/v1/brands/awards/{id}/revoke/"] = objects["/api/v1/brands/awards/{id}/"]
    objects["/api/v1/complaints/{id}/transition/"] = objects["/api/v1/complaints/{id}/"]
    objects["/api/v1/credit/blacklist/{id}/remove/"] = objects["/api/v1/credit/blacklist/{id}/"]
    for action in ("start-review", "points", "decide"):
        objects[f"/api/v1/brands/rounds/{{id}}/{action}/"] = round_
    objects |= _issue18_objects(county, department)
    objects.update(_credit_world(county, department, role_users["office"]))
    enterprise = objects["/api/v1/enterprises/{id}/"]
    penalty_body = {
        "decision_number": "矩阵罚字1号",
        "enterprise": own_enterprise.uscc,
        "department": department.code,
        "cause": "生产销售不合格产品",
        "facts": "抽查不合格",
        "basis": "《产品质量法》第四十九条",
        "category": "fine",
        "content": "罚款",
        "fine": "1.5",
        "decided_on": "2016-05-10",
    }
    listing_body = {
        "enterprise": EnterpriseFactory(region=county).uscc,
        "department": department.code,
        "listed_on": "2016-06-01",
        "reason": "情节严重",
        "document": "矩阵信字1号",
    }
    payloads = {
        "POST /api/v1/enterprises/": {
            "name": "矩阵测试企业",
            "uscc": make_uscc("91211103MA9999999"),
            "region": county.code,
        },
        "PUT /api/v1/enterprises/{id}/": {
            "name": enterprise.name,
            "uscc": enterprise.uscc,
            "region": county.code,
        },
        "PATCH /api/v1/enterprises/{id}/": {"industry": "矩阵"},
        "POST /api/v1/targets/measurements/": {
            "indicator": "new_tech_demo_projects",
            "region": "211100",
            "period": "2016",
            "value": "3",
        },
        "PUT /api/v1/targets/measurements/{id}/": {
            "indicator": "new_tech_demo_projects",
            "region": "211100",
            "period": "2015",
            "value": "4",
        },
        "PATCH /api/v1/targets/measurements/{id}/": {"value": "5"},
        "PATCH /api/v1/inspections/results/{id}/": {"product_name": "矩阵大米"},
        "PATCH /api/v1/inspections/acceptance/{id}/": {"project_name": "矩阵工程"},
        "POST /api/v1/brands/awards/": {
            "award_type": "liaoning_brand",
            "enterprise": own_enterprise.pk,
            "product": "矩阵大米",
            "year": 2016,
            "valid_from": "2016-06-01",
        },
        "PATCH /api/v1/brands/awards/{id}/": {"notes": "矩阵"},
        "POST /api/v1/brands/awards/{id}/revoke/": {"revoked_on": "2016-07-01", "reason": "矩阵测试"},
        "PATCH /api/v1/brands/rounds/{id}/": {"quota": 3},
        # Someone else's assignment (the expert's): the office may correct it, nobody else may score it.
        "POST /api/v1/brands/scores/": {
            "assignment": assignment.pk,
            "criterion": round_.criteria.exclude(pk=criterion.pk).first().pk,
            "points": "1",
        },
        "PATCH /api/v1/brands/scores/{id}/": {"comment": "矩阵"},
        "POST /api/v1/complaints/": {
            "number": "M-1",
            "hotline": "12365",
            "kind": "complaint",
            "domain": "engineering",
            "region": county.code,
            "subject": "矩阵测试",
            "complainant_name": "王五",
            "complainant_phone": "13700002222",
            "received_at": timezone.now().isoformat(),
        },
        "PATCH /api/v1/complaints/{id}/": {"subject": "矩阵"},
        "POST /api/v1/complaints/{id}/transition/": {"to": "accepted"},
        "POST /api/v1/assessments/reports/jobs/": {"kind": "quality_status", "fmt": "xlsx", "period": "2015"},
        "POST /api/v1/dashboards/runs/": {"scope": "current"},
        "POST /api/v1/credit/penalties/": penalty_body,
        "PUT /api/v1/credit/penalties/{id}/": {**penalty_body, "decision_number": "矩阵罚字2号"},
        "PATCH /api/v1/credit/penalties/{id}/": {"notes": "矩阵"},
        "POST /api/v1/credit/blacklist/": listing_body,
        "PUT /api/v1/credit/blacklist/{id}/": {**listing_body, "document": "矩阵信字2号"},
        "PATCH /api/v1/credit/blacklist/{id}/": {"notes": "矩阵"},
        "POST /api/v1/credit/blacklist/{id}/remove/": {
            "removed_on": "2017-06-01",
            "document": "矩阵复字1号",
            "reason": "整改合格",
        },
        **_issue18_payloads(county, objects),
        **_credit_payloads(county, objects),
        **_foundation_payloads(county, enterprise),
    }
    return objects, payloads


def _credit_world(county, department, office) -> dict:
    """An incident (systemic, so its veto can be lifted), a unit, a project and a deposit of 住建委 in the county."""
    from construction import services as construction
    from construction.models import Deposit, Project, ResponsibleUnit
    from incidents import services as incidents
    from incidents.models import Incident

    incident = incidents.incident_save(
        incident=Incident(
            title="矩阵事件",
            occurred_on=timezone.localdate(),
            region=county,
            domain="food",
            grade="general",
            systemic=True,
            summary="矩阵",
        ),
        user=office,
    )
    unit = construction.unit_save(
        unit=ResponsibleUnit(
            name="矩阵监理", uscc=make_uscc("91211100MC0000001"), kind="supervisor", department=department
        ),
        user=office,
    )
    project = construction.project_save(
        project=Project(name="矩阵工程", code="M-1", region=county, department=department), user=office
    )
    construction.project_save(
        project=Project(name="矩阵工程二", code="M-2", region=county, department=department), user=office
    )
    deposit = construction.deposit_save(deposit=Deposit(project=project, amount_due=100), user=office)
    return {
        "/api/v1/incidents/{id}/": incident,
        "/api/v1/incidents/{id}/lift-veto/": incident,
        "/api/v1/construction/units/{id}/": unit,
        "/api/v1/construction/projects/{id}/": project,
        "/api/v1/construction/deposits/{id}/": deposit,
    }


def _credit_payloads(county, objects: dict) -> dict:
    incident = {
        "title": "矩阵事件",
        "occurred_on": "2016-05-01",
        "region": county.code,
        "domain": "food",
        "grade": "general",
        "summary": "矩阵",
    }
    return {
        "POST /api/v1/incidents/": incident,
        "PUT /api/v1/incidents/{id}/": {**incident, "systemic": True},
        "PATCH /api/v1/incidents/{id}/": {"title": "矩阵二"},
        "POST /api/v1/incidents/{id}/lift-veto/": {"reason": "矩阵测试"},
        "POST /api/v1/incidents/accountabilities/": {
            "incident": objects["/api/v1/incidents/{id}/"].pk,
            "party_kind": "unit",
            "name": "矩阵单位",
            "measure": "通报批评",
        },
        "POST /api/v1/construction/units/": {
            "name": "矩阵设计",
            "uscc": make_uscc("91211100MC0000002"),
            "kind": "designer",
        },
        "PUT /api/v1/construction/units/{id}/": {
            "name": "矩阵监理二",
            "uscc": make_uscc("91211100MC0000001"),
            "kind": "supervisor",
        },
        "PATCH /api/v1/construction/units/{id}/": {"qualification": "乙级"},
        "POST /api/v1/construction/projects/": {"name": "矩阵工程三", "code": "M-3", "region": county.code},
        "PUT /api/v1/construction/projects/{id}/": {"name": "矩阵工程", "code": "M-1", "region": county.code},
        "PATCH /api/v1/construction/projects/{id}/": {"name": "矩阵工程改"},
        "POST /api/v1/construction/deposits/": {"project": "M-2", "amount_due": "200"},
        "PUT /api/v1/construction/deposits/{id}/": {"project": "M-1", "amount_due": "300"},
        "PATCH /api/v1/construction/deposits/{id}/": {"notes": "矩阵"},
    }


def _issue18_objects(county, department) -> dict:
    """A survey, a campaign, a case and a plan item of the role fixtures' county and unit."""
    import datetime as dt

    from campaigns.models import Campaign, Case
    from plans.models import Plan, PlanItem
    from surveys.models import Survey

    def campaign(name: str) -> Campaign:
        return Campaign.objects.create(
            name=name,
            kind="special",
            starts_on=dt.date(2016, 1, 1),
            ends_on=dt.date(2016, 12, 31),
            lead=department,
        )

    plan = Plan.objects.create(year=2016, title="矩阵计划")
    item = PlanItem.objects.create(
        plan=plan, number=1, task="矩阵任务", lead_region=county, deadline=dt.date(2016, 6, 30), output="矩阵"
    )
    case_campaign = campaign("矩阵案件行动")
    return {
        "/api/v1/surveys/{id}/": Survey.objects.create(
            year=2016,
            sector="housing",
            region=county,
            department=department,
            title="矩阵测评",
            method="phone",
            sample_size=100,
            agency="矩阵",
            result=80,
        ),
        "/api/v1/campaigns/{id}/": campaign("矩阵行动"),
        "/api/v1/cases/{id}/": Case.objects.create(
            campaign=case_campaign, region=county, cause="矩阵", product="建材", opened_on=dt.date(2016, 5, 1)
        ),
        "/api/v1/plans/{id}/": plan,
        "/api/v1/plans/items/{id}/": item,
        "/api/v1/plans/items/{id}/progress/": item,
    }


def _issue18_payloads(county, objects) -> dict:
    survey = {
        "year": 2016,
        "sector": "housing",
        "region": county.code,
        "department": "zjw",
        "title": "矩阵测评",
        "method": "phone",
        "sample_size": 100,
        "agency": "矩阵",
        "result": "81.5",
    }
    campaign = {
        "name": "矩阵行动",
        "kind": "special",
        "starts_on": "2016-01-01",
        "ends_on": "2016-12-31",
        "lead": "zjw",
    }
    case = {
        "campaign": objects["/api/v1/cases/{id}/"].campaign_id,
        "region": county.code,
        "cause": "矩阵",
        "product": "建材",
        "opened_on": "2016-05-02",
    }
    item = {
        "plan": objects["/api/v1/plans/{id}/"].pk,
        "number": 1,
        "task": "矩阵任务",
        "lead_region": county.code,
        "deadline": "2016-06-30",
        "output": "矩阵",
    }
    return {
        "POST /api/v1/surveys/": survey,
        "PUT /api/v1/surveys/{id}/": survey,
        "PATCH /api/v1/surveys/{id}/": {"notes": "矩阵"},
        "POST /api/v1/campaigns/": campaign,
        "PUT /api/v1/campaigns/{id}/": campaign,
        "PATCH /api/v1/campaigns/{id}/": {"notes": "矩阵"},
        "POST /api/v1/cases/": case,
        "PUT /api/v1/cases/{id}/": case,
        "PATCH /api/v1/cases/{id}/": {"notes": "矩阵"},
        "POST /api/v1/plans/": {"year": 2030, "title": "矩阵计划2030"},
        "PUT /api/v1/plans/{id}/": {"year": 2016, "title": "矩阵计划（修订）"},
        "PATCH /api/v1/plans/{id}/": {"document_no": "矩阵〔2016〕1号"},
        "POST /api/v1/plans/items/": {**item, "number": 2},
        "PUT /api/v1/plans/items/{id}/": {**item, "output": "矩阵成果"},
        "PATCH /api/v1/plans/items/{id}/": {"output": "矩阵成果"},
        "POST /api/v1/plans/items/{id}/progress/": {"status": "on_track", "text": "矩阵进展"},
    }


def _foundation_rows(county, department) -> dict:
    """One row per register in the county: 质监局's, and a market exit of the role fixtures' unit (住建委)."""
    import datetime as dt

    from foundations import models as f

    zjj = department.__class__.objects.get(code="zjj")
    common = {"region": county, "department": zjj}
    rows = {
        "standards": f.Standard.objects.create(
            year=2015, kind="lead", level="group", code="T/M 1-2015", title="矩阵", holder_name="矩阵企业", **common
        ),
        "agencies": f.Agency.objects.create(
            name="矩阵检验所", cma_number="150600000001", scope="食品", valid_until=dt.date(2030, 1, 1), **common
        ),
        "metrology": f.MetrologyRecord.objects.create(
            year=2015, category="trade", verified=10, passed=9, **common
        ),
        "quality-staff": f.QualityStaff.objects.create(
            year=2015, enterprise=EnterpriseFactory(region=county), department=zjj
        ),
        "culture-events": f.CultureEvent.objects.create(
            title="矩阵质量月", kind="quality_month", held_on=dt.date(2015, 9, 1), organizer="办", **common
        ),
        "market-exits": f.MarketExit.objects.create(
            kind="closed", reason="waste", decided_on=dt.date(2015, 3, 1), region=county,
            enterprise_name="矩阵砖厂", department=department,
        ),
    }  # fmt: skip
    return {f"/api/v1/foundations/{register}/{{id}}/": row for register, row in rows.items()}


def _foundation_payloads(county, enterprise) -> dict:
    bodies = {
        "standards": {"year": 2016, "kind": "join", "level": "national", "code": "GB/T 9-2016", "title": "矩阵",
                      "holder_name": "矩阵企业", "region": county.code},
        "agencies": {"name": "矩阵检验所二", "cma_number": "150600000002", "scope": "x", "region": county.code,
                     "valid_until": "2030-01-01"},
        "metrology": {"year": 2016, "region": county.code, "category": "medical", "verified": 5, "passed": 5},
        "quality-staff": {"year": 2016, "enterprise": enterprise.pk, "chief_officer": "矩阵", "trained": 3},
        "culture-events": {"title": "矩阵活动", "kind": "other", "region": county.code, "held_on": "2016-09-01",
                           "organizer": "办"},
        "market-exits": {"kind": "closed", "reason": "waste", "decided_on": "2016-03-01", "region": county.code,
                         "enterprise_name": "矩阵二厂"},
    }  # fmt: skip
    payloads = {}
    for register, body in bodies.items():
        payloads[f"POST /api/v1/foundations/{register}/"] = body
        payloads[f"PUT /api/v1/foundations/{register}/{{id}}/"] = body
        # Every register has notes but the events, whose free text is their summary.
        patch = {"summary": "矩阵"} if register == "culture-events" else {"notes": "矩阵"}
        payloads[f"PATCH /api/v1/foundations/{register}/{{id}}/"] = patch
    return payloads


def _indicator(code):
    from targets.models import Indicator

    return Indicator.objects.get(code=code)


def _url(write: str, objects: dict) -> str:
    path = write.split(" ", 1)[1]
    if "{id}" not in path:
        return path
    return path.replace("{id}", str(objects[path].pk))


@pytest.mark.postgres
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", WRITES)
def test_api_write_for_role(api_for, role_users, world, django_capture_on_commit_callbacks, write, role):
    if connection.vendor != "postgresql":
        pytest.skip("the database digest needs PostgreSQL")
    if write not in EXPECTED:
        pytest.fail(f"add an expectation for {write}")
    objects, payloads = world
    method = write.split(" ", 1)[0].lower()
    client = api_for(None if role == ANONYMOUS else role_users[role])
    data = payloads.get(write, {})
    fmt = "multipart" if "/imports/" in write else "json"
    before = database_state()
    response = getattr(client, method)(_url(write, objects), data, format=fmt)
    after = database_state()
    changed = _changed(before, after)
    if role in EXPECTED[write]:
        assert response.status_code not in REFUSED, (
            f"{role} refused: {response.status_code} {response.content[:300]!r}"
        )
        assert response.status_code < 500
        if response.status_code >= 400:
            assert not changed, f"{response.status_code} but changed {changed}"
        else:
            assert changed, "answered success but wrote nothing"
    else:
        refused = REFUSED | ({400} if write in REFUSED_AS_INVALID and role != ANONYMOUS else set())
        assert response.status_code in refused, (
            f"{role} admitted: {response.status_code} {response.content[:300]!r}"
        )
        assert not changed, f"refused ({response.status_code}) but changed {changed}"
