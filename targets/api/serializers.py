from decimal import Decimal

from rest_framework import serializers

from organizations.models import Region
from targets.models import Attainment, Indicator, Measurement, Target


class TargetSerializer(serializers.ModelSerializer):
    domain = serializers.CharField(source="indicator.domain", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    department = serializers.CharField(source="indicator.department.code", read_only=True)
    unit_label = serializers.CharField(source="indicator.unit_label", read_only=True)
    caliber = serializers.CharField(
        source="indicator.guidance", read_only=True, help_text="统计口径（指标声明中的一句话）。"
    )

    class Meta:
        model = Target
        fields = [
            "code",
            "name",
            "domain",
            "year",
            "comparator",
            "threshold",
            "tolerance",
            "unit",
            "clause",
            "indicator",
            "wording",
            "scope",
            "department",
            "unit_label",
            "caliber",
        ]


class AttainmentSerializer(serializers.ModelSerializer):
    target = serializers.CharField(source="target.code", read_only=True)
    region = serializers.CharField(source="region.code", read_only=True)
    computed_at = serializers.DateTimeField(source="run.finished_at", read_only=True)
    unit = serializers.CharField(
        source="target.indicator.unit_label", read_only=True, help_text="数值的计量单位。"
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    reason = serializers.CharField(
        read_only=True, help_text="不评判的原因：“已报 4/6 县区”或“年度未完”；已评判的为空。"
    )

    class Meta:
        model = Attainment
        fields = [
            "target",
            "region",
            "period",
            "value",
            "unit",
            "status",
            "status_label",
            "partial",
            "reported",
            "expected",
            "reason",
            "approved",
            "verdict",
            "computed_at",
        ]


class MeasurementSerializer(serializers.ModelSerializer):
    """Validation and locking are the service's (targets.services.measurement_save); errors answer 400 in Chinese."""

    indicator = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Indicator.objects.all(),
        error_messages={"does_not_exist": "指标代码“{value}”不存在。"},
    )
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.all(),
        error_messages={"does_not_exist": "地区代码“{value}”不存在。"},
    )
    period = serializers.CharField(max_length=10)
    value = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    numerator = serializers.DecimalField(max_digits=16, decimal_places=4, required=False, allow_null=True)
    denominator = serializers.DecimalField(max_digits=16, decimal_places=4, required=False, allow_null=True)

    class Meta:
        model = Measurement
        fields = [
            "id",
            "indicator",
            "region",
            "period",
            "value",
            "numerator",
            "denominator",
            "source",
            "note",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
        # Uniqueness is checked by the service, with the message that says to edit instead.
        validators: list = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for key in ("value", "numerator", "denominator"):
            if data[key] is not None:
                data[key] = f"{Decimal(data[key]).normalize():f}"
        return data
