"""Schemathesis over the schema `/api/v1/schema/` serves, in-process against the WSGI app as the office user:
whatever the schema allows a client to send, no operation answers 500, and what it calls valid is accepted.

A schema cannot say which records exist, whether a check character is right, or rules across fields and states
(a round's dates in order, a closed round): references to records are drawn from records that exist, and a
valid request may be refused only for such a rule. A refusal the schema could have stated (a missing field, a
wrong format, a value out of range, an unknown code) fails the test.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import schemathesis
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError
from schemathesis.checks import not_a_server_error

from brands.models import Assignment, Criterion
from config.wsgi import application
from core.api.exceptions import exception_handler
from tests.brands.conftest import (  # noqa: F401  (fixtures)
    expert_user,
    experts,
    open_round,
    other_enterprise,
    own_enterprise,
    reviewing_round,
)

# Refusals about what exists, a check character, or what is inside an uploaded file, which no schema states,
# and rules across fields (non-field errors, model and service rules, or a field's error coded "cross_field");
# any other code is a refusal the schema should have prevented.
BEYOND_THE_SCHEMA = {"does_not_exist", "unique", "uscc_check", "cross_field", "not_a_file"} | {
    "empty",
    "too_large",
    "type",
    "encrypted",
    "not_spreadsheet",
    "corrupt",
    "bomb",
    "unreadable",  # core.uploads
}
refusals: list[object] = []


def recording_exception_handler(exc, context):
    """The API's handler, noting the codes of each validation refusal for the test to judge."""
    if isinstance(exc, DjangoValidationError):
        refusals.append("rule")  # a model or service rule
    elif isinstance(exc, ValidationError):
        refusals.append(exc.get_codes())
    return exception_handler(exc, context)


def schema_could_state(codes) -> list[str]:
    """The field-level codes among a refusal's that a schema could have stated."""
    if codes == "rule":
        return []
    if isinstance(codes, dict):
        return [
            found
            for field, nested in codes.items()
            if field != "non_field_errors"  # rules across fields
            for found in schema_could_state(nested)
        ]
    if isinstance(codes, list):
        return [found for item in codes for found in schema_could_state(item)]
    return [] if codes in BEYOND_THE_SCHEMA else [codes]


def offline_operations() -> list[tuple[str, str]]:
    """Every operation, from the schema generated without a database (collection has none)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    generated = json.loads(
        OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
    )
    return [(method.upper(), path) for path, item in generated["paths"].items() for method in item]


@pytest.fixture
def office_token(office_user, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "EXCEPTION_HANDLER": f"{__name__}.recording_exception_handler",
    }
    return {"Authorization": f"Token {Token.objects.create(user=office_user).key}"}


@pytest.fixture
def keep_connection():
    """The WSGI app closes the database connection after each request; the test's transaction needs it open
    (Django's test client does the same)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def served_schema(office_user):
    """The schema as a signed-in client fetches it: its code lists come from the reference data."""
    client = Client()
    client.force_login(office_user)
    loaded = schemathesis.openapi.from_dict(client.get("/api/v1/schema/?format=json").json())
    loaded.app = application
    return loaded


@pytest.fixture
def existing(reviewing_round, own_enterprise) -> dict[str, object]:  # noqa: F811  (the fixtures imported above)
    """Records a generated request refers to, by the name of the parameter or field that refers to them."""
    assignment = (
        Assignment.objects.filter(application__round=reviewing_round).select_related("application").first()
    )
    return {
        "round": reviewing_round.pk,
        "application": assignment.application.pk,
        "assignment": assignment.pk,
        "expert": assignment.expert_id,
        "criterion": Criterion.objects.filter(round=reviewing_round).first().pk,
        "enterprise": own_enterprise,
        "campaign": _campaign().pk,
        **credit_records(),
    }


def credit_records() -> dict[str, object]:
    """An incident, a project (by its code) and a responsible unit of each kind (by credit code)."""
    from construction import services as construction
    from construction.models import Project, ResponsibleUnit
    from incidents import services as incidents
    from incidents.models import Incident
    from organizations.models import Department, Region
    from organizations.uscc import make_uscc

    county, zjw = Region.objects.get(code="211103"), Department.objects.get(code="zjw")
    incident = incidents.incident_save(
        incident=Incident(
            title="模糊测试",
            occurred_on=dt.date(2015, 1, 5),
            region=county,
            domain="food",
            grade="general",
            summary="x",
        )
    )
    units = {
        kind: construction.unit_save(
            unit=ResponsibleUnit(
                name=f"模糊{kind}", uscc=make_uscc(f"91211100MD000000{n}"), kind=kind, department=zjw
            )
        )
        for n, kind in enumerate(["builder", "surveyor", "designer", "contractor", "supervisor"])
    }
    construction.project_save(project=Project(name="模糊工程", code="F-1", region=county, department=zjw))
    return {"incident": incident.pk, "project": "F-1", **units}


def _campaign():
    """A campaign over every year a case may be dated in (issue 18: cases refer to it)."""
    import datetime as dt

    from campaigns.models import Campaign
    from organizations.models import Department

    return Campaign.objects.create(
        name="模糊测试行动",
        kind="counterfeit",
        starts_on=dt.date(2010, 1, 1),
        ends_on=dt.date(2035, 12, 31),
        lead=Department.objects.get(code="zjj"),
    )


def refer_to_existing(case, existing: dict[str, object]):
    """Generated ids and credit codes replaced by those of records that exist (ids as the schema types them)."""
    for container in (case.query, case.body):
        if not isinstance(container, dict):
            continue
        for name, record in existing.items():
            if name not in container or container[name] is None:
                continue
            if isinstance(record, int | str):
                container[name] = record
            else:  # an enterprise: by id, or by credit code where the field takes one
                container[name] = record.uscc if isinstance(container[name], str) else record.pk
    return case


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), offline_operations())
def test_operation_answers_as_its_schema_says(
    method, path, served_schema, existing, keep_connection, office_token
):
    operation = served_schema[path][method]

    @given(case=operation.as_strategy().map(lambda case: refer_to_existing(case, existing)))
    # The same examples on every run (derandomize): CI judges a change, not the luck of the draw.
    @settings(
        max_examples=5,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        refusals.clear()
        with (
            transaction.atomic()
        ):  # every example starts from the same data, and a failed query spoils nothing
            response = case.call(headers=office_token)
            transaction.set_rollback(True)
        case.validate_response(response, checks=[not_a_server_error])
        generated_valid = case.meta is None or case.meta.generation.mode.is_positive
        if generated_valid and response.status_code == 400:
            stated = [code for refusal in refusals for code in schema_could_state(refusal)]
            assert not stated, (
                f"{method} {path}: a request valid by the schema was refused ({stated}): {response.text}"
            )

    check()
