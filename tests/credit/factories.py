import datetime as dt
from decimal import Decimal

import factory

from credit.choices import PenaltyCategory
from credit.models import BlacklistEntry, Penalty
from organizations.models import Department
from tests.factories import EnterpriseFactory


class PenaltyFactory(factory.django.DjangoModelFactory):
    """A 质监局 fine, unpublished, in the enterprise's county."""

    class Meta:
        model = Penalty

    decision_number = factory.Sequence(lambda n: f"盘质监罚字〔2016〕{n}号")
    enterprise = factory.SubFactory(EnterpriseFactory)
    region = factory.LazyAttribute(lambda o: o.enterprise.region)
    department = factory.LazyFunction(lambda: Department.objects.get(code="zjj"))
    cause = "生产销售不合格产品"
    facts = "监督抽查不合格"
    basis = "《中华人民共和国产品质量法》第四十九条"
    category = PenaltyCategory.FINE
    content = "罚款"
    fine = Decimal("2.5")
    decided_on = dt.date(2016, 5, 10)


class BlacklistEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlacklistEntry

    enterprise = factory.SubFactory(EnterpriseFactory)
    region = factory.LazyAttribute(lambda o: o.enterprise.region)
    department = factory.LazyFunction(lambda: Department.objects.get(code="zjj"))
    listed_on = dt.date(2016, 6, 1)
    reason = "以不合格产品冒充合格产品，情节严重"
    document = factory.Sequence(lambda n: f"盘质监信字〔2016〕{n}号")
