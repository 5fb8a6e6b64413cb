from __future__ import annotations

from django.db.models import Prefetch

from core.api.viewsets import ScopedModelViewSet
from foundations import filtersets
from foundations.api import serializers
from foundations.models import (
    Agency,
    CultureEvent,
    CultureEvidence,
    MarketExit,
    MetrologyRecord,
    QualityStaff,
    Standard,
)


class StandardViewSet(ScopedModelViewSet):
    """Standards drafted or adopted by enterprises, and 标准化示范区 / 试点."""

    queryset = Standard.objects.select_related("region", "department")
    serializer_class = serializers.StandardSerializer
    filterset_class = filtersets.StandardFilterSet


class AgencyViewSet(ScopedModelViewSet):
    """Testing agencies with their CMA accreditation (a published register: everyone signed in reads it)."""

    queryset = Agency.objects.select_related("region", "department")
    serializer_class = serializers.AgencySerializer
    filterset_class = filtersets.AgencyFilterSet


class MetrologyViewSet(ScopedModelViewSet):
    """强制检定 per year, county and field."""

    queryset = MetrologyRecord.objects.select_related("region", "department")
    serializer_class = serializers.MetrologySerializer
    filterset_class = filtersets.MetrologyFilterSet


class QualityStaffViewSet(ScopedModelViewSet):
    """首席质量官 and trained staff per enterprise and year."""

    queryset = QualityStaff.objects.select_related("enterprise__region", "department")
    serializer_class = serializers.QualityStaffSerializer
    filterset_class = filtersets.QualityStaffFilterSet


class CultureEventViewSet(ScopedModelViewSet):
    """质量月 and other quality-culture events; evidence files are uploaded and downloaded on the web page."""

    queryset = CultureEvent.objects.select_related("region", "department").prefetch_related(
        Prefetch("evidence", queryset=CultureEvidence.objects.order_by("uploaded_at", "pk"))
    )
    serializer_class = serializers.CultureEventSerializer
    filterset_class = filtersets.CultureEventFilterSet


class MarketExitViewSet(ScopedModelViewSet):
    """Market exits (准入退出): licences cancelled and enterprises closed, by county and reason."""

    queryset = MarketExit.objects.select_related("region", "department")
    serializer_class = serializers.MarketExitSerializer
    filterset_class = filtersets.MarketExitFilterSet
