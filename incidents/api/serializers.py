from rest_framework import serializers

from incidents import services
from incidents.models import Accountability, Incident
from organizations.models import Enterprise, Region


class AccountabilitySerializer(serializers.ModelSerializer):
    incident = serializers.PrimaryKeyRelatedField(queryset=Incident.objects.all())

    class Meta:
        model = Accountability
        fields = [
            "id",
            "incident",
            "party_kind",
            "name",
            "affiliation",
            "measure",
            "decided_on",
            "document_no",
        ]

    def create(self, validated_data):
        return services.accountability_save(
            accountability=Accountability(**validated_data), user=self.context["request"].user
        )

    def update(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.accountability_save(accountability=instance, user=self.context["request"].user)


class IncidentSerializer(serializers.ModelSerializer):
    """An incident; `vetoes` is true for a 区域性 or 系统性 one, `veto_active` until the office lifts it."""

    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.counties(),
        error_messages={"does_not_exist": "县区代码“{value}”不存在或已停用。"},
    )
    enterprise = serializers.SlugRelatedField(
        slug_field="uscc",
        queryset=Enterprise.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": "统一社会信用代码“{value}”不在企业库中。"},
    )
    vetoes = serializers.BooleanField(read_only=True)
    veto_active = serializers.BooleanField(read_only=True)
    accountabilities = AccountabilitySerializer(many=True, read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "title",
            "occurred_on",
            "region",
            "domain",
            "grade",
            "regional",
            "systemic",
            "enterprise",
            "summary",
            "response",
            "investigation",
            "status",
            "vetoes",
            "veto_active",
            "veto_lifted_at",
            "veto_lift_reason",
            "accountabilities",
        ]
        read_only_fields = ["veto_lifted_at", "veto_lift_reason"]

    def create(self, validated_data):
        return services.incident_save(incident=Incident(**validated_data), user=self.context["request"].user)

    def update(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.incident_save(incident=instance, user=self.context["request"].user)


class LiftSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)
