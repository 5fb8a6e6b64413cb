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
    # Actions act on their detail route's object.
    objects["/api/v1/brands/awards/{id}/revoke/"] = objects["/api/v1/brands/awards/{id}/"]
    objects["/api/v1/complaints/{id}/transition/"] = objects["/api/v1/complaints/{id}/"]
    objects["/api/v1/credit/blacklist/{id}/remove/"] = objects["/api/v1/credit/blacklist/{id}/"]
    for action in ("start-review", "points", "decide"):
        objects[f"/api/v1/brands/rounds/{{id}}/{action}/"] = round_
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
    }
    return objects, payloads


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
