"""Every page and endpoint without URL parameters, and the reference pages with them, for anonymous users and
every role: the status each one must answer, written out, so that a page leaking to a role fails here.

The parameterless paths come from the URL resolver: a new one fails until it has a row in PAGES. Pages with
parameters on domain objects are tested in their app's tests with the scoping matrix.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from complaints.models import Hotline
from inspections.models import ProductClass
from organizations.models import Department
from targets.models import KeyTask, Target
from tests.factories import EnterpriseFactory

WHO = ["anonymous", "office", "leader", "admin", "county", "department"]
ROLES = WHO[1:]
# Logging out and switching language are POST-only actions; the admin has its own tests upstream.
SKIP_PREFIXES = ("/admin/", "/accounts/logout/", "/i18n/", "/media/", "/static/")
LOGIN = "login"  # a redirect to the sign-in page; "→/x/" is a redirect to /x/

# path: (anonymous, office, leader, admin, county of 兴隆台区, department 住建委)
PAGES = {
    "/":                               (LOGIN, "→/dashboards/", "→/dashboards/", "→/dashboards/", "→/dashboards/county/", "→/targets/"),
    "/accounts/login/":                (200, "→/", "→/", "→/", "→/", "→/"),
    "/accounts/password/":             (LOGIN, 200, 200, 200, 200, 200),
    "/accounts/password/done/":        (LOGIN, 200, 200, 200, 200, 200),
    "/accounts/notices/":              (LOGIN, 200, 200, 200, 200, 200),
    "/api/v1/":                        (403, 200, 200, 200, 200, 200),
    "/api/v1/assessments/":            (403, 200, 200, 200, 200, 200),
    "/api/v1/brands/":                 (403, 200, 200, 200, 200, 200),
    "/api/v1/credit/":                 (403, 200, 200, 200, 200, 200),
    "/api/v1/construction/":           (403, 200, 200, 200, 200, 200),
    "/api/v1/dashboards/":             (403, 200, 200, 200, 200, 200),
    "/api/v1/foundations/":            (403, 200, 200, 200, 200, 200),
    "/api/v1/docs/":                   (403, 200, 200, 200, 200, 200),
    "/api/v1/inspections/":            (403, 200, 200, 200, 200, 200),
    "/api/v1/inspections/pass-rates/": (403, 200, 200, 200, 200, 200),
    "/api/v1/redoc/":                  (403, 200, 200, 200, 200, 200),
    "/api/v1/schema/":                 (403, 200, 200, 200, 200, 200),
    "/api/v1/targets/":                (403, 200, 200, 200, 200, 200),
    "/api/v1/targets/attainment/":     (403, 200, 200, 200, 200, 200),
    "/assessments/":                   (LOGIN, 200, 200, 200, 200, 200),
    "/assessments/reports/":           (LOGIN, 200, 200, 200, 200, 403),
    "/assessments/results/":           (LOGIN, 200, 200, 200, 200, 200),
    "/assessments/schemes/add/":       (LOGIN, 200, 403, 200, 403, 403),
    "/brands/assignments/":            (LOGIN, 200, 200, 200, 200, 200),
    "/brands/award-types/":            (LOGIN, 200, 200, 200, 200, 200),
    "/brands/awards/":                 (LOGIN, 200, 200, 200, 200, 200),
    "/brands/awards/add/":             (LOGIN, 200, 403, 200, 403, 403),
    "/brands/awards/expiring/":        (LOGIN, 200, 403, 200, 403, 403),
    "/brands/experts/":                (LOGIN, 200, 403, 200, 403, 403),
    "/brands/experts/add/":            (LOGIN, 200, 403, 200, 403, 403),
    "/brands/rounds/":                 (LOGIN, 200, 200, 200, 200, 200),
    "/brands/rounds/add/":             (LOGIN, 200, 403, 200, 403, 403),
    "/complaints/":                    (LOGIN, 200, 200, 200, 200, 200),
    # Engineering credit: 住建委 (the department fixture) enters; drafts of a ranking are its and the office's.
    "/construction/deposits/":         (LOGIN, 200, 200, 200, 200, 200),
    "/construction/deposits/add/":     (LOGIN, 200, 403, 200, 403, 200),
    "/construction/projects/":         (LOGIN, 200, 200, 200, 200, 200),
    "/construction/projects/add/":     (LOGIN, 200, 403, 200, 403, 200),
    "/construction/ranking/":          (LOGIN, 200, 200, 200, 200, 200),
    "/construction/rankings/":         (LOGIN, 200, 200, 200, 200, 200),
    "/construction/rankings/add/":     (LOGIN, 200, 403, 200, 403, 200),
    "/construction/scores/add/":       (LOGIN, 200, 403, 200, 403, 200),
    "/construction/units/":            (LOGIN, 200, 200, 200, 200, 200),
    "/construction/units/add/":        (LOGIN, 200, 403, 200, 403, 200),
    "/complaints/add/":                (LOGIN, 200, 403, 200, 403, 200),
    "/complaints/calendar/":           (LOGIN, 200, 403, 200, 403, 403),
    "/complaints/calendar/year/":      (LOGIN, 200, 403, 200, 403, 403),
    "/complaints/hotlines/":           (LOGIN, 200, 200, 200, 200, 200),
    "/complaints/hotlines/limits/add/": (LOGIN, 200, 403, 200, 403, 403),
    "/complaints/import/":             (LOGIN, 200, 403, 200, 403, 403),
    "/complaints/import/template/":    (LOGIN, 200, 403, 200, 403, 403),
    "/complaints/overdue/":            (LOGIN, 200, 200, 200, 200, 200),
    "/help/":                          (LOGIN, 200, 200, 200, 200, 200),
    "/credit/blacklist/":              (LOGIN, 200, 200, 200, 200, 200),
    "/credit/blacklist/add/":          (LOGIN, 200, 403, 200, 403, 200),
    "/credit/penalties/":              (LOGIN, 200, 200, 200, 200, 200),
    "/credit/penalties/add/":          (LOGIN, 200, 403, 200, 403, 200),
    "/credit/penalties/import/":       (LOGIN, 200, 403, 200, 403, 200),
    "/credit/penalties/import/template/": (LOGIN, 200, 403, 200, 403, 200),
    "/credit/publication.xlsx":        (LOGIN, 200, 200, 200, 200, 200),  # published records only
    "/credit/ratings/":                (LOGIN, 200, 200, 200, 200, 200),
    "/credit/rules/":                  (LOGIN, 200, 200, 200, 200, 200),
    "/credit/rules/add/":              (LOGIN, 200, 403, 200, 403, 403),
    "/health/":                        (200, 200, 200, 200, 200, 200),  # overall status for anyone; details for the office
    "/jobs/":                          (LOGIN, 200, 200, 200, 200, 200),
    "/dashboards/":                    (LOGIN, 200, 200, 200, 403, 200),
    "/dashboards/county/":             (LOGIN, 200, 200, 200, "→/dashboards/county/211103/", 403),
    "/dashboards/runs/":               (LOGIN, 200, 200, 200, 403, 403),
    "/dashboards/runs/start/":         (LOGIN, 405, 403, 405, 403, 403),
    "/incidents/":                     (LOGIN, 200, 200, 200, 200, 200),
    "/incidents/add/":                 (LOGIN, 200, 403, 200, 403, 403),
    "/foundations/agencies/":          (LOGIN, 200, 200, 200, 200, 200),
    "/foundations/agencies/add/":      (LOGIN, 200, 403, 200, 403, 403),  # 质监局's registers: not 住建委's
    "/foundations/culture-events/":    (LOGIN, 200, 200, 200, 200, 200),
    "/foundations/culture-events/add/": (LOGIN, 200, 403, 200, 403, 403),
    "/foundations/market-exits/":      (LOGIN, 200, 200, 200, 200, 200),
    "/foundations/market-exits/add/":  (LOGIN, 200, 403, 200, 403, 200),  # 住建委 withdraws 建筑业企业资质
    "/foundations/metrology/":         (LOGIN, 200, 200, 200, 200, 200),
    "/foundations/metrology/add/":     (LOGIN, 200, 403, 200, 403, 403),
    "/foundations/quality-staff/":     (LOGIN, 200, 200, 200, 200, 200),
    "/foundations/quality-staff/add/": (LOGIN, 200, 403, 200, 403, 403),
    "/foundations/standards/":         (LOGIN, 200, 200, 200, 200, 200),
    "/foundations/standards/add/":     (LOGIN, 200, 403, 200, 403, 403),
    "/inspections/acceptance/":        (LOGIN, 200, 200, 200, 200, 200),
    "/inspections/acceptance/add/":    (LOGIN, 200, 403, 200, 403, 200),
    "/inspections/classes/":           (LOGIN, 200, 200, 200, 200, 200),
    "/inspections/classes/add/":       (LOGIN, 200, 403, 200, 403, 403),
    "/inspections/import/":            (LOGIN, 200, 403, 200, 403, 200),
    "/inspections/import/template/":   (LOGIN, 200, 403, 200, 403, 200),
    "/inspections/inspectors/":        (LOGIN, 200, 403, 200, 403, 403),
    "/inspections/inspectors/add/":    (LOGIN, 200, 403, 200, 403, 403),
    "/inspections/pass-rates/":        (LOGIN, 200, 200, 200, 200, 200),
    "/inspections/plans/":             (LOGIN, 200, 200, 200, 200, 200),
    "/inspections/plans/add/":         (LOGIN, 200, 403, 200, 403, 403),
    "/inspections/results/":           (LOGIN, 200, 200, 200, 200, 200),
    "/inspections/results/add/":       (LOGIN, 200, 403, 200, 403, 200),
    "/inspections/risks/":             (LOGIN, 200, 403, 200, 403, 403),
    "/org/departments/":               (LOGIN, 200, 200, 200, 200, 200),
    "/org/enterprises/":               (LOGIN, 200, 200, 200, 200, 200),
    "/org/enterprises/add/":           (LOGIN, 200, 403, 200, 200, 403),  # counties add their own; others only view
    "/org/regions/":                   (LOGIN, 200, 200, 200, 200, 200),
    "/search/":                        (LOGIN, 200, 200, 200, 200, 200),
    "/targets/":                       (LOGIN, 200, 200, 200, 200, 200),
    "/targets/approvals/":             (LOGIN, 200, 403, 200, 403, 403),
    "/targets/closures/add/":          (LOGIN, 200, 403, 200, 403, 403),
    "/targets/completeness/":          (LOGIN, 200, 200, 200, 200, 200),  # each sees the units of their scope
    "/targets/measurements/":          (LOGIN, 200, 403, 200, 200, 200),
    "/targets/measurements/add/":      (LOGIN, 200, 403, 200, 200, 200),
    "/targets/tasks/":                 (LOGIN, 200, 200, 200, 200, 200),
    # Issue 18: surveys (the organising unit enters them), campaigns and cases (counties file their own), plans.
    "/surveys/":                       (LOGIN, 200, 200, 200, 200, 200),
    "/surveys/add/":                   (LOGIN, 200, 403, 200, 403, 200),
    "/campaigns/":                     (LOGIN, 200, 200, 200, 200, 200),
    "/campaigns/add/":                 (LOGIN, 200, 403, 200, 403, 200),
    "/campaigns/cases/":               (LOGIN, 200, 200, 200, 200, 200),
    "/campaigns/cases/add/":           (LOGIN, 200, 403, 200, 200, 200),
    "/plans/":                         (LOGIN, 200, 200, 200, 200, 200),
    "/plans/add/":                     (LOGIN, 200, 403, 200, 403, 403),
    "/plans/items/":                   (LOGIN, 200, 200, 200, 200, 200),
    "/plans/items/add/":               (LOGIN, 200, 403, 200, 403, 403),
    "/todo/":                          (LOGIN, 200, 200, 200, 200, 200),
    "/todo/block/":                    (LOGIN, 200, 200, 200, 200, 200),
    "/todo/count/":                    (LOGIN, 200, 200, 200, 200, 200),
}  # fmt: skip


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


def answer(response) -> int | str:
    if response.status_code != 302:
        return response.status_code
    if response.url.startswith("/accounts/login/"):
        return LOGIN
    return "→" + response.url


def test_every_page_expectation_names_a_page_that_exists():
    assert not set(PAGES) - set(PATHS), f"no such URL any more, remove: {sorted(set(PAGES) - set(PATHS))}"


@pytest.mark.django_db
@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("path", PATHS)
def test_every_page_answers_each_role_as_the_table_says(role_users, client_for, who, path):
    assert path in PAGES, f"add an expectation for {path} to PAGES in {__name__}"
    response = client_for(role_users.get(who)).get(path)
    expected = PAGES[path][WHO.index(who)]
    assert answer(response) == expected, f"{who} {path}"
    # Signing in leads back to the page asked for (the home page needs no `next`).
    if who == "anonymous" and expected == LOGIN and path != "/":
        assert f"next={path}" in response.url


# Leaders read and change nothing: a POST to any page is refused (403) or not a form (405), except these.
LEADER_POSTS = {
    "/": "→/dashboards/",  # the home page only redirects
    "/accounts/login/": "→/",  # already signed in
    "/accounts/password/": 200,  # their own password (the empty form comes back with its errors)
    "/assessments/reports/": 200,  # leaders order the reports they download (the empty form comes back)
    "/accounts/notices/": "→/accounts/notices/",  # their own reminder settings (the one write allowed below)
}
# Pages where a leader's POST changes their own account and nothing else.
OWN_SETTINGS = {"/accounts/notices/"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_every_page_refuses_a_leaders_post(role_users, client_for, path):
    from simple_history.models import registered_models

    def history_rows() -> int:
        return sum(model.history.count() for model in registered_models.values() if hasattr(model, "history"))

    client = client_for(role_users["leader"])  # signing in records the user's last login
    before = history_rows()
    response = client.post(path, {})
    if path in LEADER_POSTS:
        assert answer(response) == LEADER_POSTS[path], path
    else:
        assert response.status_code in (403, 405), f"leader POST {path} -> {answer(response)}"
    if path in OWN_SETTINGS:
        leader = role_users["leader"]
        assert history_rows() == before + 1 and leader.history.first().receives_digest is False, path
    else:
        assert history_rows() == before, f"leader POST {path} wrote something"


# Reference pages with parameters, on seeded data and one enterprise in each of two counties.
PARAMETER_PAGES = {
    "county dashboard, own county": (
        lambda o: reverse("dashboards:county", args=["211103"]),
        (LOGIN, 200, 200, 200, 200, 403),
    ),
    "county dashboard, another county": (
        lambda o: reverse("dashboards:county", args=["211122"]),
        (LOGIN, 200, 200, 200, 403, 403),
    ),
    "region": (
        lambda o: reverse("organizations:region_detail", args=[o["county"].pk]),
        (LOGIN, 200, 200, 200, 200, 200),
    ),
    "department": (
        lambda o: reverse("organizations:department_detail", args=[o["department"].pk]),
        (LOGIN, 200, 200, 200, 200, 200),
    ),
    "enterprise of the county": (
        lambda o: reverse("organizations:enterprise_detail", args=[o["own"].pk]),
        (LOGIN, 200, 200, 200, 200, 200),
    ),
    "enterprise of another county": (
        lambda o: reverse("organizations:enterprise_detail", args=[o["other"].pk]),
        (LOGIN, 200, 200, 200, 200, 200),
    ),
    "edit an enterprise of the county": (
        lambda o: reverse("organizations:enterprise_edit", args=[o["own"].pk]),
        (LOGIN, 200, 404, 200, 200, 404),
    ),
    "edit an enterprise of another county": (
        lambda o: reverse("organizations:enterprise_edit", args=[o["other"].pk]),
        (LOGIN, 200, 404, 200, 404, 404),
    ),
    "target": (
        lambda o: reverse("targets:target_detail", args=[Target.objects.order_by("pk").first().code]),
        (LOGIN, 200, 200, 200, 200, 200),
    ),
    "key task": (
        lambda o: reverse("targets:task_detail", args=[KeyTask.objects.order_by("pk").first().pk]),
        (LOGIN, 200, 200, 200, 200, 200),
    ),
    "edit a hotline": (
        lambda o: reverse("complaints:hotline_edit", args=[Hotline.objects.order_by("pk").first().pk]),
        (LOGIN, 200, 403, 200, 403, 403),
    ),
    "edit a product class": (
        lambda o: reverse("inspections:class_edit", args=[ProductClass.objects.order_by("pk").first().pk]),
        (LOGIN, 200, 403, 200, 403, 403),
    ),
    "import market exits": (
        lambda o: reverse("foundations:import", args=["market-exits"]),
        (LOGIN, 200, 403, 200, 403, 200),
    ),
    "import metrology": (
        lambda o: reverse("foundations:import", args=["metrology"]),
        (LOGIN, 200, 403, 200, 403, 403),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page", sorted(PARAMETER_PAGES))
def test_every_reference_page_with_parameters_answers_each_role_as_the_table_says(
    role_users, client_for, county, other_county, who, page
):
    objects = {
        "county": county,
        "department": Department.objects.get(code="zjw"),
        "own": EnterpriseFactory(region=county),
        "other": EnterpriseFactory(region=other_county),
    }
    path_of, expected = PARAMETER_PAGES[page]
    response = client_for(role_users.get(who)).get(path_of(objects))
    assert answer(response) == expected[WHO.index(who)], f"{who} {page}"
