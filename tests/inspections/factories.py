import datetime as dt

import factory

from inspections.choices import Conclusion, Level, ProjectSize
from inspections.models import AcceptanceRecord, Inspector, ProductClass, SpotCheckResult
from organizations.models import Department, Region


class SpotCheckResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpotCheckResult

    level = Level.MUNICIPAL
    product_class = factory.LazyFunction(lambda: ProductClass.objects.get(code="food"))
    sampled_on = dt.date(2015, 3, 10)
    product_name = "盘锦大米"
    producer_name = factory.Sequence(lambda n: f"盘锦测试生产{n}有限公司")
    region = factory.LazyFunction(lambda: Region.objects.get(code="211103"))
    department = factory.LazyFunction(lambda: Department.objects.get(code="syj"))
    conclusion = Conclusion.PASS
    failed_items = factory.LazyAttribute(lambda o: "标签" if o.conclusion == Conclusion.FAIL else "")


class InspectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspector

    name = factory.Sequence(lambda n: f"检查员{n}")
    badge_no = factory.Sequence(lambda n: f"辽质监{n:05d}")
    department = factory.LazyFunction(lambda: Department.objects.get(code="zjj"))


class AcceptanceRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcceptanceRecord

    project_name = factory.Sequence(lambda n: f"测试工程{n}号楼")
    size = ProjectSize.LARGE
    region = factory.LazyFunction(lambda: Region.objects.get(code="211103"))
    department = factory.LazyFunction(lambda: Department.objects.get(code="zjw"))
    accepted_on = dt.date(2015, 5, 1)
    first_time_passed = True
