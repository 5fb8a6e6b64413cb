from construction import filtersets
from construction.api import serializers
from construction.models import Deposit, Project, ResponsibleUnit, UnitScore
from core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet


class UnitViewSet(ScopedModelViewSet):
    """Responsible units (建设, 勘察, 设计, 施工, 监理); a wrong credit code answers 400."""

    queryset = ResponsibleUnit.objects.select_related("region", "department")
    serializer_class = serializers.UnitSerializer
    filterset_class = filtersets.UnitFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class ProjectViewSet(ScopedModelViewSet):
    queryset = Project.objects.select_related(
        "region", "department", "builder", "surveyor", "designer", "contractor", "supervisor"
    )
    serializer_class = serializers.ProjectSerializer
    filterset_class = filtersets.ProjectFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class RankingViewSet(ScopedReadOnlyViewSet):
    """The 质量信誉排行榜 rows, `?year=`: published years for everyone, drafts for the office and 住建委."""

    queryset = UnitScore.objects.select_related("ranking", "unit").order_by(
        "-ranking__year", "unit__kind", "rank"
    )
    serializer_class = serializers.RankingRowSerializer
    filterset_class = filtersets.ScoreFilterSet


class DepositViewSet(ScopedModelViewSet):
    """Quality deposits per project; returned + forfeited over paid answers 400."""

    queryset = Deposit.objects.select_related("project")
    serializer_class = serializers.DepositSerializer
    filterset_class = filtersets.DepositFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
