import factory
from factory.django import DjangoModelFactory

from core.periods import Period
from organizations.models import Region
from targets.models import Indicator, Measurement


class MeasurementFactory(DjangoModelFactory):
    """A value of a seeded manual indicator; pass `indicator` and `region` by code or object."""

    class Meta:
        model = Measurement

    indicator = factory.LazyFunction(lambda: Indicator.objects.get(code="producer_service_satisfaction"))
    region = factory.LazyFunction(lambda: Region.objects.city())
    period = "2015"
    year = factory.LazyAttribute(lambda m: Period.parse(m.period).year)
    value = 86

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if isinstance(kwargs.get("indicator"), str):
            kwargs["indicator"] = Indicator.objects.get(code=kwargs["indicator"])
        if isinstance(kwargs.get("region"), str):
            kwargs["region"] = Region.objects.get(code=kwargs["region"])
        return kwargs
