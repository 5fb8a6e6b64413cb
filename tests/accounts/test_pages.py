"""Sign-in, the role-specific home page, password change, the admin gate and the menu, for every role."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts import policy
from accounts.models import User

ROLES = ["office", "leader", "admin", "county", "department"]


@pytest.mark.django_db
def test_login_page_is_chinese(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="zh-Hans"' in body and "登录" in body and "用户名" in body


@pytest.mark.django_db
def test_login_page_in_english_when_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("accounts:login")).content.decode()
    assert "Sign in" in body and 'lang="en"' in body


@pytest.mark.django_db
def test_wrong_password_says_why_in_chinese(client, office_user):
    office_user.set_password("right-password-1")
    office_user.save()
    response = client.post(reverse("accounts:login"), {"username": office_user.username, "password": "wrong"})
    assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()
    response = client.post(
        reverse("accounts:login"), {"username": office_user.username, "password": "right-password-1"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_home_redirects_anonymous_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_home_page_is_made_for_the_role(role_users, client_for, role):
    user = role_users[role]
    response = client_for(user).get("/", follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert str(user) in body or user.username in body
    # The menu shows reference data to everyone and the admin only to the administrator.
    assert reverse("organizations:enterprise_list") in body
    assert (reverse("admin:index") in body) == (role == "admin")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_password_change_page_renders(role_users, client_for, role):
    assert client_for(role_users[role]).get(reverse("accounts:password_change")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_admin_site_only_for_the_administrator(role_users, client_for, role):
    response = client_for(role_users[role]).get(reverse("admin:index"))
    assert (response.status_code == 200) == (role == "admin")


@pytest.mark.django_db
def test_logout_signs_out(client_for, office_user):
    client = client_for(office_user)
    client.post(reverse("accounts:logout"))
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_load_demo_creates_a_user_for_every_role_and_each_can_sign_in(reference, client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    out = io.StringIO()
    call_command("load_demo", "--no-recompute", stdout=out)
    assert "demo-pass-123" in out.getvalue()  # printed once, on creation
    names = set(User.objects.values_list("username", flat=True))
    expected = {
        "office",
        "leader",
        "admin",
        *(f"county-{c}" for c in ["211102", "211103", "211104", "211122", "2111A1", "2111A2"]),
    }
    assert expected <= names
    assert any(n.startswith("dept-") for n in names)
    for username in ["office", "leader", "admin", "county-211103", "dept-zjw"]:
        client.logout()
        response = client.post(
            reverse("accounts:login"), {"username": username, "password": "demo-pass-123"}, follow=True
        )
        assert response.status_code == 200
        assert response.wsgi_request.user.username == username
    # A second run creates nobody and prints no password.
    out = io.StringIO()
    call_command("load_demo", "--no-recompute", stdout=out)
    assert "demo-pass-123" not in out.getvalue()
    county = User.objects.get(username="county-211103")
    assert policy.role_of(county) == "county" and county.region.code == "211103"


@pytest.mark.django_db
def test_user_model_requires_scope_for_scoped_roles(reference):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        User(username="x", role="county").full_clean()
    assert "县区用户必须指定所属县区" in str(info.value)


@pytest.mark.django_db
def test_expired_form_and_missing_page_answer_in_chinese(client, office_user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "office", "password": "x"})
    body = response.content.decode()
    assert (
        response.status_code == 403
        and "页面已过期，未能提交" in body
        and "CSRF verification failed" not in body
    )
    client.force_login(office_user)
    response = client.get("/inspections/results/999999999/")
    assert response.status_code == 404 and "找不到这个页面" in response.content.decode()
