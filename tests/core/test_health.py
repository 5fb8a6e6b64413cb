"""`/health/` against the real services, and a dropped database connection that the next request survives."""

from __future__ import annotations

import datetime as dt
import time
from wsgiref.util import setup_testing_defaults

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.utils import timezone

from tests.conftest import need_service
from tests.dashboards.factories import StatsRunFactory

pytestmark = pytest.mark.services


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        need_service("the connection tests need PostgreSQL (DATABASE_URL)")


def _health(client):
    response = client.get("/health/")
    return response.status_code, response.json()


@pytest.mark.django_db
def test_anonymous_sees_only_the_overall_status(client, redis_service):
    status, body = _health(client)
    assert status == 200 and body == {"status": "degraded"}  # no worker and no statistics here


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["leader", "county", "department"])
def test_other_roles_see_only_the_overall_status(client_for, role_users, redis_service, role):
    status, body = _health(client_for(role_users[role]))
    assert status == 200 and set(body) == {"status"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["office", "admin"])
def test_office_and_admin_see_each_check(client_for, role_users, redis_service, role):
    status, body = _health(client_for(role_users[role]))
    assert status == 200 and body["status"] == "degraded"
    checks = body["checks"]
    assert checks["database"] == {"ok": True} and checks["redis"] == {"ok": True}
    assert checks["worker"]["ok"] is False and "没有后台任务进程应答" in checks["worker"]["detail"]
    assert checks["statistics"] == {"ok": False, "detail": "尚无已完成的统计"}


@pytest.mark.django_db
def test_statistics_age_is_reported_and_old_figures_degrade(client_for, office_user, redis_service, settings):
    run = StatsRunFactory(
        finished_at=timezone.now() - dt.timedelta(hours=settings.STATS_STALE_AFTER_HOURS + 6)
    )
    statistics = _health(client_for(office_user))[1]["checks"]["statistics"]
    assert statistics["ok"] is False and statistics["run"] == run.pk
    assert statistics["age_hours"] == pytest.approx(settings.STATS_STALE_AFTER_HOURS + 6, abs=0.1)
    run.finished_at = timezone.now() - dt.timedelta(hours=2)
    run.save(update_fields=["finished_at"])
    statistics = _health(client_for(office_user))[1]["checks"]["statistics"]
    assert statistics["ok"] is True and statistics["age_hours"] == pytest.approx(2, abs=0.1)


def test_everything_ok_with_a_real_worker_and_fresh_statistics(client_for, celery_worker, office_user):
    StatsRunFactory()
    client = client_for(office_user)
    deadline = time.monotonic() + 60
    while True:  # the worker needs a few seconds before it answers a ping
        status, body = _health(client)
        if body["checks"]["worker"]["ok"] or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert status == 200 and body["status"] == "ok", body
    assert body["checks"]["worker"]["workers"] >= 1


@pytest.mark.django_db
def test_unreachable_redis_degrades_quickly_and_names_the_broker(client_for, office_user, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    started = time.monotonic()
    status, body = _health(client_for(office_user))
    assert time.monotonic() - started < 10
    assert status == 200 and body["status"] == "degraded"
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["worker"] == {"ok": False, "detail": "消息队列（Redis）不可达"}


def test_database_down_answers_503(client, postgres, django_db_blocker):
    with django_db_blocker.unblock():
        connection.close()
        port = connection.settings_dict["PORT"]
        connection.settings_dict["PORT"] = "1"  # nothing listens there: as if PostgreSQL were down
        try:
            response = client.get("/health/")
        finally:
            connection.close()
            connection.settings_dict["PORT"] = port
    assert response.status_code == 503 and response.json() == {"status": "down"}


def _wsgi_get(handler: WSGIHandler, path: str) -> int:
    """A request the way gunicorn makes one: Django's request signals manage the kept connection."""
    environ: dict = {}
    setup_testing_defaults(environ)
    environ["PATH_INFO"] = path
    status = []
    b"".join(handler(environ, lambda line, headers, exc_info=None: status.append(line)))
    return int(status[0].split()[0])


@pytest.mark.django_db(transaction=True)
def test_a_connection_dropped_by_the_server_is_replaced_on_the_next_request(postgres, settings):
    assert (
        settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
        and settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]
    )
    handler = WSGIHandler()
    assert _wsgi_get(handler, "/health/") == 200
    pid = connection.connection.get_backend_pid()  # the connection kept for the next request
    db = settings.DATABASES["default"]
    other = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    )
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone() == (True,)
    other.close()
    assert _wsgi_get(handler, "/health/") == 200
    assert connection.connection.get_backend_pid() != pid
