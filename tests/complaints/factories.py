import datetime as dt

import factory
from django.utils import timezone

from complaints import services
from complaints.models import Complaint, Hotline
from organizations.models import Region

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


class ComplaintFactory(factory.django.DjangoModelFactory):
    """A complaint received through the service (status, department and deadline as in real life)."""

    class Meta:
        model = Complaint

    number = factory.Sequence(lambda n: f"T{n:06d}")
    hotline = factory.LazyFunction(lambda: Hotline.objects.get(code="12365"))
    received_at = factory.LazyFunction(timezone.now)
    kind = "complaint"
    domain = "product"
    region = factory.LazyFunction(lambda: Region.objects.get(code="211103"))
    subject = factory.Sequence(lambda n: f"测试诉求 {n}")
    complainant_name = "张三"
    complainant_phone = "13812341234"

    @classmethod
    def _create(cls, model_class, *args, user=None, **kwargs):
        return services.complaint_receive(complaint=model_class(**kwargs), user=user)


def local(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=SHANGHAI)
