from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet
from incidents import filtersets, services
from incidents.api import serializers
from incidents.models import Accountability, Incident


class AccountabilityViewSet(ScopedModelViewSet):
    """责任追究 records of the incidents in the user's scope."""

    queryset = Accountability.objects.select_related("incident")
    serializer_class = serializers.AccountabilitySerializer
    # Added as on the incident's page, which has no edit or delete for them either.
    http_method_names = ["get", "post", "head", "options"]


class IncidentViewSet(ScopedModelViewSet):
    """Quality-safety incidents; a county sees its own. The veto is lifted by the office with a reason."""

    queryset = Incident.objects.select_related("region", "enterprise").prefetch_related("accountabilities")
    serializer_class = serializers.IncidentSerializer
    filterset_class = filtersets.IncidentFilterSet

    def perform_destroy(self, instance):
        services.incident_delete(incident=instance, user=self.request.user)

    @extend_schema(request=serializers.LiftSerializer, responses=serializers.IncidentSerializer)
    @action(detail=True, methods=["post"], url_path="lift-veto")
    def lift_veto(self, request, pk=None):
        """解除一票否决 (office only): 400 without a reason, or when there is no veto to lift."""
        incident = self.get_object()
        data = serializers.LiftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        incident = services.incident_veto_lift(
            incident=incident, reason=data.validated_data["reason"], user=request.user
        )
        return Response(self.get_serializer(incident).data)
