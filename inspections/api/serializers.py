from rest_framework import serializers

from core.api.fields import UploadField
from core.periods import MAX_YEAR, MIN_YEAR, PERIOD_REGEX, YEAR_REGEX, listed
from core.uploads import UploadValidator
from inspections import services
from inspections.choices import PROVINCIAL_ABOVE, CheckKind, Level
from inspections.models import AcceptanceRecord, ProductClass, SpotCheckResult
from organizations.models import Department, Enterprise, Region


def _code_field(model, slug: str, **kwargs):
    return serializers.SlugRelatedField(
        slug_field=slug,
        queryset=model.objects.all(),
        error_messages={"does_not_exist": f"{model._meta.verbose_name}“{{value}}”不存在。"},
        **kwargs,
    )


class SpotCheckResultSerializer(serializers.ModelSerializer):
    product_class = _code_field(ProductClass, "code")
    region = _code_field(Region, "code", required=False)
    producer = _code_field(Enterprise, "uscc", required=False, allow_null=True)
    sampled_unit = _code_field(Enterprise, "uscc", required=False, allow_null=True)
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = SpotCheckResult
        fields = [
            "id",
            "level",
            "product_class",
            "plan",
            "sampled_on",
            "product_name",
            "specification",
            "trademark",
            "production_date",
            "batch_no",
            "producer",
            "producer_name",
            "sampled_unit",
            "sampled_unit_name",
            "region",
            "department",
            "agency",
            "agency_ref",
            "conclusion",
            "not_tested_reason",
            "failed_items",
            "notes",
            "import_job",
            "source_row",
        ]
        read_only_fields = ["import_job", "source_row"]

    def create(self, validated_data):
        return services.result_save(
            result=SpotCheckResult(**validated_data), user=self.context["request"].user
        )

    def update(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.result_save(result=instance, user=self.context["request"].user)


class ImportJobSerializer(serializers.Serializer):
    """A spot-check import job (`core.Job` of kind inspections.import), in the fields this endpoint always had."""

    id = serializers.IntegerField()
    status = serializers.CharField()
    original_name = serializers.CharField(source="name")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField()
    error_count = serializers.IntegerField()
    department = serializers.SerializerMethodField()
    total_rows = serializers.IntegerField(source="total")
    processed_rows = serializers.IntegerField(source="done")
    imported_rows = serializers.SerializerMethodField()
    created_enterprises = serializers.SerializerMethodField()
    errors = serializers.SerializerMethodField()
    columns = serializers.SerializerMethodField()
    level = serializers.SerializerMethodField()
    product_class = serializers.SerializerMethodField()
    year = serializers.SerializerMethodField()
    sampled_on = serializers.SerializerMethodField()
    confirms = serializers.IntegerField(source="confirms_id", allow_null=True)

    def get_department(self, job) -> str | None:
        return job.department.code if job.department_id else None

    def get_imported_rows(self, job) -> int:
        return job.summary.get("created", 0) if job.status == "succeeded" else 0

    def get_created_enterprises(self, job) -> int:
        return job.summary.get("new_enterprises", 0)

    def get_errors(self, job) -> list[dict]:
        # Row · column · message, as this endpoint has always named them.
        return [{"row": e["row"], "column": e["field"], "message": e["reason"]} for e in job.errors]

    def get_columns(self, job) -> dict:
        return job.summary.get("columns", {})

    def get_level(self, job) -> str:
        return job.params.get("level", "")

    def get_product_class(self, job) -> str:
        return job.params.get("product_class", "")

    def get_year(self, job) -> int | None:
        return job.params.get("year")

    def get_sampled_on(self, job) -> str | None:
        return job.params.get("sampled_on")


class ImportJobCreateSerializer(serializers.Serializer):
    # A multipart form cannot send null (only the text "null"): a field left out is the way to say "none".
    file = UploadField(validators=[UploadValidator("import")])
    level = serializers.ChoiceField(choices=Level.choices)
    product_class = _code_field(ProductClass, "code")
    year = serializers.IntegerField(required=False, min_value=2010, max_value=2035)
    sampled_on = serializers.DateField(required=False)
    check_kind = serializers.ChoiceField(
        choices=CheckKind.choices,
        default=CheckKind.SUPERVISION,
        help_text="表中未写明时的抽查类型；monitoring（风险监测）不计入合格率。",
    )
    inspected = serializers.IntegerField(
        required=False, min_value=1, help_text="公告合计的抽查批次（公告只列不合格批次时）"
    )
    passed = serializers.IntegerField(required=False, min_value=0, help_text="公告合计的合格批次")
    dry_run = serializers.BooleanField(
        default=False, help_text="true：只检查；之后 POST confirm/ 正式导入（一项新任务，同一文件）。"
    )

    def validate(self, attrs):
        inspected, passed = attrs.get("inspected"), attrs.get("passed")
        if (inspected is None) != (passed is None):
            raise serializers.ValidationError(
                {"passed": "抽查批次和合格批次须同时填写。"}, code="cross_field"
            )
        if inspected is not None and passed is not None and passed > inspected:
            raise serializers.ValidationError({"passed": "合格批次不能多于抽查批次。"}, code="cross_field")
        return attrs


LEVELS = {*Level.values, PROVINCIAL_ABOVE}


class PassRateQuerySerializer(serializers.Serializer):
    """Query parameters of /pass-rates/; lists are comma-separated."""

    year = serializers.RegexField(
        listed(YEAR_REGEX),
        required=False,
        help_text="年度，可逗号分隔多个；省略则为有数据的各年",
        error_messages={"invalid": f"年度应为 {MIN_YEAR}–{MAX_YEAR} 年，多个用逗号分隔。"},
    )
    period = serializers.RegexField(
        listed(PERIOD_REGEX),
        required=False,
        help_text="期间代码（2015、2015-Q3、2015-07），可逗号分隔；优先于 year",
        error_messages={
            "invalid": f"期间应写作 2015、2015-Q3 或 2015-07（{MIN_YEAR}–{MAX_YEAR} 年），多个用逗号分隔。"
        },
    )
    region = serializers.CharField(required=False, help_text="地区代码，可逗号分隔；默认全市 211100")
    level = serializers.RegexField(
        listed(f"(?:{'|'.join(sorted(LEVELS))})"),
        required=False,
        help_text="national、provincial、municipal、provincial_above；省略为全部级别",
        error_messages={"invalid": "抽查级别应为 national、provincial、municipal 或 provincial_above。"},
    )
    product_class = serializers.CharField(required=False, help_text="产品类别代码；省略为全部类别")


class PassRateSerializer(serializers.Serializer):
    region = serializers.CharField()
    region_name = serializers.CharField()
    period = serializers.CharField()
    level = serializers.CharField()
    product_class = serializers.CharField()
    inspected = serializers.IntegerField()
    passed = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True, coerce_to_string=False)
    computed_at = serializers.DateTimeField()


class AcceptanceRecordSerializer(serializers.ModelSerializer):
    region = _code_field(Region, "code")
    builder = _code_field(Enterprise, "uscc", required=False, allow_null=True)
    department = _code_field(Department, "code")

    class Meta:
        model = AcceptanceRecord
        fields = [
            "id",
            "project_name",
            "permit_no",
            "size",
            "region",
            "builder",
            "department",
            "accepted_on",
            "first_time_passed",
            "notes",
        ]
