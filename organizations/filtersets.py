import django_filters
from django.db.models import Q

from core.filtersets import FilterSet
from core.search import BigramSearch
from organizations.models import Department, Enterprise, Region


class RegionFilterSet(FilterSet):
    q = django_filters.CharFilter(label="名称或代码", method="search")
    current = django_filters.BooleanFilter(label="仅现行", field_name="valid_until", lookup_expr="isnull")

    class Meta:
        model = Region
        fields = ["kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class DepartmentFilterSet(FilterSet):
    q = django_filters.CharFilter(label="名称", method="search")

    class Meta:
        model = Department
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code=value))


# The bigram index the search box goes through (created by migration 0002_search_index).
ENTERPRISE_SEARCH = BigramSearch("organizations_enterprise", ["name", "uscc"], "enterprise_search_bigrams")


class EnterpriseFilterSet(FilterSet):
    q = django_filters.CharFilter(label="名称或信用代码", method="search")
    region = django_filters.ModelChoiceFilter(
        label="地区", queryset=Region.objects.all(), to_field_name="code", field_name="region"
    )
    industry = django_filters.CharFilter(label="行业", lookup_expr="icontains")

    class Meta:
        model = Enterprise
        fields = ["region", "industry"]

    def search(self, queryset, name, value):
        """Name or credit code, every word; two characters and more through the bigram index."""
        return ENTERPRISE_SEARCH.filter(queryset, value)
