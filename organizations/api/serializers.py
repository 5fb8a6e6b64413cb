from django.core.validators import RegexValidator
from rest_framework import serializers

from organizations.models import Department, Enterprise, Region
from organizations.uscc import USCC_REGEX, normalize_uscc


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    successor = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "kind", "parent", "national_code", "valid_from", "valid_until", "successor"]


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["code", "short_name", "name", "group_role", "member_name", "member_title", "is_office"]


class UsccFieldMixin:
    """A model serializer's `uscc`: normalised as people type it, its length and alphabet a pattern the schema
    shows (the model's validate_uscc also checks the check character)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uscc"].validators.append(
            RegexValidator(USCC_REGEX, "统一社会信用代码应为18位数字或大写字母。")
        )

    def to_internal_value(self, data):
        if isinstance(data, dict) and "uscc" in data:
            data = {**data, "uscc": normalize_uscc(data["uscc"])}
        return super().to_internal_value(data)


class EnterpriseSerializer(UsccFieldMixin, serializers.ModelSerializer):
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(valid_until__isnull=True),
        error_messages={"does_not_exist": "地区代码“{value}”不存在或已停用。"},
    )

    class Meta:
        model = Enterprise
        fields = ["id", "name", "uscc", "region", "industry", "address"]
