from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from accounts import policy
from brands import services
from brands.models import Application, Assignment, Award, AwardType, Criterion, EvaluationRound, Score
from organizations.models import Enterprise


class AwardTypeSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = AwardType
        fields = ["code", "name", "awarding_body", "subject", "default_validity_years", "department"]


class AwardSerializer(serializers.ModelSerializer):
    award_type = serializers.SlugRelatedField(
        slug_field="code",
        queryset=AwardType.objects.all(),
        error_messages={"does_not_exist": "奖项类型代码“{value}”不存在。"},
    )
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    region = serializers.CharField(source="enterprise.region.code", read_only=True)
    state = serializers.SerializerMethodField(help_text="今日状态：valid、expired、revoked、pending")
    round = serializers.IntegerField(source="application.round_id", read_only=True, default=None)

    class Meta:
        model = Award
        fields = [
            "id",
            "award_type",
            "enterprise",
            "enterprise_name",
            "region",
            "product",
            "year",
            "certificate_no",
            "valid_from",
            "valid_until",
            "revoked_on",
            "revoke_reason",
            "reward_amount",
            "reward_paid_on",
            "notes",
            "state",
            "round",
        ]
        read_only_fields = ["revoked_on", "revoke_reason"]

    def get_state(self, award: Award) -> str:
        return award.state_on(timezone.localdate())

    def create(self, validated_data):
        return services.award_save(award=Award(**validated_data), user=self.context["request"].user)

    def update(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.award_save(award=instance, user=self.context["request"].user)


class RevokeSerializer(serializers.Serializer):
    revoked_on = serializers.DateField()
    reason = serializers.CharField(max_length=200)


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "code", "name", "max_points"]


class RoundSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = EvaluationRound
        fields = [
            "id",
            "year",
            "title",
            "quota",
            "applications_open",
            "applications_close",
            "scoring_due",
            "announce_on",
            "reward_amount",
            "status",
            "decided_on",
            "notes",
            "criteria",
        ]
        read_only_fields = ["status", "decided_on"]

    def create(self, validated_data):
        return services.round_create(round=EvaluationRound(**validated_data))

    def update(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.round_update(round=instance)


class PointsSerializer(serializers.Serializer):
    points = serializers.DictField(child=serializers.IntegerField(min_value=1, max_value=1000))


class DecideSerializer(serializers.Serializer):
    winners = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=False, help_text="获奖申报的 id"
    )
    decided_on = serializers.DateField(required=False)


class ApplicationSerializer(serializers.ModelSerializer):
    round = serializers.PrimaryKeyRelatedField(queryset=EvaluationRound.objects.all())
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    region = serializers.CharField(source="enterprise.region.code", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "round",
            "enterprise",
            "enterprise_name",
            "region",
            "submitted_on",
            "contact",
            "summary",
            "status",
            "screening_note",
            "final_score",
            "rank",
        ]
        read_only_fields = ["status", "screening_note", "final_score", "rank"]

    def create(self, validated_data):
        return services.application_submit(application=Application(**validated_data))


class ScreenSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AssignmentSerializer(serializers.ModelSerializer):
    expert = serializers.CharField(source="expert.name", read_only=True)
    enterprise_name = serializers.CharField(source="application.enterprise.name", read_only=True)
    round = serializers.IntegerField(source="application.round_id", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "round", "application", "enterprise_name", "expert"]


class OwnAssignmentField(serializers.PrimaryKeyRelatedField):
    """Only assignments the user may score: their own (or every one, for the office)."""

    def get_queryset(self):
        return Assignment.objects.for_user(self.context["request"].user, policy.CHANGE)


class ScoreSerializer(serializers.ModelSerializer):
    assignment = OwnAssignmentField()
    criterion = serializers.PrimaryKeyRelatedField(queryset=Criterion.objects.all())

    class Meta:
        model = Score
        fields = ["id", "assignment", "criterion", "points", "comment", "updated_at"]
        # Writing the same category twice corrects the score: the service updates instead of failing.
        validators: list = []

    def create(self, validated_data):
        return services.score_record(**validated_data)

    def update(self, instance, validated_data):
        return services.score_record(
            assignment=validated_data.get("assignment", instance.assignment),
            criterion=validated_data.get("criterion", instance.criterion),
            points=validated_data.get("points", instance.points),
            comment=validated_data.get("comment", instance.comment),
        )
