from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.choices import STAGE_ORDER, ReportFormat, ReportKind, Stage
from assessments.models import Assessment, Item, ItemGroup, Scheme
from core.periods import PERIOD_REGEX
from organizations.models import Region


class ItemGroupSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = ItemGroup
        fields = ["name", "parent", "points", "sort_order"]


class ItemSerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="name", read_only=True)

    class Meta:
        model = Item
        fields = [
            "code",
            "name",
            "group",
            "max_points",
            "scoring",
            "guidance",
            "metric",
            "dim1",
            "dim2",
            "dim3",
            "formula",
            "full_at",
            "zero_at",
            "status_points",
            "window",
        ]


class StageSerializer(serializers.Serializer):
    """One step of the year's cycle (国办发〔2013〕47号 第六条): its code, its name and its deadline."""

    stage = serializers.ChoiceField(choices=Stage.choices)
    label = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    state = serializers.ChoiceField(choices=["done", "current", "todo"])


class SchemeSerializer(serializers.ModelSerializer):
    groups = ItemGroupSerializer(many=True, read_only=True)
    items = ItemSerializer(many=True, read_only=True)
    stages = serializers.SerializerMethodField()

    @extend_schema_field(StageSerializer(many=True))
    def get_stages(self, scheme) -> list[dict]:
        def state(stage: str) -> str:
            if scheme.has_passed(stage):
                return "done"
            return "current" if scheme.stage == stage else "todo"

        return [
            {
                "stage": stage,
                "label": str(Stage(stage).label),
                "due": scheme.due_of(stage),
                "state": state(stage),
            }
            for stage in STAGE_ORDER
        ]

    class Meta:
        model = Scheme
        fields = [
            "year",
            "title",
            "period_start",
            "period_end",
            "stage",
            "stages",
            "filing_due",
            "self_assessment_due",
            "review_due",
            "verification_due",
            "approval_due",
            "grade_a_min",
            "grade_b_min",
            "grade_c_min",
            "verification_count",
            "rectification_count",
            "rectification_months",
            "announced_at",
            "groups",
            "items",
        ]


class ResultSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="scheme.year")
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region_name = serializers.CharField(source="region.name")
    previous_total = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    change = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    rank_change = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Assessment
        fields = [
            "year",
            "region",
            "region_name",
            "status",
            "self_total",
            "total",
            "grade",
            "rank",
            "vetoed",
            "filing_status",
            "rectification_required",
            "rectification_due",
            "previous_total",
            "change",
            "rank_change",
        ]


class ReportJobSerializer(serializers.Serializer):
    """A report job (`core.Job` of kind assessments.report): what was asked in, where it got to out."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    fmt = serializers.ChoiceField(choices=ReportFormat.choices)
    year = serializers.IntegerField(required=False, allow_null=True)
    region = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.counties(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": "县区代码“{value}”不存在或已停用。"},
    )
    period = serializers.CharField(
        required=False,
        allow_blank=True,
        validators=[RegexValidator(rf"^(?:{PERIOD_REGEX})?$", "期间应写作 2015、2015-Q3 或 2015-07。")],
    )
    title = serializers.CharField(read_only=True, source="name")
    status = serializers.CharField(read_only=True)
    progress = serializers.IntegerField(read_only=True, source="progress_percent")
    error = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    finished_at = serializers.DateTimeField(read_only=True)
    download_url = serializers.SerializerMethodField()

    def to_representation(self, job):
        params = job.params
        datetime = serializers.DateTimeField()
        return {
            "id": job.pk,
            "kind": params["kind"],
            "fmt": params["fmt"],
            "year": params.get("year"),
            "region": params.get("region"),
            "period": params.get("period") or "",
            "title": job.name,
            "status": job.status,
            "progress": job.progress_percent,
            "error": self.get_error(job),
            "created_at": datetime.to_representation(job.created_at),
            "finished_at": job.finished_at and datetime.to_representation(job.finished_at),
            "download_url": self.get_download_url(job),
        }

    def get_error(self, job) -> str:
        return " ".join(job.error_lines)

    def get_download_url(self, job) -> str | None:
        if job.status != "succeeded":
            return None
        return self.context["request"].build_absolute_uri(
            f"/api/v1/assessments/reports/jobs/{job.pk}/download/"
        )
