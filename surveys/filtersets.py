import django_filters
from django.db.models import Q

from core.filtersets import FilterSet, YearFilter
from organizations.models import Region
from surveys.choices import ResultKind, Sector
from surveys.models import Survey


class SurveyFilterSet(FilterSet):
    q = django_filters.CharFilter(label="测评名称或机构", method="search")
    year = YearFilter(label="测评年度")
    sector = django_filters.ChoiceFilter(label="测评领域", choices=Sector.choices)
    # The city (a city-wide survey) or a county.
    region = django_filters.ModelChoiceFilter(
        label="测评地区", queryset=Region.objects.all(), to_field_name="code"
    )
    result_kind = django_filters.ChoiceFilter(label="结果类型", choices=ResultKind.choices)

    class Meta:
        model = Survey
        fields = ["q", "year", "sector", "region", "result_kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(agency__icontains=value))
