import factory
from django.utils import timezone

from core.models import RunStatus, Statistic, StatsRun


class StatsRunFactory(factory.django.DjangoModelFactory):
    """A finished, current run (the one the dashboards read)."""

    class Meta:
        model = StatsRun

    status = RunStatus.SUCCEEDED
    is_current = True
    trigger = "test"
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyFunction(timezone.now)


class StatisticFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statistic

    run = factory.SubFactory(StatsRunFactory)
    metric = "inspections.pass_rate"
    period = "2015"
