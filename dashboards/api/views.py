from rest_framework import mixins, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from core import stats
from core.api.viewsets import ScopedReadOnlyViewSet
from core.models import Statistic, StatsRun
from dashboards import filtersets, services
from dashboards.api import serializers


class RunAlreadyActiveError(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "run_active"


class RunNotQueuedError(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "broker_unavailable"


class StatisticViewSet(ScopedReadOnlyViewSet):
    """The current run's figures (what the dashboards show), filtered by metric, region, period and dimensions."""

    queryset = Statistic.objects.current().select_related("region", "run")
    serializer_class = serializers.StatisticSerializer
    filterset_class = filtersets.StatisticFilterSet


class StatsRunViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """The run log; POST `{"scope": "full" | "current"}` queues a recompute (409 while one is active)."""

    queryset = StatsRun.objects.select_related("started_by")
    serializer_class = serializers.StatsRunSerializer
    filterset_class = filtersets.StatsRunFilterSet
    write_capability = "stats.run"

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            run = services.run_start(user=request.user, scope=serializer.validated_data["scope"])
        except stats.RunAlreadyActive as exc:
            raise RunAlreadyActiveError(str(exc)) from exc
        except stats.RunNotQueued as exc:
            raise RunNotQueuedError(str(exc)) from exc
        return Response(self.get_serializer(run).data, status=status.HTTP_202_ACCEPTED)
