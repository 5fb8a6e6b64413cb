from __future__ import annotations

from rest_framework import serializers

from organizations.models import Department, Region
from plans import services
from plans.models import Plan, PlanItem, PlanProgress
from targets.choices import ProgressStatus
from targets.models import KeyTask

COUNTIES = Region.objects.counties()


class PlanItemSerializer(serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    year = serializers.IntegerField(source="plan.year", read_only=True)
    key_task = serializers.SlugRelatedField(
        slug_field="clause",
        queryset=KeyTask.objects.all(),
        required=False,
        allow_null=True,
        help_text="重点工作的条款，如 三(一)1",
    )
    lead_department = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), required=False, allow_null=True
    )
    lead_region = serializers.SlugRelatedField(
        slug_field="code", queryset=COUNTIES, required=False, allow_null=True
    )
    supporting_departments = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), many=True, required=False
    )
    supporting_regions = serializers.SlugRelatedField(
        slug_field="code", queryset=COUNTIES, many=True, required=False
    )

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "plan",
            "year",
            "number",
            "task",
            "clause",
            "key_task",
            "lead_department",
            "lead_region",
            "supporting_departments",
            "supporting_regions",
            "deadline",
            "output",
            "status",
            "progress",
        ]
        read_only_fields = ["status", "progress"]

    def _save(self, item: PlanItem, validated_data):
        departments = validated_data.pop("supporting_departments", None)
        regions = validated_data.pop("supporting_regions", None)
        for key, value in validated_data.items():
            setattr(item, key, value)
        keep = item.pk is not None
        return services.plan_item_save(
            item=item,
            user=self.context["request"].user,
            supporting_departments=departments
            if departments is not None
            else (item.supporting_departments.all() if keep else []),
            supporting_regions=regions
            if regions is not None
            else (item.supporting_regions.all() if keep else []),
        )

    def create(self, validated_data):
        return self._save(PlanItem(), validated_data)

    def update(self, instance, validated_data):
        return self._save(instance, validated_data)


class PlanSerializer(serializers.ModelSerializer):
    items = PlanItemSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "year", "title", "document_no", "issued_on", "items"]

    def create(self, validated_data):
        return services.plan_save(plan=Plan(**validated_data), user=self.context["request"].user)

    def update(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.plan_save(plan=instance, user=self.context["request"].user)


class ProgressReportSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProgressStatus.choices)
    text = serializers.CharField(max_length=4000)
    reported_on = serializers.DateField(required=False)


class PlanProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanProgress
        fields = ["id", "item", "reported_on", "status", "text", "evidence_name"]
