from __future__ import annotations

from campaigns import filtersets
from campaigns.api import serializers
from campaigns.models import Campaign, Case
from core.api.viewsets import ScopedModelViewSet


class CampaignViewSet(ScopedModelViewSet):
    """Campaigns (打假治劣, 专项整治); the lead department or the office writes them."""

    queryset = Campaign.objects.select_related("lead").prefetch_related("supporting", "regions")
    serializer_class = serializers.CampaignSerializer
    filterset_class = filtersets.CampaignFilterSet
    write_capability = "campaigns.manage"


class CaseViewSet(ScopedModelViewSet):
    """Cases under a campaign; a county files its own, the campaign's lead department sees them all."""

    queryset = Case.objects.select_related("campaign", "region")
    serializer_class = serializers.CaseSerializer
    filterset_class = filtersets.CaseFilterSet
    write_capability = "campaigns.enter_cases"
