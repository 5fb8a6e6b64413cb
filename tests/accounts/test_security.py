"""Sign-in protection and transport settings: lockout, API throttles, session lifetime, HTTPS, CSP."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from rest_framework.throttling import UserRateThrottle

from accounts import sessions

PASSWORD = "right-password-1"


@pytest.fixture
def signed_up(office_user):
    office_user.set_password(PASSWORD)
    office_user.save(update_fields=["password"])
    return office_user


def _login(client, user, password):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": password})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# ---- lockout (django-axes) -------------------------------------------------------------------------


@pytest.mark.django_db
def test_twenty_wrong_passwords_lock_the_account_even_for_the_right_one(client, signed_up):
    for _ in range(20):
        _login(client, signed_up, "wrong-password")
    response = _login(client, signed_up, PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)
    body = response.content.decode()
    assert "登录失败次数过多" in body and f"{settings.AXES_COOLOFF_MINUTES} 分钟后再试" in body
    assert 'name="username"' in body  # the login page again, not a bare error
    assert client.get(reverse("dashboards:city")).status_code == 302  # still anonymous


@pytest.mark.django_db
def test_lockout_starts_at_the_failure_limit_and_not_before(client, signed_up):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, signed_up, "wrong-password").status_code == 200
    assert _login(client, signed_up, PASSWORD).status_code == 302
    assert _signed_in(client)
    # A success forgets the failures (AXES_RESET_ON_SUCCESS): the next mistakes start from zero.
    assert not AccessAttempt.objects.filter(username=signed_up.username, failures_since_start__gt=0).exists()


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(client, signed_up):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, signed_up, "wrong-password")
    assert _login(client, signed_up, PASSWORD).status_code == 429
    past = timezone.now() - dt.timedelta(minutes=settings.AXES_COOLOFF_MINUTES + 1)
    AccessAttempt.objects.filter(username=signed_up.username).update(attempt_time=past)
    assert _login(client, signed_up, PASSWORD).status_code == 302
    assert _signed_in(client)


@pytest.mark.django_db
def test_lockout_of_one_account_leaves_the_others_alone(client, signed_up, leader_user):
    leader_user.set_password(PASSWORD)
    leader_user.save(update_fields=["password"])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, signed_up, "wrong-password")
    assert _login(client, leader_user, PASSWORD).status_code == 302


# ---- API throttles ----------------------------------------------------------------------------------


def test_api_throttle_rates_come_from_settings():
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert set(rates) == {"user"}
    assert int(rates["user"].split("/")[0]) >= 120  # generous for people and reporting tools


@pytest.mark.django_db
def test_api_answers_429_past_the_user_rate(api_for, office_user, monkeypatch):
    from django.core.cache import cache

    # DRF reads the rates once at import; a low rate for this test only, on a clean throttle history.
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "5/minute"})
    cache.delete(f"throttle_user_{office_user.pk}")
    client = api_for(office_user)
    codes = [client.get("/api/v1/regions/").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    response = client.get("/api/v1/regions/")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    cache.delete(f"throttle_user_{office_user.pk}")


# ---- sessions ---------------------------------------------------------------------------------------


def test_session_lasts_a_working_day():
    assert 8 * 3600 <= settings.SESSION_COOKIE_AGE <= 10 * 3600


def _session_row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


@pytest.mark.django_db
def test_activity_pushes_the_session_expiry_forward(client, signed_up):
    assert _login(client, signed_up, PASSWORD).status_code == 302
    row = _session_row(client)
    # As if the last refresh and the expiry were set 2 hours ago.
    data = row.get_decoded()
    data[sessions.SEEN] = int(time.time()) - 2 * 3600
    Session.objects.filter(pk=row.pk).update(
        session_data=Session.objects.encode(data),
        expire_date=timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 2 * 3600),
    )
    assert client.get(reverse("dashboards:city")).status_code == 200
    left = (_session_row(client).expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 60 < left <= settings.SESSION_COOKIE_AGE


@pytest.mark.django_db
def test_requests_soon_after_each_other_do_not_rewrite_the_session(client, signed_up):
    assert _login(client, signed_up, PASSWORD).status_code == 302
    before = _session_row(client).expire_date
    client.get(reverse("dashboards:city"))
    assert _session_row(client).expire_date == before


@pytest.mark.django_db
def test_a_working_day_of_inactivity_signs_the_user_out(client, signed_up):
    assert _login(client, signed_up, PASSWORD).status_code == 302
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(reverse("dashboards:city"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# ---- HTTPS and check --deploy -----------------------------------------------------------------------

PRODUCTION = {
    "SECRET_KEY": "k7Qm2vX9pL4sT8wZ1cR6yB3nF5hJ0dG-production-like-secret-key-for-the-check",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "zlqs.panjin.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://zlqs.panjin.gov.cn",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "SECURE_PROXY_SSL_HEADER": "1",
}


def _check_deploy(extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "DJANGO_SETTINGS"))}
    env.update(extra)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _check_deploy(PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_hsts_and_the_ssl_redirect_are_switched_by_the_environment():
    result = _check_deploy({**PRODUCTION, "SECURE_HSTS_SECONDS": "0", "SECURE_SSL_REDIRECT": "0"})
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


@pytest.mark.django_db
def test_ssl_redirect_and_hsts_headers(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/accounts/login/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    secure = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200 and secure["Strict-Transport-Security"].startswith("max-age=31536000")
    # The load balancer's probe over plain HTTP is not redirected.
    assert client.get("/health/").status_code == 200


# ---- Content-Security-Policy ------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_carry_a_csp_that_allows_only_our_own_scripts_and_styles(client):
    policy = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
