import datetime as dt

import pytest

from accounts.choices import Role
from foundations.models import Agency, CultureEvent, MarketExit, MetrologyRecord, QualityStaff, Standard
from organizations.models import Department
from tests.brands.factories import EnterpriseFactory
from tests.conftest import make_user


@pytest.fixture
def zjj(reference):
    return Department.objects.get(code="zjj")


@pytest.fixture
def zjj_user(zjj):
    return make_user("t-zjj", Role.DEPARTMENT, department=zjj)


@pytest.fixture
def rows(county, other_county, city, zjj, department):
    """One row of each register in the county and one in the other county (the market exit of 住建委 there)."""

    def make(region, suffix):
        enterprise = EnterpriseFactory(region=region)
        return {
            "standard": Standard.objects.create(
                year=2015,
                kind="lead",
                level="group",
                code=f"T/PJ 00{suffix}-2015",
                title=f"河蟹养殖规范{suffix}",
                enterprise=enterprise,
                holder_name=enterprise.name,
                region=region,
                department=zjj,
            ),
            "metrology": MetrologyRecord.objects.create(
                year=2015, region=region, category="trade", verified=100, passed=95, department=zjj
            ),
            "staff": QualityStaff.objects.create(
                year=2015, enterprise=enterprise, chief_officer="王某某", trained=5, department=zjj
            ),
            "event": CultureEvent.objects.create(
                title=f"质量月{suffix}",
                kind="quality_month",
                region=region,
                held_on=dt.date(2015, 9, 5),
                organizer="领导小组办公室",
                department=zjj,
            ),
            "exit": MarketExit.objects.create(
                kind="closed",
                reason="pollution",
                decided_on=dt.date(2015, 5, 1),
                region=region,
                enterprise_name=f"小化工厂{suffix}",
                department=department,
            ),
            "agency": Agency.objects.create(
                name=f"检验所{suffix}",
                cma_number=f"15061234567{suffix}",
                scope="食品",
                region=region,
                valid_until=dt.date(2019, 1, 1),
                department=zjj,
            ),
        }

    return {"own": make(county, "1"), "other": make(other_county, "2")}
