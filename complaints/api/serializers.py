from rest_framework import serializers

from complaints import privacy, selectors, services, workdays
from complaints.choices import Action, Satisfaction, Status, VisitWay
from complaints.models import (
    HOTLINE_RULES,
    LIFECYCLE,
    LIMIT_FIELDS,
    PARTICULARS,
    Complaint,
    HandlingLimit,
    Hotline,
    Transition,
)
from organizations.models import Department, Enterprise, Region

CURRENT_REGIONS = Region.objects.filter(valid_until__isnull=True)


class HandlingLimitSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandlingLimit
        fields = LIMIT_FIELDS


class HotlineSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)
    limits = HandlingLimitSerializer(many=True, read_only=True, help_text="各时期的办理时限，新规定在前")

    class Meta:
        model = Hotline
        fields = ["code", "name", "department", *HOTLINE_RULES, "limits"]


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
    assigned_region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    number = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        help_text="热线系统的工单编号；不来自热线系统的工单留空，由平台按办公室编号（BG+年份+序号）编号",
    )
    due_on_provisional = serializers.SerializerMethodField(
        help_text="时限延伸到尚未录入节假日安排的年份时为 true（该年暂按周一至周五计算）"
    )

    class Meta:
        model = Complaint
        fields = ["id", *PARTICULARS, *LIFECYCLE, "due_on", "due_on_provisional"]
        read_only_fields = [*LIFECYCLE, "due_on"]
        # Uniqueness of (hotline, number) is checked by the model, with its Chinese message.
        validators = []

    def get_due_on_provisional(self, instance) -> bool:
        # The entered years are read once per response, not once per complaint.
        if "entered_years" not in self.context:
            self.context["entered_years"] = workdays.entered_years()
        return selectors.provisional_year(instance, self.context["entered_years"]) is not None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        data["complainant_name"] = privacy.complainant_name(user, instance)
        data["complainant_phone"] = privacy.complainant_phone(user, instance)
        return data

    def create(self, validated_data):
        validated_data.setdefault("number", "")
        user = self.context["request"].user
        return services.complaint_receive(complaint=Complaint(**validated_data), user=user)

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return services.complaint_update(complaint=instance, user=self.context["request"].user)


class TransitionRequestSerializer(serializers.Serializer):
    """`POST /complaints/{id}/transition/`: the status to move to and what that step needs."""

    to = serializers.CharField(
        help_text="目标状态："
        + "、".join(f"{v}（{label}）" for v, label in Status.choices)
        + "；或不改变状态的环节："
        + "、".join(f"{v}（{label}）" for v, label in Action.choices if v != Action.REOPEN)
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="不予受理、延期、中止的理由"
    )
    department = serializers.SlugRelatedField(
        slug_field="code", queryset=Department.objects.all(), required=False, help_text="交办：承办单位简码"
    )
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=CURRENT_REGIONS, required=False, help_text="交办：更正所属县区代码"
    )
    assigned_region = serializers.SlugRelatedField(
        slug_field="code", queryset=CURRENT_REGIONS, required=False, help_text="交办：承办县区代码"
    )
    outcome = serializers.CharField(required=False, allow_blank=True, default="", help_text="办理：处理结果")
    days = serializers.IntegerField(required=False, min_value=1, max_value=365, help_text="延期：天数")
    approver = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=60, help_text="延期：批准人"
    )
    visited_on = serializers.DateField(required=False, help_text="回访：日期")
    visit_way = serializers.ChoiceField(choices=VisitWay.choices, required=False, help_text="回访：方式")
    satisfaction = serializers.ChoiceField(
        choices=Satisfaction.choices, required=False, help_text="回访：结果（不满意的工单退回重办一次）"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TransitionSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Transition
        fields = ["from_status", "to_status", "action", "days", "approver", "user", "at", "note"]
