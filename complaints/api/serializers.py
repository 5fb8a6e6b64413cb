from rest_framework import serializers

from complaints import privacy, services
from complaints.choices import Status
from complaints.models import HOTLINE_RULES, LIFECYCLE, PARTICULARS, Complaint, Hotline, Transition
from organizations.models import Department, Enterprise, Region

CURRENT_REGIONS = Region.objects.filter(valid_until__isnull=True)


class HotlineSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Hotline
        fields = ["code", "name", "department", *HOTLINE_RULES]


class ComplaintSerializer(serializers.ModelSerializer):
    """A complaint; the complainant's name and phone are masked for users who do not handle it."""

    hotline = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Hotline.objects.all(),
        error_messages={"does_not_exist": "热线“{value}”不存在。"},
    )
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=CURRENT_REGIONS,
        error_messages={"does_not_exist": "地区代码“{value}”不存在或已停用。"},
    )
    enterprise = serializers.SlugRelatedField(
        slug_field="uscc",
        queryset=Enterprise.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": "统一社会信用代码“{value}”不在企业库中。"},
    )
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Complaint
        fields = ["id", *PARTICULARS, *LIFECYCLE, "due_on"]
        read_only_fields = [*LIFECYCLE, "due_on"]
        # Uniqueness of (hotline, number) is checked by the model, with its Chinese message.
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        data["complainant_name"] = privacy.complainant_name(user, instance)
        data["complainant_phone"] = privacy.complainant_phone(user, instance)
        return data

    def create(self, validated_data):
        user = self.context["request"].user
        return services.complaint_receive(complaint=Complaint(**validated_data), user=user)

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return services.complaint_update(complaint=instance, user=self.context["request"].user)


class TransitionRequestSerializer(serializers.Serializer):
    """`POST /complaints/{id}/transition/`: the status to move to and what that step needs."""

    to = serializers.CharField(
        help_text="目标状态：" + "、".join(f"{v}（{label}）" for v, label in Status.choices)
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="不予受理的理由")
    department = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), required=False, help_text="交办：承办单位简码"
    )
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=CURRENT_REGIONS, required=False, help_text="交办：县区代码"
    )
    outcome = serializers.CharField(required=False, allow_blank=True, default="", help_text="办理：处理结果")
    satisfaction = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="办结：满意度"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TransitionSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Transition
        fields = ["from_status", "to_status", "user", "at", "note"]
