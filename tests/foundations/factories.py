import datetime as dt

import factory

from foundations.models import Agency, CultureEvent, MarketExit, MetrologyRecord, QualityStaff, Standard
from organizations.models import Department, Region
from tests.factories import EnterpriseFactory

_COUNTIES = ["211103", "211122", "211102", "211104"]


def _county(n: int) -> Region:
    return Region.objects.get(code=_COUNTIES[n % len(_COUNTIES)])


def _zjj() -> Department:
    return Department.objects.get(code="zjj")


class RegisterFactory(factory.django.DjangoModelFactory):
    region = factory.Sequence(_county)
    department = factory.LazyFunction(_zjj)


class StandardFactory(RegisterFactory):
    class Meta:
        model = Standard

    year = 2015
    kind = "lead"
    level = "group"
    code = factory.Sequence(lambda n: f"T/PJ {n:04d}-2015")
    title = "盘锦河蟹养殖技术规范"
    holder_name = factory.Sequence(lambda n: f"盘锦示例水产{n}有限公司")


class AgencyFactory(RegisterFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"示例检验检测中心{n}")
    cma_number = factory.Sequence(lambda n: f"1506{n:08d}")
    scope = "食品、农产品"
    valid_until = dt.date(2030, 12, 31)


class MetrologyFactory(RegisterFactory):
    class Meta:
        model = MetrologyRecord

    # Each (year, field) once in 104 rows: a county's rows never repeat one, wherever the region cycle starts.
    year = factory.Sequence(lambda n: 2010 + n % 26)
    category = factory.Sequence(lambda n: ["trade", "safety", "medical", "environment"][n // 26 % 4])
    verified = 100
    passed = 98


class QualityStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualityStaff

    year = 2015
    enterprise = factory.SubFactory(EnterpriseFactory)
    chief_officer = "王某某"
    trained = 12
    department = factory.LazyFunction(_zjj)


class CultureEventFactory(RegisterFactory):
    class Meta:
        model = CultureEvent

    title = "质量月启动仪式"
    kind = "quality_month"
    held_on = dt.date(2015, 9, 1)
    organizer = "质量强市工作领导小组办公室"


class MarketExitFactory(RegisterFactory):
    class Meta:
        model = MarketExit

    kind = "closed"
    reason = "pollution"
    decided_on = dt.date(2015, 6, 1)
    enterprise_name = factory.Sequence(lambda n: f"示例小化工厂{n}")
