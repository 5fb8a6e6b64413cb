from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from organizations.models import Department, Region
from surveys import services
from surveys.models import Survey


class SurveySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(valid_until__isnull=True),
        help_text="测评地区代码：全市测评为 211100，县区测评为该县区代码",
        error_messages={"does_not_exist": "地区代码“{value}”不存在或已停用。"},
    )
    department = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Department.objects.all(),
        error_messages={"does_not_exist": "成员单位代码“{value}”不存在。"},
    )
    report_url = serializers.SerializerMethodField(
        help_text="测评报告的下载地址（经权限检查）；没有报告为 null"
    )

    class Meta:
        model = Survey
        fields = [
            "id",
            "year",
            "sector",
            "region",
            "department",
            "title",
            "method",
            "sample_size",
            "agency",
            "result_kind",
            "result",
            "completed_on",
            "notes",
            "report_url",
        ]

    def get_report_url(self, survey: Survey) -> str | None:
        return reverse("surveys:survey_report", args=[survey.pk]) if survey.report else None

    def create(self, validated_data):
        return services.survey_save(survey=Survey(**validated_data), user=self.context["request"].user)

    def update(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.survey_save(survey=instance, user=self.context["request"].user)
