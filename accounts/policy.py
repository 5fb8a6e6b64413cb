"""Who may see and change what: the one place that decides it.

Models say how their rows tie to a region, a department or a user (`scope_rule`, see core.scoping);
this module says what each role may do with that. Web views, the API, exports, reports and counts
all call `restrict()` (through `Model.objects.for_user(user, action)`), `can()` or `allowed()`.

Roles:
- admin: everything.
- office: views and changes everything in the domain.
- leader: views everything, changes nothing (downloads reports).
- department: views and (where the model allows) changes rows of its own department.
- county: views and (where the model allows) changes rows of its own region; sees rows marked public.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from accounts.choices import Role

VIEW, CHANGE = "view", "change"

# Actions that are not about one model's rows: which roles may do them.
CAPABILITIES: dict[str, frozenset[str]] = {
    "admin.site": frozenset({Role.ADMIN}),
    "users.manage": frozenset({Role.ADMIN}),
    "reference.change": frozenset({Role.ADMIN, Role.OFFICE}),
    "stats.run": frozenset({Role.ADMIN, Role.OFFICE}),
    "stats.view_runs": frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER}),
    # The checks behind /health/ (which services answer); anyone sees the overall status.
    "health.view": frozenset({Role.ADMIN, Role.OFFICE}),
    "dashboard.city": frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.DEPARTMENT}),
    "dashboard.county": frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.COUNTY}),
    "targets.enter": frozenset({Role.ADMIN, Role.OFFICE, Role.DEPARTMENT, Role.COUNTY}),
    "targets.approve": frozenset({Role.ADMIN, Role.OFFICE}),
    "targets.judge": frozenset({Role.ADMIN, Role.OFFICE}),
    "targets.report_progress": frozenset({Role.ADMIN, Role.OFFICE, Role.DEPARTMENT}),
    # Everyone but leaders, who may be set to see approved target data only (TARGETS_LEADERS_APPROVED_ONLY).
    "targets.view_unapproved": frozenset({Role.ADMIN, Role.OFFICE, Role.DEPARTMENT, Role.COUNTY}),
    "inspections.enter": frozenset({Role.ADMIN, Role.OFFICE, Role.DEPARTMENT}),
    "inspections.import": frozenset({Role.ADMIN, Role.OFFICE, Role.DEPARTMENT}),
    "inspections.plan": frozenset({Role.ADMIN, Role.OFFICE}),
    "brands.manage": frozenset({Role.ADMIN, Role.OFFICE}),
    "brands.evaluate": frozenset({Role.ADMIN, Role.OFFICE}),
    "brands.view_scores": frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER}),
    "complaints.receive": frozenset({Role.ADMIN, Role.OFFICE, Role.DEPARTMENT}),
    "complaints.import": frozenset({Role.ADMIN, Role.OFFICE}),
    "complaints.calendar": frozenset({Role.ADMIN, Role.OFFICE}),
    # 督办: the office flags an order for supervision.
    "complaints.supervise": frozenset({Role.ADMIN, Role.OFFICE}),
    "assessments.manage": frozenset({Role.ADMIN, Role.OFFICE}),
    "assessments.self_assess": frozenset({Role.COUNTY}),
    # Results before they are announced (totals, grades, review scores): counties wait for the announcement.
    "assessments.view_pending_results": frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER}),
    "reports.download": frozenset({Role.ADMIN, Role.OFFICE, Role.LEADER, Role.COUNTY}),
    # Enterprise quality credit: the office and the deciding departments enter penalties and blacklist entries
    # (each unit its own, by the models' scope); the office alone changes the rating rules.
    "credit.enter": frozenset({Role.ADMIN, Role.OFFICE, Role.DEPARTMENT}),
    "credit.rules": frozenset({Role.ADMIN, Role.OFFICE}),
    # Lifting an incident's veto of its county's assessment (with a recorded reason) is the office's decision.
    "incidents.lift_veto": frozenset({Role.ADMIN, Role.OFFICE}),
    # Issue 18. Surveys: the organising unit (服务业委, 住建委) in its own name, the office for all.
    "surveys.enter": frozenset({Role.ADMIN, Role.OFFICE, Role.DEPARTMENT}),
    # Campaigns: the lead department or the office; cases: a county in its own county too.
    "campaigns.manage": frozenset({Role.ADMIN, Role.OFFICE, Role.DEPARTMENT}),
    "campaigns.enter_cases": frozenset({Role.ADMIN, Role.OFFICE, Role.DEPARTMENT, Role.COUNTY}),
    # The yearly action plan: the office writes it; each item's lead unit (a department or a county) reports.
    "plans.manage": frozenset({Role.ADMIN, Role.OFFICE}),
    "plans.report": frozenset({Role.ADMIN, Role.OFFICE, Role.DEPARTMENT, Role.COUNTY}),
    # Excel imports of the quality-foundation registers (a unit imports only the registers it enters).
    "foundations.import": frozenset({Role.ADMIN, Role.OFFICE, Role.DEPARTMENT}),
    # Developer entries in the menu (接口文档, 统计运行): leaders read figures and reports, not the machinery;
    # the pages themselves stay reachable by link for those their own capability lets in.
    "menu.developer": frozenset({Role.ADMIN, Role.OFFICE, Role.COUNTY, Role.DEPARTMENT}),
}

# The member units (by code) that enter each register of the quality foundations; the office enters them all.
# 质监局 keeps standards, testing agencies and metrology (its own remit); 人社局 also records the staff it trains,
# 文广局 the events it stages; licences and businesses are withdrawn by 质监局 (生产许可证), 工商局 (营业执照),
# 食药监局 (食品生产许可证) and 住建委 (建筑业企业资质), each entering its own decisions.
REGISTER_DEPARTMENTS: dict[str, frozenset[str]] = {
    "foundations.standard": frozenset({"zjj"}),
    "foundations.agency": frozenset({"zjj"}),
    "foundations.metrologyrecord": frozenset({"zjj"}),
    "foundations.qualitystaff": frozenset({"zjj", "rsj"}),
    "foundations.cultureevent": frozenset({"zjj", "wgj"}),
    "foundations.cultureevidence": frozenset({"zjj", "wgj"}),
    "foundations.marketexit": frozenset({"zjj", "gsj", "syj", "zjw"}),
}


def enters(user, model: type[Model]) -> bool:
    """Whether a member unit's staff may enter rows of `model`: only the units its register names (other
    models: any unit, as their scope rule allows)."""
    units = REGISTER_DEPARTMENTS.get(model._meta.label_lower)
    return units is None or (user.department is not None and user.department.code in units)


def role_of(user) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def allowed(user, capability: str) -> bool:
    """Whether the user's role may do an action that is not about particular rows."""
    role = role_of(user)
    return role is not None and role in CAPABILITIES[capability]


def restrict(queryset: QuerySet, user, action: str = VIEW) -> QuerySet:
    """The rows of `queryset` this user may view (action "view") or change ("change", also add and delete)."""
    role = role_of(user)
    if role is None:
        return queryset.none()
    if role == Role.ADMIN:
        return queryset
    rule = queryset.model.scope_rule
    viewing = action == VIEW
    if role in (rule.view_all if viewing else rule.change_all):
        return queryset
    if viewing and rule.reference:
        return queryset
    condition = Q(pk__in=[])
    if role == Role.COUNTY and rule.region and (viewing or rule.county_change):
        path = rule.region if viewing else rule.region_change or rule.region
        condition |= Q(**{f"{path}__in": user.region_ids})
    if role == Role.DEPARTMENT and rule.department and (viewing or rule.department_change):
        condition |= Q(**{rule.department: user.department_id})
    if rule.owner:
        condition |= Q(**{rule.owner: user.pk})
    if viewing and rule.public is not None:
        condition |= rule.public()
    queryset = queryset.filter(condition)
    return queryset.distinct() if rule.distinct else queryset


def can(user, action: str, obj: Model) -> bool:
    """Whether the user may view or change this one object."""
    return restrict(type(obj)._default_manager.filter(pk=obj.pk), user, action).exists()


def can_change_in(user, model: type[Model], *, region=None, department=None) -> bool:
    """Whether the user may create rows of `model` for this region / department (before the row exists)."""
    role = role_of(user)
    if role is None:
        return False
    rule = model.scope_rule
    if role == Role.ADMIN or role in rule.change_all:
        return True
    if role == Role.COUNTY and rule.county_change and region is not None:
        return getattr(region, "pk", region) in user.region_ids
    if role == Role.DEPARTMENT and rule.department_change and department is not None:
        return getattr(department, "pk", department) == user.department_id and enters(user, model)
    return False


def can_add(user, model: type[Model]) -> bool:
    """Whether the user may create rows of `model` in some region or department (before choosing which)."""
    role = role_of(user)
    if role is None:
        return False
    rule = model.scope_rule
    return (
        role == Role.ADMIN
        or role in rule.change_all
        or (role == Role.COUNTY and rule.county_change and bool(user.region_ids))
        or (
            role == Role.DEPARTMENT
            and rule.department_change
            and user.department_id is not None
            and enters(user, model)
        )
    )


def can_view_in(user, model: type[Model], *, region=None, department=None) -> bool:
    """Whether the user may view the non-public rows of `model` for this region / department (a county's dashboard)."""
    role = role_of(user)
    if role is None:
        return False
    rule = model.scope_rule
    if role == Role.ADMIN or role in rule.view_all or rule.reference:
        return True
    if role == Role.COUNTY and rule.region and region is not None:
        return getattr(region, "pk", region) in user.region_ids
    if role == Role.DEPARTMENT and rule.department and department is not None:
        return getattr(department, "pk", department) == user.department_id
    return False


# Where each role lands after signing in (core.checks makes sure each page exists); others get the generic home.
HOME_PAGES: dict[str, str] = {
    Role.COUNTY: "dashboards:county_home",
    Role.DEPARTMENT: "targets:board",
    Role.OFFICE: "dashboards:city",
    Role.LEADER: "dashboards:city",
    Role.ADMIN: "dashboards:city",
}


def home_url_name(user) -> str:
    """The URL name of the page made for the user's role."""
    return HOME_PAGES.get(role_of(user), "home")
