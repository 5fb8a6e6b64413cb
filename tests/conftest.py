"""Shared fixtures: reference data, one user per role, and the real services (Redis, a Celery worker, Chromium)."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings

from accounts.choices import Role
from config.celery import app as celery_app

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Property tests that query the database share the cores with the rest of the suite: no per-example deadline.
hypothesis_settings.register_profile("portal", deadline=None)
hypothesis_settings.load_profile("portal")

# Tasks run in-process in tests unless a test starts a real worker (see `celery_worker`).
celery_app.conf.task_always_eager = True
celery_app.conf.task_eager_propagates = True


def need_service(reason: str) -> None:
    """Skip with a visible reason, or fail when CI requires the services (REQUIRE_SERVICES=1)."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


def redis_reachable() -> bool:
    if not settings.REDIS_URL:
        return False
    url = urlparse(settings.REDIS_URL)
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def media_root(settings, monkeypatch, tmp_path):
    """No test writes into the repository's `media/`: each gets an empty MEDIA_ROOT of its own.

    The environment variable carries it to processes a test starts (the Celery worker reads it in settings).
    """
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = tmp_path / "media"
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_reference", stdout=io.StringIO())


@pytest.fixture
def reference(db):
    """Reference data; re-seeded when a transactional test has flushed it."""
    from organizations.models import Region

    if not Region.objects.exists():
        call_command("seed_reference", stdout=io.StringIO())


@pytest.fixture
def city(reference):
    from organizations.models import Region

    return Region.objects.city()


@pytest.fixture
def county(reference):
    from organizations.models import Region

    return Region.objects.get(code="211103")  # 兴隆台区


@pytest.fixture
def other_county(reference):
    from organizations.models import Region

    return Region.objects.get(code="211122")  # 盘山县


@pytest.fixture
def department(reference):
    from organizations.models import Department

    return Department.objects.get(code="zjw")  # 住建委


@pytest.fixture
def other_department(reference):
    from organizations.models import Department

    return Department.objects.get(code="nw")  # 农委


def make_user(username: str, role: str, **extra):
    from accounts.models import User

    user = User(username=username, role=role, **extra)
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def office_user(reference):
    return make_user("t-office", Role.OFFICE)


@pytest.fixture
def leader_user(reference):
    return make_user("t-leader", Role.LEADER)


@pytest.fixture
def admin_user(reference):
    return make_user("t-admin", Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def county_user(county):
    return make_user("t-county", Role.COUNTY, region=county)


@pytest.fixture
def other_county_user(other_county):
    return make_user("t-county-2", Role.COUNTY, region=other_county)


@pytest.fixture
def department_user(department):
    return make_user("t-dept", Role.DEPARTMENT, department=department)


@pytest.fixture
def other_department_user(other_department):
    return make_user("t-dept-2", Role.DEPARTMENT, department=other_department)


ROLES = ["office", "leader", "admin", "county", "department"]


@pytest.fixture
def role_users(office_user, leader_user, admin_user, county_user, department_user) -> dict:
    return {
        "office": office_user,
        "leader": leader_user,
        "admin": admin_user,
        "county": county_user,
        "department": department_user,
    }


@pytest.fixture
def client_for(client):
    """`client_for(user)`: a test client signed in as that user (None: anonymous)."""
    from django.test import Client

    def make(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


@pytest.fixture
def api_for():
    """`api_for(user)`: a DRF test client authenticated as that user (None: anonymous)."""
    from rest_framework.test import APIClient

    def make(user):
        c = APIClient()
        if user is not None:
            c.force_authenticate(user)
        return c

    return make


@pytest.fixture
def redis_service():
    if not redis_reachable():
        need_service(f"Redis not reachable (REDIS_URL={settings.REDIS_URL or 'unset'})")


def start_worker(*include: str, env: dict | None = None) -> tuple[str, subprocess.Popen]:
    """A real Celery worker process on its own queue, sharing the test database (committed data only).

    `include` names extra modules the worker imports (test-only statistics steps, for the fault drills).
    """
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        need_service(
            "a worker test needs PostgreSQL (DATABASE_URL) so the worker can share the test database"
        )
    env = {**os.environ, "REDIS_URL": settings.REDIS_URL, "PYTHONUNBUFFERED": "1", **(env or {})}
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            queue,
            "--loglevel=WARNING",
            *(f"--include={module}" for module in include),
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    return queue, proc


def stop_worker(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def celery_worker(redis_service, transactional_db):
    """A real Celery worker process on the real broker; tasks sent without a queue go to it."""
    queue, proc = start_worker()
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield queue
    finally:
        celery_app.conf.task_always_eager = True
        celery_app.conf.task_default_queue = "celery"
        stop_worker(proc)


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A Playwright page in Debian's chromium (Playwright cannot download its own browser here)."""
    if CHROMIUM is None:
        need_service("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
        yield page
        browser.close()


def login_in_browser(page, live_server, user, password: str = "pw-for-browser-tests") -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
