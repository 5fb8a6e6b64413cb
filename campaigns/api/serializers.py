from __future__ import annotations

from rest_framework import serializers

from campaigns import services
from campaigns.models import Campaign, Case
from organizations.models import Department, Enterprise, Region

CURRENT_REGIONS = Region.objects.filter(valid_until__isnull=True)


class CampaignSerializer(serializers.ModelSerializer):
    lead = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Department.objects.all(),
        error_messages={"does_not_exist": "成员单位代码“{value}”不存在。"},
    )
    supporting = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), many=True, required=False
    )
    regions = serializers.SlugRelatedField(
        slug_field="code",
        queryset=CURRENT_REGIONS,
        many=True,
        required=False,
        help_text="开展县区；空表示全市",
    )

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "kind",
            "starts_on",
            "ends_on",
            "lead",
            "supporting",
            "regions",
            "products",
            "notes",
        ]

    def _save(self, campaign: Campaign, validated_data):
        supporting = validated_data.pop("supporting", None)
        regions = validated_data.pop("regions", None)
        for key, value in validated_data.items():
            setattr(campaign, key, value)
        keep = campaign.pk is not None
        return services.campaign_save(
            campaign=campaign,
            user=self.context["request"].user,
            supporting=supporting if supporting is not None else (campaign.supporting.all() if keep else []),
            regions=regions if regions is not None else (campaign.regions.all() if keep else []),
        )

    def create(self, validated_data):
        return self._save(Campaign(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


class CaseSerializer(serializers.ModelSerializer):
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all())
    kind = serializers.CharField(source="campaign.kind", read_only=True)
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=CURRENT_REGIONS,
        error_messages={"does_not_exist": "地区代码“{value}”不存在或已停用。"},
    )
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "campaign",
            "kind",
            "region",
            "number",
            "cause",
            "product",
            "enterprise",
            "party",
            "opened_on",
            "goods_value",
            "fines",
            "referred_to_police",
            "major",
            "notes",
        ]

    def create(self, validated_data):
        return services.case_save(case=Case(**validated_data), user=self.context["request"].user)

    def update(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.case_save(case=instance, user=self.context["request"].user)
