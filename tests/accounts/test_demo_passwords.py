"""`load_demo --reset-passwords` (issue 16, item 7): the demo password can be recovered without reloading."""

import io

import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_reset_gives_every_demo_user_the_password_and_lifts_lockouts(monkeypatch, county):
    office = make_user("office", Role.OFFICE)
    make_user(f"county-{county.code}", Role.COUNTY, region=county)
    stranger = make_user("zhang.san", Role.OFFICE)
    AccessAttempt.objects.create(
        username="office",
        ip_address="10.0.0.1",
        failures_since_start=5,
        attempt_time=timezone.now(),
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
        user_agent="test",
    )
    monkeypatch.setenv("DEMO_PASSWORD", "Panjin-2014!")
    out = io.StringIO()
    call_command("load_demo", "--reset-passwords", stdout=out)
    assert "Panjin-2014!" in out.getvalue() and "office" in out.getvalue()
    office.refresh_from_db()
    assert office.check_password("Panjin-2014!")
    assert User.objects.get(username=f"county-{county.code}").check_password("Panjin-2014!")
    stranger.refresh_from_db()
    assert not stranger.has_usable_password()  # not a demo user: untouched
    assert not AccessAttempt.objects.filter(username="office").exists()


def test_without_demo_users_it_says_to_load_them_first(reference, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="请先运行 load_demo"):
        call_command("load_demo", "--reset-passwords", stdout=io.StringIO())


def test_a_random_password_is_printed_when_none_is_set(monkeypatch, reference):
    user = make_user("leader", Role.LEADER)
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = io.StringIO()
    call_command("load_demo", "--reset-passwords", stdout=out)
    password = out.getvalue().strip().rsplit("：", 1)[1]
    user.refresh_from_db()
    assert len(password) >= 12 and user.check_password(password)
