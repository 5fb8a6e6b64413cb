from rest_framework import serializers

from core.models import RunScope, Statistic, StatsRun


class StatisticSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    rate = serializers.DecimalField(max_digits=7, decimal_places=2, read_only=True, allow_null=True)
    computed_at = serializers.DateTimeField(source="run.finished_at", read_only=True)

    class Meta:
        model = Statistic
        fields = [
            "metric",
            "region",
            "period",
            "dim1",
            "dim2",
            "dim3",
            "numerator",
            "denominator",
            "value",
            "rate",
            "computed_at",
        ]


class StatsRunSerializer(serializers.ModelSerializer):
    scope = serializers.ChoiceField(choices=RunScope.choices, default=RunScope.FULL)
    started_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = StatsRun
        fields = [
            "id",
            "status",
            "scope",
            "trigger",
            "started_by",
            "queued_at",
            "started_at",
            "finished_at",
            "is_current",
            "steps_total",
            "progress_percent",
            "steps",
            "rows",
            "error",
        ]
        read_only_fields = [f for f in fields if f != "scope"]
