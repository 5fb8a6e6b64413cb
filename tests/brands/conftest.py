"""A mayor's quality award round at each stage, with experts (one linked to a portal user)."""

import datetime as dt
from decimal import Decimal

import pytest

from accounts.choices import Role
from brands import services
from brands.models import Application, Assignment
from tests.brands.factories import ExpertFactory, round_data
from tests.conftest import make_user
from tests.factories import EnterpriseFactory


@pytest.fixture
def own_enterprise(county):
    return EnterpriseFactory(region=county, name="盘锦兴隆台测试米业有限公司")


@pytest.fixture
def other_enterprise(other_county):
    return EnterpriseFactory(region=other_county, name="盘山测试化工有限公司")


@pytest.fixture
def expert_user(reference):
    # There is no expert role: an expert's account has some other role (here a member unit's staff).
    from organizations.models import Department

    return make_user("t-expert", Role.DEPARTMENT, department=Department.objects.get(code="tjj"))


@pytest.fixture
def experts(expert_user):
    first = ExpertFactory(name="王建国", user=expert_user)
    return [first, *(ExpertFactory() for _ in range(5))]


@pytest.fixture
def open_round(reference, experts, own_enterprise, other_enterprise):
    """A round accepting applications: two accepted, the panel chosen."""
    evaluation = services.round_create(round=round_data())
    services.round_set_panel(round=evaluation, experts=experts)
    for enterprise in (own_enterprise, other_enterprise):
        application = services.application_submit(
            application=Application(round=evaluation, enterprise=enterprise, submitted_on=dt.date(2016, 4, 1))
        )
        services.application_screen(application=application, accepted=True)
    return evaluation


@pytest.fixture
def reviewing_round(open_round):
    services.round_start_review(round=open_round)
    return open_round


def score_fully(assignment: Assignment, share: str) -> None:
    """Score every category at `share` of its maximum."""
    entries = {
        c.pk: (Decimal(c.max_points) * Decimal(share), "")
        for c in assignment.application.round.criteria.all()
    }
    services.score_sheet(assignment=assignment, entries=entries)


@pytest.fixture
def scored_round(reviewing_round, own_enterprise):
    """Every assignment scored: the own county's enterprise higher."""
    for assignment in Assignment.objects.filter(application__round=reviewing_round).select_related(
        "application"
    ):
        score_fully(assignment, "0.8" if assignment.application.enterprise == own_enterprise else "0.7")
    return reviewing_round
