import django_filters
from django.db.models import Q

from core.filtersets import FilterSet, RegionFilter, YearFilter
from incidents.choices import Domain, Grade, Status
from incidents.models import Incident


class IncidentFilterSet(FilterSet):
    q = django_filters.CharFilter(label="名称或企业", method="search")
    region = RegionFilter()
    year = YearFilter("occurred_on__year", label="年度")
    domain = django_filters.ChoiceFilter(label="领域", choices=Domain.choices)
    grade = django_filters.ChoiceFilter(label="事件等级", choices=Grade.choices)
    vetoes = django_filters.BooleanFilter(label="区域性或系统性", method="by_veto")
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices)

    class Meta:
        model = Incident
        fields = ["q", "region", "year", "domain", "grade", "vetoes", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(enterprise__name__icontains=value))

    def by_veto(self, queryset, name, value):
        extent = Q(regional=True) | Q(systemic=True)
        return queryset.filter(extent if value else ~extent)
