from rest_framework import serializers

from accounts import policy
from construction import services
from construction.models import Deposit, Project, ResponsibleUnit, UnitScore
from organizations.api.serializers import UsccFieldMixin
from organizations.models import Department, Region

COUNTIES = Region.objects.counties()
ZJW = "zjw"


def _department(user):
    """Who enters when the body names nobody: a department user's own unit, else 住建委."""
    if policy.role_of(user) == "department" and user.department_id:
        return Department.objects.get(pk=user.department_id)
    return Department.objects.filter(code=ZJW).first()


class _ServiceSerializer(serializers.ModelSerializer):
    """Writes go through the app's service (`save` names it), which checks and records the history."""

    def _save(self, instance):
        raise NotImplementedError

    def create(self, validated_data):
        model = self.Meta.model
        if "department" in [f.name for f in model._meta.fields] and not validated_data.get("department"):
            validated_data["department"] = _department(self.context["request"].user)
        return self._save(model(**validated_data))

    def update(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return self._save(instance)


def _department_field():
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=Department.objects.all(),
        required=False,
        error_messages={"does_not_exist": "成员单位代码“{value}”不存在。"},
    )


class UnitSerializer(UsccFieldMixin, _ServiceSerializer):
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=COUNTIES,
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": "县区代码“{value}”不存在或已停用。"},
    )
    department = _department_field()
    enterprise = serializers.PrimaryKeyRelatedField(read_only=True, help_text="企业库中信用代码相同的企业")

    class Meta:
        model = ResponsibleUnit
        fields = ["id", "name", "uscc", "kind", "qualification", "region", "enterprise", "department"]

    def _save(self, instance):
        return services.unit_save(unit=instance, user=self.context["request"].user)


def _unit_field(kind: str):
    return serializers.SlugRelatedField(
        slug_field="uscc",
        queryset=ResponsibleUnit.objects.filter(kind=kind),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": "信用代码“{value}”不是已登记的该类责任主体。"},
    )


class ProjectSerializer(_ServiceSerializer):
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=COUNTIES,
        error_messages={"does_not_exist": "县区代码“{value}”不存在或已停用。"},
    )
    department = _department_field()
    builder = _unit_field("builder")
    surveyor = _unit_field("surveyor")
    designer = _unit_field("designer")
    contractor = _unit_field("contractor")
    supervisor = _unit_field("supervisor")

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "region",
            "department",
            "builder",
            "surveyor",
            "designer",
            "contractor",
            "supervisor",
            "started_on",
            "completed_on",
        ]

    def _save(self, instance):
        return services.project_save(project=instance, user=self.context["request"].user)


class RankingRowSerializer(serializers.ModelSerializer):
    """One row of a year's 质量信誉排行榜: the unit, its components, total and rank within its kind."""

    year = serializers.IntegerField(source="ranking.year", read_only=True)
    published = serializers.BooleanField(source="ranking.is_published", read_only=True)
    unit = serializers.CharField(source="unit.uscc", read_only=True, help_text="统一社会信用代码")
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind = serializers.CharField(source="unit.kind", read_only=True)

    class Meta:
        model = UnitScore
        fields = [
            "year",
            "published",
            "kind",
            "rank",
            "unit",
            "unit_name",
            "inspection_score",
            "accidents",
            "complaints",
            "awards",
            "total",
        ]


class DepositSerializer(_ServiceSerializer):
    project = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Project.objects.all(),
        error_messages={"does_not_exist": "项目编号“{value}”不存在。"},
    )
    state = serializers.CharField(
        read_only=True, help_text="due 未缴纳、held 已缴纳、partly_settled、settled 已结清"
    )

    class Meta:
        model = Deposit
        fields = [
            "id",
            "project",
            "amount_due",
            "paid_amount",
            "paid_on",
            "returned_amount",
            "returned_on",
            "forfeited_amount",
            "forfeited_on",
            "forfeit_reason",
            "notes",
            "state",
        ]
        # The rule across fields (returned + forfeited ≤ paid) is the model's; its message comes back as 400.
        validators: list = []

    def _save(self, instance):
        return services.deposit_save(deposit=instance, user=self.context["request"].user)
