from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from credit import filtersets, services
from credit.api import serializers
from credit.models import BlacklistEntry, CreditRating, Penalty


class PenaltyViewSet(ScopedModelViewSet):
    """Administrative penalties: the office and the deciding unit write; published ones are public data."""

    queryset = Penalty.objects.select_related("enterprise", "region", "department")
    serializer_class = serializers.PenaltySerializer
    filterset_class = filtersets.PenaltyFilterSet
    write_capability = "credit.enter"


class BlacklistViewSet(ScopedModelViewSet):
    """The 严重失信名单; an enterprise leaves it by 信用修复 (…/remove/), never by deleting the entry."""

    queryset = BlacklistEntry.objects.select_related("enterprise", "region", "department")
    serializer_class = serializers.BlacklistSerializer
    filterset_class = filtersets.BlacklistFilterSet
    write_capability = "credit.enter"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @extend_schema(request=serializers.RemoveSerializer, responses=serializers.BlacklistSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        entry = self.get_object()
        data = serializers.RemoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.blacklist_remove(entry=entry, **data.validated_data)
        return Response(self.get_serializer(entry).data)


class RatingViewSet(ScopedReadOnlyViewSet):
    """The current ratings: `?enterprise=<credit code>&year=`."""

    queryset = CreditRating.objects.current().select_related("enterprise", "region", "run")
    serializer_class = serializers.RatingSerializer
    filterset_class = filtersets.RatingFilterSet
