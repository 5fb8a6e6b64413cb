from __future__ import annotations

from core.api.viewsets import ScopedModelViewSet
from surveys import filtersets
from surveys.api import serializers
from surveys.models import Survey


class SurveyViewSet(ScopedModelViewSet):
    """Satisfaction surveys; the organising unit (服务业委, 住建委) or the office writes them."""

    queryset = Survey.objects.select_related("region", "department")
    serializer_class = serializers.SurveySerializer
    filterset_class = filtersets.SurveyFilterSet
    write_capability = "surveys.enter"
