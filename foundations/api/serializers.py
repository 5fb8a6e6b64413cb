from __future__ import annotations

from rest_framework import serializers

from foundations import services
from foundations.models import (
    Agency,
    CultureEvent,
    CultureEvidence,
    MarketExit,
    MetrologyRecord,
    QualityStaff,
    Standard,
)
from organizations.models import Department, Enterprise, Region


def _region(**kwargs):
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(valid_until__isnull=True),
        error_messages={"does_not_exist": "地区代码“{value}”不存在。"},
        **kwargs,
    )


class RegisterSerializer(serializers.ModelSerializer):
    """A register row; `department` (the entering unit's code) defaults to the user's unit, or the register's
    first for the office. Writes go through `services.register_save`, as the web form's do."""

    department = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Department.objects.all(),
        required=False,
        error_messages={"does_not_exist": "单位代码“{value}”不存在。"},
    )

    def create(self, validated_data):
        obj = self.Meta.model(**validated_data)
        return services.register_save(obj=obj, user=self.context["request"].user)

    def update(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.register_save(obj=instance, user=self.context["request"].user)


class StandardSerializer(RegisterSerializer):
    region = _region()
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Standard
        fields = [
            "id",
            "year",
            "kind",
            "level",
            "code",
            "title",
            "enterprise",
            "holder_name",
            "region",
            "published_on",
            "department",
            "notes",
        ]


class AgencySerializer(RegisterSerializer):
    region = _region()

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "cma_number",
            "scope",
            "region",
            "valid_from",
            "valid_until",
            "department",
            "notes",
        ]


class MetrologySerializer(RegisterSerializer):
    region = _region()
    rate = serializers.SerializerMethodField(help_text="合格率（%，两位小数）；检定台件数为 0 时为 null")

    class Meta:
        model = MetrologyRecord
        fields = ["id", "year", "region", "category", "verified", "passed", "rate", "department", "notes"]

    def get_rate(self, record: MetrologyRecord) -> float | None:
        return round(record.passed * 100 / record.verified, 2) if record.verified else None


class QualityStaffSerializer(RegisterSerializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    region = serializers.CharField(source="enterprise.region.code", read_only=True)

    class Meta:
        model = QualityStaff
        fields = [
            "id",
            "year",
            "enterprise",
            "region",
            "chief_officer",
            "trained",
            "qualified",
            "department",
            "notes",
        ]


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = CultureEvidence
        fields = ["id", "name", "uploaded_at"]


class CultureEventSerializer(RegisterSerializer):
    region = _region(help_text="全市性活动为盘锦市的代码")
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = CultureEvent
        fields = [
            "id",
            "title",
            "kind",
            "region",
            "held_on",
            "organizer",
            "participants",
            "summary",
            "department",
            "evidence",
        ]


class MarketExitSerializer(RegisterSerializer):
    region = _region()
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = MarketExit
        fields = [
            "id",
            "kind",
            "reason",
            "decided_on",
            "region",
            "enterprise",
            "enterprise_name",
            "licence_no",
            "product",
            "decision_no",
            "department",
            "notes",
        ]
