import django_filters

from assessments.choices import Grade, Stage
from assessments.models import Assessment, ReportJob, Scheme
from core.filtersets import FilterSet, YearFilter
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
    class Meta:
        model = ReportJob
        fields = ["kind", "fmt", "status"]
