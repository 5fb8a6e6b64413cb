from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from plans import filtersets, selectors, services
from plans.api import serializers
from plans.models import Plan, PlanProgress


class PlanViewSet(ScopedModelViewSet):
    """Each year's action plan with its items; the office writes it."""

    queryset = Plan.objects.prefetch_related(
        "items__supporting_departments",
        "items__supporting_regions",
        "items__lead_department",
        "items__lead_region",
        "items__key_task",
    )
    serializer_class = serializers.PlanSerializer
    filterset_class = filtersets.PlanFilterSet
    write_capability = "plans.manage"
    lookup_value_regex = r"\d+"


class PlanItemViewSet(ScopedModelViewSet):
    """Plan items (`?year=`); the office writes them, the lead unit reports progress (`…/{id}/progress/`)."""

    queryset = selectors.items_with_units()
    serializer_class = serializers.PlanItemSerializer
    filterset_class = filtersets.PlanItemFilterSet

    @property
    def write_capability(self) -> str:
        # Reporting progress is the lead unit's (plans.report); editing the plan is the office's.
        return "plans.report" if self.action == "progress" else "plans.manage"

    @extend_schema(request=serializers.ProgressReportSerializer, responses=serializers.PlanProgressSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        item = self.get_object()
        data = serializers.ProgressReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.plan_progress_report(item=item, user=request.user, **data.validated_data)
        return Response(serializers.PlanProgressSerializer(report).data, status=status.HTTP_201_CREATED)


class PlanProgressViewSet(ScopedReadOnlyViewSet):
    """Progress reports: the lead unit sees its own, the office and leaders all."""

    queryset = PlanProgress.objects.select_related("item")
    serializer_class = serializers.PlanProgressSerializer
    filterset_class = filtersets.PlanProgressFilterSet
