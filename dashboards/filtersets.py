import django_filters
from django.db.models import Q

from core.filtersets import FilterSet, YearFilter
from core.models import Statistic, StatsRun
from organizations.models import Region


class StatsRunFilterSet(FilterSet):
    class Meta:
        model = StatsRun
        fields = ["status", "scope", "trigger"]


class StatisticFilterSet(FilterSet):
    metric = django_filters.CharFilter(label="指标")
    region = django_filters.ModelChoiceFilter(
        label="地区", queryset=Region.objects.all(), to_field_name="code", field_name="region"
    )
    period = django_filters.CharFilter(label="期间")
    year = YearFilter(method="filter_year")
    dim1 = django_filters.CharFilter()
    dim2 = django_filters.CharFilter()
    dim3 = django_filters.CharFilter()

    class Meta:
        model = Statistic
        fields = ["metric", "region", "period", "dim1", "dim2", "dim3"]

    def filter_year(self, queryset, name, value):
        # The year and its quarters and months (2015, 2015-Q3, 2015-07), not the periods of year 20150.
        return queryset.filter(Q(period=str(value)) | Q(period__startswith=f"{value}-"))
