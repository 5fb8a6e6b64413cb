import django_filters

from assessments.choices import Grade, ReportFormat, ReportKind, Stage
from assessments.models import Assessment, Scheme
from core.filtersets import FilterSet, YearFilter
from core.models import Job, JobStatus
from organizations.models import Region


class SchemeFilterSet(FilterSet):
    stage = django_filters.ChoiceFilter(label="阶段", choices=Stage.choices)

    class Meta:
        model = Scheme
        fields = ["stage"]


class AssessmentFilterSet(FilterSet):
    year = YearFilter("scheme__year", label="考核年度")
    region = django_filters.ModelChoiceFilter(
        label="县区", queryset=Region.objects.counties(), to_field_name="code", field_name="region"
    )
    grade = django_filters.ChoiceFilter(label="等级", choices=Grade.choices)

    class Meta:
        model = Assessment
        fields = ["year", "region", "grade"]


class ReportJobFilterSet(FilterSet):
    """Report jobs (`core.Job` of kind assessments.report) by what was asked and how far they got."""

    kind = django_filters.ChoiceFilter(
        label="报告类型", choices=ReportKind.choices, field_name="params__kind"
    )
    fmt = django_filters.ChoiceFilter(label="格式", choices=ReportFormat.choices, field_name="params__fmt")
    status = django_filters.ChoiceFilter(label="状态", choices=JobStatus.choices)

    class Meta:
        model = Job
        fields = ["kind", "fmt", "status"]
