"""Schemathesis over `/api/v1/schema/`, in-process against the WSGI app as the office user: whatever the schema
allows a client to send, no operation answers 500."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from config.wsgi import application


@pytest.fixture
def office_token(office_user, settings):
    settings.ALLOWED_HOSTS = ["*"]
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


def openapi_schema() -> dict:
    """The schema `/api/v1/schema/` serves, generated in-process (collection has no database to sign in with)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(openapi_schema())
schema.app = application


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=5, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_500(case, keep_connection, office_token):
    with transaction.atomic():  # every example starts from the same data, and a failed query spoils nothing
        response = case.call(headers=office_token)
        transaction.set_rollback(True)
    case.validate_response(response, checks=[not_a_server_error])
