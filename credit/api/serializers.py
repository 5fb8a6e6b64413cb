from __future__ import annotations

from rest_framework import serializers

from core import credit_events
from credit import services
from credit.models import BlacklistEntry, CreditRating, Penalty
from organizations.models import Department, Enterprise, Region
from organizations.uscc import USCC_REGEX


def _code_field(model, slug: str, **kwargs):
    return serializers.SlugRelatedField(
        slug_field=slug,
        queryset=model.objects.all(),
        error_messages={"does_not_exist": f"{model._meta.verbose_name}“{{value}}”不存在。"},
        **kwargs,
    )


class _PublicRecordSerializer(serializers.ModelSerializer):
    """Enterprise by credit code, region (default: the enterprise's) and department by code."""

    enterprise = _code_field(Enterprise, "uscc", help_text="企业的统一社会信用代码（须已在企业库中）")
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    region = _code_field(Region, "code", required=False, help_text="地区代码；留空取企业所在地区")
    department = _code_field(Department, "code")


class PenaltySerializer(_PublicRecordSerializer):
    authority_uscc = serializers.RegexField(
        rf"^(?:{USCC_REGEX[1:-1]})?$",
        required=False,
        allow_blank=True,
        max_length=18,
        help_text="处罚机关的统一社会信用代码（18位数字或大写字母），可留空",
        error_messages={"invalid": "统一社会信用代码应为18位数字或大写字母。"},
    )

    class Meta:
        model = Penalty
        fields = [
            "id",
            "decision_number",
            "enterprise",
            "enterprise_name",
            "subject_kind",
            "legal_representative",
            "region",
            "department",
            "authority_uscc",
            "cause",
            "facts",
            "basis",
            "category",
            "content",
            "fine",
            "confiscated",
            "decided_on",
            "valid_until",
            "publish_until",
            "published",
            "published_on",
            "notes",
        ]

    def create(self, validated_data):
        return services.penalty_save(penalty=Penalty(**validated_data))

    def update(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.penalty_save(penalty=instance)


class BlacklistSerializer(_PublicRecordSerializer):
    class Meta:
        model = BlacklistEntry
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "legal_representative",
            "region",
            "department",
            "listed_on",
            "reason",
            "document",
            "removed_on",
            "repair_document",
            "repair_reason",
            "published",
            "published_on",
            "notes",
        ]
        # Leaving the list is 信用修复, a step of its own (…/remove/).
        read_only_fields = ["removed_on", "repair_document", "repair_reason"]

    def create(self, validated_data):
        return services.blacklist_save(entry=BlacklistEntry(**validated_data))

    def update(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.blacklist_save(entry=instance)


class RemoveSerializer(serializers.Serializer):
    removed_on = serializers.DateField(help_text="移出日期（信用修复日期）")
    document = serializers.CharField(max_length=100, help_text="信用修复文书号")
    reason = serializers.CharField(max_length=2000, help_text="信用修复理由")


class RatingSerializer(serializers.ModelSerializer):
    enterprise = serializers.CharField(source="enterprise.uscc", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    year = serializers.SerializerMethodField()
    grade_label = serializers.CharField(source="get_grade_display", read_only=True)
    computed_at = serializers.DateTimeField(source="run.finished_at", read_only=True)
    reasons = serializers.SerializerMethodField(
        help_text="评级理由：规则、作用、件数和（您有权查看的）信用事件"
    )

    class Meta:
        model = CreditRating
        fields = [
            "enterprise",
            "enterprise_name",
            "region",
            "year",
            "grade",
            "grade_label",
            "score",
            "blacklisted",
            "negative_events",
            "positive_events",
            "reasons",
            "computed_at",
        ]

    def get_year(self, rating: CreditRating) -> int:
        return int(rating.period)

    def get_reasons(self, rating: CreditRating) -> list[dict]:
        return credit_events.visible_reasons(self.context["request"].user, rating.reasons)
