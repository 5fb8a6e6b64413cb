"""Bad parameters answer 400 or 404 (or the page with the filter marked wrong), never 500.

A property test sends every web page random query or form parameters (NUL characters, huge, negative and
fractional numbers, any unicode) and random values in its URL's own parameters.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Logging out and switching language are POST-only actions; the admin and the API are tested on their own.
SKIP_PREFIXES = ("/admin/", "/accounts/logout/", "/i18n/", "/media/", "/static/", "/api/")
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")


def page_routes() -> list[str]:
    routes = []

    def walk(patterns, prefix=""):
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern) and not route.startswith("^"):
                full = "/" + prefix + route
                if not full.startswith(SKIP_PREFIXES) and "(?P" not in full:
                    routes.append(full)

    walk(get_resolver().url_patterns)
    return sorted(set(routes))


def filter_names() -> list[str]:
    """Every parameter some page reads: the filters of every filterset, and the pages' own parameters."""
    from django_filters import FilterSet

    names = {"year", "region", "level", "product_class", "period", "q", "sort", "page", "state", "indicator"}
    pending = list(FilterSet.__subclasses__())
    while pending:
        filterset = pending.pop()
        pending.extend(filterset.__subclasses__())
        names.update(getattr(filterset, "base_filters", {}))
    return sorted(names)


ODD = st.sampled_from(
    ["\x00", "a\x00b", "-1", "0", "2015.5", "1e309", "NaN", "inf", "9" * 30, "-" + "9" * 30, "2015-13",
     "2015-Q5", "", " ", "全部", "'; --", "%", "../", "2015\x00", "\ud7ff", "𠀀"]
)  # fmt: skip
VALUES = st.one_of(ODD, st.integers().map(str), st.floats().map(str), st.text(max_size=12))


def path_value(kind: str | None):
    if kind == "int":
        return st.one_of(st.integers(min_value=0), st.sampled_from(["9" * 30])).map(str)
    return st.one_of(ODD.filter(lambda v: v and "/" not in v), st.text(min_size=1, max_size=8)).map(
        lambda v: quote(v.replace("/", "_"), safe="")
    )


@st.composite
def requests(draw, routes, names):
    route = draw(st.sampled_from(routes))
    path = CONVERTER.sub(lambda m: draw(path_value(m["kind"])), route)
    names = st.sampled_from(names) | st.text(max_size=6)
    params = draw(st.dictionaries(names, st.lists(VALUES, min_size=1, max_size=2), max_size=4))
    return draw(st.sampled_from(["get", "post"])), path, params


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["office", "county"])
def test_no_page_answers_500_to_any_query_or_form(role_users, role):
    client = Client(raise_request_exception=False)
    client.force_login(role_users[role])
    routes, names = page_routes(), filter_names()

    @settings(max_examples=250, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(requests(routes, names))
    def check(request):
        method, path, params = request
        # Nothing is kept (a POST's work is rolled back, its tasks never queued), and a failed query does not
        # poison the next example's transaction.
        with transaction.atomic():
            response = getattr(client, method)(path, params)
            transaction.set_rollback(True)
        assert response.status_code < 500, f"{method} {path} {params!r} -> {response.status_code}"

    check()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/inspections/pass-rates/", {"region": "\x00"}),
        ("/dashboards/county/%00/", {}),
        ("/complaints/", {"q\x00": "x"}),
        ("/api/v1/complaints/", {"q": "盘锦\x00"}),
    ],
)
def test_a_nul_character_answers_400_in_chinese(client_for, office_user, path, query):
    response = client_for(office_user).get(path, query)
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_character_in_a_form_answers_400_and_writes_nothing(client_for, office_user):
    from complaints.models import CalendarDay

    before = CalendarDay.objects.count()
    response = client_for(office_user).post("/complaints/calendar/", {"date": "2015-10-0\x001", "name": "x"})
    assert response.status_code == 400 and CalendarDay.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/complaints/calendar/", {"year": "-1"}),
        ("/complaints/calendar/", {"year": "9" * 30}),
        ("/inspections/results/", {"year": "2015.5"}),
        ("/brands/awards/", {"year": "-" + "9" * 30}),
    ],
)
def test_a_bad_year_on_a_page_marks_the_filter_instead_of_failing(client_for, office_user, path, query):
    response = client_for(office_user).get(path, query)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode() or "invalid-feedback" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/inspections/acceptance/", "/api/v1/inspections/results/"])
@pytest.mark.parametrize("year", ["2015.5", "-1", "9" * 30, "二〇一五"])
def test_a_bad_year_in_the_api_answers_400_naming_the_field(api_for, office_user, path, year):
    response = api_for(office_user).get(path, {"year": year})
    assert response.status_code == 400 and list(response.json()) == ["year"]


@pytest.mark.django_db
def test_a_good_year_still_filters(api_for, office_user):
    from tests.inspections.factories import SpotCheckResultFactory

    SpotCheckResultFactory(sampled_on=dt.date(2015, 3, 1))
    SpotCheckResultFactory(sampled_on=dt.date(2016, 3, 1))
    response = api_for(office_user).get("/api/v1/inspections/results/", {"year": "2015"})
    assert response.status_code == 200 and response.json()["count"] == 1


@pytest.mark.django_db
def test_deleting_a_referenced_enterprise_in_the_api_answers_409_with_the_reason(api_for, office_user):
    """The API offers no enterprise delete (405, where it answered 500); a protected delete anywhere in the API
    goes through the one exception handler, which answers 409 with the reason."""
    from django.db.models import ProtectedError

    from core.api.exceptions import exception_handler
    from organizations.models import Enterprise
    from tests.brands.factories import AwardFactory

    award = AwardFactory()
    assert api_for(office_user).delete(f"/api/v1/enterprises/{award.enterprise_id}/").status_code == 405
    assert Enterprise.objects.filter(pk=award.enterprise_id).exists()
    with pytest.raises(ProtectedError) as refused, transaction.atomic():
        award.enterprise.delete()
    response = exception_handler(refused.value, {})
    assert response.status_code == 409
    assert response.data == {
        "detail": "无法删除：仍被 1 条获奖记录引用。请先删除或改掉这些记录，或保留这条记录。"
    }
    assert Enterprise.objects.filter(pk=award.enterprise_id).exists()


@pytest.mark.django_db
def test_deleting_a_referenced_object_in_a_page_answers_409_with_the_reason(rf, office_user):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    from core.views import ObjectDeleteView
    from organizations.models import Enterprise
    from tests.brands.factories import AwardFactory

    class EnterpriseDeleteView(ObjectDeleteView):
        model = Enterprise

    award = AwardFactory()
    request = rf.post("/delete/")
    request.user, request.session = office_user, SessionStore()
    request._messages = FallbackStorage(request)
    response = EnterpriseDeleteView.as_view()(request, pk=award.enterprise_id)
    assert response.status_code == 409
    assert "无法删除：仍被 1 条获奖记录引用" in response.rendered_content
    assert Enterprise.objects.filter(pk=award.enterprise_id).exists()
