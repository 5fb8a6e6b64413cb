import django_filters
from django.db.models import Q

from core.filtersets import FilterSet, YearFilter
from organizations.models import Region
from targets.choices import Domain, Status
from targets.models import Attainment, Indicator, Measurement, Target


class TargetFilterSet(FilterSet):
    q = django_filters.CharFilter(label="名称或代码", method="search")
    domain = django_filters.ChoiceFilter(label="领域", field_name="indicator__domain", choices=Domain.choices)
    indicator = django_filters.CharFilter(label="指标代码", field_name="indicator__code")

    class Meta:
        model = Target
        fields = ["year", "comparator", "scope"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(wording__icontains=value)
        )


class MeasurementFilterSet(FilterSet):
    indicator = django_filters.ModelChoiceFilter(
        label="指标", queryset=Indicator.objects.enterable(), to_field_name="code"
    )
    region = django_filters.ModelChoiceFilter(
        label="地区", queryset=Region.objects.all(), to_field_name="code"
    )
    year = YearFilter(label="年份")
    period = django_filters.CharFilter(label="期间")

    class Meta:
        model = Measurement
        fields = ["indicator", "region", "year", "period"]


class AttainmentFilterSet(FilterSet):
    year = YearFilter("period", label="年份")
    region = django_filters.ModelChoiceFilter(
        label="地区", queryset=Region.objects.all(), to_field_name="code"
    )
    target = django_filters.CharFilter(label="目标代码", field_name="target__code")
    status = django_filters.ChoiceFilter(label="达成情况", choices=Status.choices)

    class Meta:
        model = Attainment
        fields = ["year", "region", "target", "status"]

    def filter_queryset(self, queryset):
        # Attainment periods are years: `year=2015` is the period "2015".
        year = self.form.cleaned_data.pop("year", None)
        if year:
            queryset = queryset.filter(period=str(int(year)))
        return super().filter_queryset(queryset)
