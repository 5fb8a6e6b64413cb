from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from rest_framework.exceptions import PermissionDenied

from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from targets import filtersets, selectors, services
from targets.api import serializers
from targets.models import Measurement, Target


class TargetViewSet(ScopedReadOnlyViewSet):
    """The policy's targets for 2015 and 2020."""

    queryset = Target.objects.select_related("indicator__department")
    serializer_class = serializers.TargetSerializer
    filterset_class = filtersets.TargetFilterSet
    lookup_field = "code"


class AttainmentViewSet(ScopedReadOnlyViewSet):
    """Attainment per target, region and year from the current statistics run (`?year=2015&region=211103`)."""

    serializer_class = serializers.AttainmentSerializer
    filterset_class = filtersets.AttainmentFilterSet

    def get_queryset(self):
        return (
            selectors.attainment_rows(self.request.user)
            .select_related("run")
            .order_by("period", "target__year", "target__sort_order", "region__sort_order")
        )


class MeasurementViewSet(ScopedModelViewSet):
    """Values of manual indicators; derived indicators answer 400 naming their source."""

    queryset = Measurement.objects.select_related("indicator", "region")
    serializer_class = serializers.MeasurementSerializer
    filterset_class = filtersets.MeasurementFilterSet
    write_capability = "targets.enter"

    def _save(self, serializer, measurement=None) -> None:
        data = {**serializer.validated_data}
        if measurement is not None:
            for key in (
                "indicator",
                "region",
                "period",
                "value",
                "numerator",
                "denominator",
                "source",
                "note",
            ):
                data.setdefault(key, getattr(measurement, key))
        try:
            serializer.instance = services.measurement_save(
                user=self.request.user,
                indicator=data["indicator"],
                region=data["region"],
                period=data["period"],
                value=data.get("value"),
                numerator=data.get("numerator"),
                denominator=data.get("denominator"),
                source=data.get("source", ""),
                note=data.get("note", ""),
                measurement=measurement,
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc

    def perform_create(self, serializer) -> None:
        self._save(serializer)

    def perform_update(self, serializer) -> None:
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance) -> None:
        try:
            services.measurement_delete(user=self.request.user, measurement=instance)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
