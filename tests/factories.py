"""Factories every app's tests share; each app's own live in `tests/<app>/factories.py`."""

import factory

from organizations.models import Enterprise, Region
from organizations.uscc import make_uscc


class EnterpriseFactory(factory.django.DjangoModelFactory):
    """An enterprise of 兴隆台区 with a valid credit code under 91211100MA…, a prefix no test writes by hand."""

    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"盘锦测试{n}号有限公司")
    uscc = factory.Sequence(lambda n: make_uscc(f"91211100MA{n:07d}"))
    region = factory.LazyFunction(lambda: Region.objects.get(code="211103"))
    industry = "食品制造"
