"""accounts.policy, role by role: every capability, and what each kind of scope rule lets each role see and change.

The expectations are written out as tables on purpose: a change to the policy must change a table here.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from accounts import policy
from accounts.choices import Role
from accounts.models import User
from core.scoping import ScopeRule
from organizations.models import Region
from tests.conftest import make_user

ROLES = ["office", "leader", "admin", "county", "department"]

# capability: the roles that have it (columns: office, leader, admin, county, department).
CAPABILITY_TABLE = {
    #                                    office leader admin county department
    "admin.site":                         (0,    0,     1,    0,     0),
    "users.manage":                       (0,    0,     1,    0,     0),
    "reference.change":                   (1,    0,     1,    0,     0),
    "stats.run":                          (1,    0,     1,    0,     0),
    "stats.view_runs":                    (1,    1,     1,    0,     0),
    "health.view":                        (1,    0,     1,    0,     0),
    "dashboard.city":                     (1,    1,     1,    0,     1),
    "dashboard.county":                   (1,    1,     1,    1,     0),
    "targets.enter":                      (1,    0,     1,    1,     1),
    "targets.approve":                    (1,    0,     1,    0,     0),
    "targets.judge":                      (1,    0,     1,    0,     0),
    "targets.report_progress":            (1,    0,     1,    0,     1),
    "targets.view_unapproved":            (1,    0,     1,    1,     1),
    "inspections.enter":                  (1,    0,     1,    0,     1),
    "inspections.import":                 (1,    0,     1,    0,     1),
    "inspections.plan":                   (1,    0,     1,    0,     0),
    "brands.manage":                      (1,    0,     1,    0,     0),
    "brands.evaluate":                    (1,    0,     1,    0,     0),
    "brands.view_scores":                 (1,    1,     1,    0,     0),
    "complaints.receive":                 (1,    0,     1,    0,     1),
    "complaints.import":                  (1,    0,     1,    0,     0),
    "complaints.calendar":                (1,    0,     1,    0,     0),
    "complaints.supervise":               (1,    0,     1,    0,     0),
    "assessments.manage":                 (1,    0,     1,    0,     0),
    "assessments.self_assess":            (0,    0,     0,    1,     0),
    "assessments.view_pending_results":   (1,    1,     1,    0,     0),
    "reports.download":                   (1,    1,     1,    1,     0),
    "credit.enter":                       (1,    0,     1,    0,     1),
    "credit.rules":                       (1,    0,     1,    0,     0),
    "incidents.lift_veto":                (1,    0,     1,    0,     0),
    # Issue 18.
    "surveys.enter":                      (1,    0,     1,    0,     1),
    "campaigns.manage":                   (1,    0,     1,    0,     1),
    "campaigns.enter_cases":              (1,    0,     1,    1,     1),
    "plans.manage":                       (1,    0,     1,    0,     0),
    "plans.report":                       (1,    0,     1,    1,     1),
    "foundations.import":                 (1,    0,     1,    0,     1),
    "menu.developer":                     (1,    0,     1,    1,     1),
}  # fmt: skip


def test_policy_every_capability_has_an_expectation():
    assert set(policy.CAPABILITIES) == set(CAPABILITY_TABLE), "add the new capability to CAPABILITY_TABLE"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("capability", sorted(CAPABILITY_TABLE))
def test_policy_allowed_follows_the_capability_table(role_users, role, capability):
    expected = bool(CAPABILITY_TABLE[capability][ROLES.index(role)])
    assert policy.allowed(role_users[role], capability) is expected


@pytest.mark.parametrize("capability", sorted(CAPABILITY_TABLE))
def test_policy_anonymous_users_have_no_capability(capability):
    assert policy.allowed(AnonymousUser(), capability) is False


@pytest.mark.django_db
def test_policy_role_of_anonymous_inactive_and_superuser(county):
    assert policy.role_of(AnonymousUser()) is None
    inactive = make_user("t-inactive", Role.OFFICE, is_active=False)
    assert policy.role_of(inactive) is None
    assert not policy.allowed(inactive, "reference.change")
    # A superuser is an administrator whatever role the form left on the account.
    superuser = make_user("t-super", Role.COUNTY, region=county, is_superuser=True)
    assert policy.role_of(superuser) == Role.ADMIN
    assert policy.allowed(superuser, "admin.site")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        ("office", "dashboards:city"),
        ("leader", "dashboards:city"),
        ("admin", "dashboards:city"),
        ("county", "dashboards:county_home"),
        ("department", "targets:board"),
    ],
)
def test_policy_home_url_name_per_role(role_users, role, url_name):
    assert policy.home_url_name(role_users[role]) == url_name


# Scope rules, tried on the User table (it has a region, a department and a primary key to own): rows are
# users that only serve as rows, named by how they tie to the acting county (兴隆台区) and department (住建委).
PUBLIC = lambda: Q(username="row-public")  # noqa: E731
RULES = {
    # Tied to a region and a department, some rows public; counties and departments only view.
    "tied": ScopeRule(region="region", department="department", public=PUBLIC),
    # The same, and counties and departments change their own rows.
    "tied_changeable": ScopeRule(
        region="region", department="department", public=PUBLIC, county_change=True, department_change=True
    ),
    # Reference data every signed-in user reads; counties maintain their own (the enterprise register).
    "reference": ScopeRule(region="region", reference=True, county_change=True),
    # Tied to nothing: the office, leaders and the administrator only (the statistics runs).
    "untied": ScopeRule(),
    # Rows of one user: only their owner, besides the roles that see everything (an expert's scores).
    "owned": ScopeRule(owner="pk"),
}
ALL = {"own_region", "other_region", "own_dept", "other_dept", "public"}
NONE: set[str] = set()
# (rule, action): the rows each role gets from restrict() (columns: office, leader, admin, county, department).
RESTRICT_TABLE = {
    ("tied", "view"): (ALL, ALL, ALL, {"own_region", "public"}, {"own_dept", "public"}),
    ("tied", "change"): (ALL, NONE, ALL, NONE, NONE),
    ("tied_changeable", "view"): (ALL, ALL, ALL, {"own_region", "public"}, {"own_dept", "public"}),
    ("tied_changeable", "change"): (ALL, NONE, ALL, {"own_region"}, {"own_dept"}),
    ("reference", "view"): (ALL, ALL, ALL, ALL, ALL),
    ("reference", "change"): (ALL, NONE, ALL, {"own_region"}, NONE),
    ("untied", "view"): (ALL, ALL, ALL, NONE, NONE),
    ("untied", "change"): (ALL, NONE, ALL, NONE, NONE),
    ("owned", "view"): (ALL, ALL, ALL, NONE, NONE),
    ("owned", "change"): (ALL, NONE, ALL, NONE, NONE),
}


@pytest.fixture
def rows(county, other_county, department, other_department):
    """Rows named by their tie to the acting county and department."""
    ties = {
        "own_region": {"region": county},
        "other_region": {"region": other_county},
        "own_dept": {"department": department},
        "other_dept": {"department": other_department},
        "public": {},
    }
    return {
        name: make_user(f"row-{name}".replace("_", "-"), Role.LEADER, **tie) for name, tie in ties.items()
    }


def visible(user, rule_name, action, monkeypatch, rows) -> set[str]:
    monkeypatch.setattr(User, "scope_rule", RULES[rule_name])
    names = {row.pk: name for name, row in rows.items()}
    queryset = User.objects.filter(pk__in=names)
    return {names[pk] for pk in policy.restrict(queryset, user, action).values_list("pk", flat=True)}


def test_policy_every_rule_and_action_has_an_expectation():
    assert set(RESTRICT_TABLE) == {(rule, action) for rule in RULES for action in ("view", "change")}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("rule", "action"), sorted(RESTRICT_TABLE))
def test_policy_restrict_follows_the_scope_table(role_users, rows, monkeypatch, role, rule, action):
    expected = RESTRICT_TABLE[(rule, action)][ROLES.index(role)]
    user = role_users[role]
    assert visible(user, rule, action, monkeypatch, rows) == expected
    # can() answers row by row what restrict() answers for the set.
    for name, row in rows.items():
        assert policy.can(user, action, row) is (name in expected), name


@pytest.mark.django_db
@pytest.mark.parametrize(("rule", "action"), sorted(RESTRICT_TABLE))
def test_policy_restrict_gives_anonymous_users_nothing(rows, monkeypatch, rule, action):
    assert visible(AnonymousUser(), rule, action, monkeypatch, rows) == set()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["county", "department"])
def test_policy_owned_rows_reach_their_owner_only(role_users, monkeypatch, role):
    monkeypatch.setattr(User, "scope_rule", RULES["owned"])
    user, other = role_users[role], role_users["county" if role == "department" else "department"]
    assert policy.can(user, "view", user) and policy.can(user, "change", user)
    assert not policy.can(user, "view", other)


@pytest.mark.django_db
def test_policy_a_county_sees_the_rows_of_the_region_it_absorbed(reference, monkeypatch):
    """大洼区 (211104) took over 大洼县 (211121) in 2016: its users see and change the old county's rows too."""
    monkeypatch.setattr(User, "scope_rule", RULES["tied_changeable"])
    dawa = make_user("t-dawa", Role.COUNTY, region=Region.objects.get(code="211104"))
    old = make_user("row-old-county", Role.LEADER, region=Region.objects.get(code="211121"))
    assert policy.can(dawa, "view", old) and policy.can(dawa, "change", old)
    assert policy.can_change_in(dawa, User, region=Region.objects.get(code="211121"))


# Before a row exists: may the role create one for its own / another county, its own / another department?
# (rule): (office, leader, admin, county, department), each as (own county, other county, own dept, other dept).
CHANGE_IN_TABLE = {
    "tied": ((1, 1, 1, 1), (0, 0, 0, 0), (1, 1, 1, 1), (0, 0, 0, 0), (0, 0, 0, 0)),
    "tied_changeable": ((1, 1, 1, 1), (0, 0, 0, 0), (1, 1, 1, 1), (1, 0, 0, 0), (0, 0, 1, 0)),
    "reference": ((1, 1, 1, 1), (0, 0, 0, 0), (1, 1, 1, 1), (1, 0, 0, 0), (0, 0, 0, 0)),
    "untied": ((1, 1, 1, 1), (0, 0, 0, 0), (1, 1, 1, 1), (0, 0, 0, 0), (0, 0, 0, 0)),
}
# The same for viewing the non-public rows of a county or department (a county's dashboard).
VIEW_IN_TABLE = {
    "tied": ((1, 1, 1, 1), (1, 1, 1, 1), (1, 1, 1, 1), (1, 0, 0, 0), (0, 0, 1, 0)),
    "tied_changeable": ((1, 1, 1, 1), (1, 1, 1, 1), (1, 1, 1, 1), (1, 0, 0, 0), (0, 0, 1, 0)),
    "reference": ((1, 1, 1, 1), (1, 1, 1, 1), (1, 1, 1, 1), (1, 1, 1, 1), (1, 1, 1, 1)),
    "untied": ((1, 1, 1, 1), (1, 1, 1, 1), (1, 1, 1, 1), (0, 0, 0, 0), (0, 0, 0, 0)),
}


def scopes_answered(check, user, county, other_county, department, other_department) -> tuple[int, ...]:
    return (
        int(check(user, User, region=county)),
        int(check(user, User, region=other_county)),
        int(check(user, User, department=department)),
        int(check(user, User, department=other_department)),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", sorted(CHANGE_IN_TABLE))
def test_policy_can_change_in_and_can_view_in_follow_their_tables(
    role_users, county, other_county, department, other_department, monkeypatch, role, rule
):
    monkeypatch.setattr(User, "scope_rule", RULES[rule])
    scopes = (county, other_county, department, other_department)
    user = role_users[role]
    assert scopes_answered(policy.can_change_in, user, *scopes) == CHANGE_IN_TABLE[rule][ROLES.index(role)]
    assert scopes_answered(policy.can_view_in, user, *scopes) == VIEW_IN_TABLE[rule][ROLES.index(role)]
    # Primary keys are accepted where objects are.
    assert policy.can_change_in(user, User, region=county.pk) == policy.can_change_in(
        user, User, region=county
    )
    # Nobody signed out may do anything, and a county or department user needs the scope to be named.
    assert not policy.can_change_in(AnonymousUser(), User, region=county)
    assert not policy.can_view_in(AnonymousUser(), User, region=county)
    if role in ("county", "department"):
        assert not policy.can_change_in(user, User)
