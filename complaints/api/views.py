from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from complaints import filtersets, services
from complaints.api import serializers
from complaints.models import Complaint, Hotline
from complaints.privacy import with_personal_visibility
from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet


class HotlineViewSet(ScopedReadOnlyViewSet):
    queryset = Hotline.objects.select_related("department").prefetch_related("limits")
    serializer_class = serializers.HotlineSerializer
    lookup_field = "code"
    pagination_class = None


class ComplaintViewSet(ScopedModelViewSet):
    """Complaints in the user's scope; the complainant is masked for those who do not handle the complaint."""

    queryset = Complaint.objects.select_related("hotline", "region", "department", "enterprise")
    serializer_class = serializers.ComplaintSerializer
    filterset_class = filtersets.ComplaintFilterSet
    write_capability = "complaints.receive"
    # No DELETE: a complaint leaves only through its lifecycle (rejected with a reason), as on the web.
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return with_personal_visibility(super().get_queryset(), self.request.user)

    @extend_schema(request=serializers.TransitionRequestSerializer, responses=serializers.ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the complaint along its lifecycle, or take a step that keeps its status (延期 extend, 中止 pause,
        恢复 resume, 督办 supervise, 回访 visit); 400 with a Chinese message when the step is not allowed."""
        complaint = self.get_object()
        step = serializers.TransitionRequestSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        complaint = services.complaint_step(complaint=complaint, user=request.user, **step.validated_data)
        complaint = self.get_queryset().filter(pk=complaint.pk).first() or complaint
        return Response(self.get_serializer(complaint).data)

    @extend_schema(responses=serializers.TransitionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def transitions(self, request, pk=None):
        """The complaint's lifecycle: every step with who and when."""
        complaint = self.get_object()
        steps = complaint.transitions.select_related("user")
        return Response(serializers.TransitionSerializer(steps, many=True).data)
