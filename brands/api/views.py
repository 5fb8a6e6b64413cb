from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts import policy
from brands import filtersets, selectors, services
from brands.api import serializers
from brands.models import Application, Assignment, Award, AwardType, EvaluationRound, Score
from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet

POINTS_BODY = {
    "application/json": {
        "type": "object",
        "description": "各评审类目（leadership、strategy …）的满分，合计须为 1000。",
        "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 1000},
    }
}


class AwardTypeViewSet(ScopedReadOnlyViewSet):
    queryset = AwardType.objects.select_related("department")
    serializer_class = serializers.AwardTypeSerializer
    filterset_class = filtersets.AwardTypeFilterSet
    lookup_field = "code"


class AwardViewSet(ScopedModelViewSet):
    """Awards; the unit in charge of a type (or the office) writes them. Revocation is an action."""

    queryset = Award.objects.select_related("award_type", "enterprise__region", "application")
    serializer_class = serializers.AwardSerializer
    filterset_class = filtersets.AwardFilterSet
    # No DELETE: an award is revoked with a reason, as on the web.
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @extend_schema(request=serializers.RevokeSerializer, responses=serializers.AwardSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        award = self.get_object()
        data = serializers.RevokeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.award_revoke(
            award=award, revoked_on=data.validated_data["revoked_on"], reason=data.validated_data["reason"]
        )
        return Response(self.get_serializer(award).data)


class RoundViewSet(ScopedModelViewSet):
    """Mayor's quality award rounds; the office (brands.evaluate) runs them through the actions."""

    queryset = EvaluationRound.objects.prefetch_related("criteria")
    serializer_class = serializers.RoundSerializer
    filterset_class = filtersets.RoundFilterSet
    write_capability = "brands.evaluate"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    @extend_schema(request=None, responses=serializers.RoundSerializer)
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request, pk=None):
        evaluation = self.get_object()
        services.round_start_review(round=evaluation)
        return Response(self.get_serializer(evaluation).data)

    # The body is the mapping itself ({"leadership": 100, …}), as the serializer receives it under "points".
    @extend_schema(request=POINTS_BODY, responses=serializers.RoundSerializer)
    @action(detail=True, methods=["post"])
    def points(self, request, pk=None):
        """Maximum points per category code (leadership, strategy, …); they must sum to 1000."""
        evaluation = self.get_object()
        data = serializers.PointsSerializer(data={"points": request.data})
        data.is_valid(raise_exception=True)
        services.round_set_points(round=evaluation, points=data.validated_data["points"])
        return Response(self.get_serializer(evaluation).data)

    @extend_schema(request=serializers.DecideSerializer, responses=serializers.AwardSerializer(many=True))
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        evaluation = self.get_object()
        data = serializers.DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        winners = list(evaluation.applications.filter(pk__in=data.validated_data["winners"]))
        if len(winners) != len(set(data.validated_data["winners"])):
            return Response({"winners": ["获奖申报须属于本轮评审。"]}, status=status.HTTP_400_BAD_REQUEST)
        awards = services.round_decide(
            round=evaluation,
            winners=winners,
            decided_on=data.validated_data.get("decided_on") or timezone.localdate(),
        )
        return Response(serializers.AwardSerializer(awards, many=True).data)

    @action(detail=True, methods=["get"])
    def ranking(self, request, pk=None):
        """Accepted applications by score (trimmed mean of the experts' totals), with each expert's total."""
        if not policy.allowed(request.user, "brands.view_scores"):
            raise PermissionDenied("您的角色无权查看评分。")
        rows = selectors.ranking(self.get_object())
        return Response(
            [
                {
                    "application": r.application.pk,
                    "enterprise_name": r.application.enterprise.name,
                    "experts": r.experts,
                    "complete": r.complete,
                    "totals": r.totals,
                    "score": r.score,
                    "rank": r.rank,
                }
                for r in rows
            ]
        )

    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        """Who has not finished scoring: expert, application, categories scored of all."""
        if not policy.allowed(request.user, "brands.view_scores"):
            raise PermissionDenied("您的角色无权查看评分进度。")
        return Response(
            [
                {
                    "assignment": a.pk,
                    "expert": a.expert.name,
                    "application": a.application_id,
                    "enterprise_name": a.application.enterprise.name,
                    "scored": a.scored,
                    "criteria": a.criteria_count,
                }
                for a in selectors.unfinished_assignments(self.get_object())
            ]
        )


class ApplicationViewSet(ScopedModelViewSet):
    queryset = Application.objects.select_related("enterprise__region", "round")
    serializer_class = serializers.ApplicationSerializer
    filterset_class = filtersets.ApplicationFilterSet
    write_capability = "brands.evaluate"
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=serializers.ScreenSerializer, responses=serializers.ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def screen(self, request, pk=None):
        application = self.get_object()
        data = serializers.ScreenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.application_screen(application=application, **data.validated_data)
        return Response(self.get_serializer(application).data)


class AssignmentViewSet(ScopedReadOnlyViewSet):
    """Scoring tasks: an expert sees their own, the office and leaders every one."""

    queryset = Assignment.objects.select_related("expert", "application__enterprise")
    serializer_class = serializers.AssignmentSerializer
    filterset_class = filtersets.AssignmentFilterSet


class ScoreViewSet(ScopedModelViewSet):
    """Scores: an expert sees and writes only their own; posting a category again corrects it."""

    queryset = Score.objects.select_related("criterion", "assignment")
    serializer_class = serializers.ScoreSerializer
    filterset_class = filtersets.ScoreFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
