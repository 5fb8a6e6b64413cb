"""Every page and endpoint without URL parameters, for anonymous users and every role: no errors, no leaks.

Pages and endpoints with parameters are tested in their app's tests with the scoping matrix.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ["office", "leader", "admin", "county", "department"]
# Logging out and switching language are POST-only actions; the admin has its own tests upstream.
SKIP_PREFIXES = ("/admin/", "/accounts/logout/", "/i18n/", "/media/", "/static/")
# Open to anyone: signing in, and the health probe (overall status only; tests/core/test_health.py).
PUBLIC_PREFIXES = ("/accounts/login/", "/health/")


def parameterless_paths() -> list[str]:
    paths = []

    def walk(patterns, prefix=""):
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern):
                full = "/" + prefix + route
                if "<" in full or "(?P" in full or "\\" in full or "^" in full or "$" in full:
                    continue
                if not full.startswith(SKIP_PREFIXES):
                    paths.append(full)

    walk(get_resolver().url_patterns)
    return sorted(set(paths))


PATHS = parameterless_paths()


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_every_page_refuses_anonymous_users(client, path):
    if path.startswith(PUBLIC_PREFIXES):
        return
    response = client.get(path)
    assert response.status_code in (302, 401, 403), path
    if response.status_code == 302:
        assert "/accounts/login/" in response.url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", PATHS)
def test_every_page_renders_or_refuses_for_every_role(role_users, client_for, role, path):
    response = client_for(role_users[role]).get(path)
    # 200 (or a redirect to the role's own page) when the role may see it, 403/404 when it may not; never an error.
    assert response.status_code in (200, 302, 403, 404, 405), f"{role} {path} -> {response.status_code}"
