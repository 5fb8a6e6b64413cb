import django_filters
from django.db.models import Q

from construction.choices import UnitKind
from construction.models import Deposit, Project, Ranking, ResponsibleUnit, UnitScore
from core.filtersets import FilterSet, RegionFilter, YearFilter


class UnitFilterSet(FilterSet):
    q = django_filters.CharFilter(label="名称或信用代码", method="search")
    kind = django_filters.ChoiceFilter(label="主体类别", choices=UnitKind.choices)
    region = RegionFilter()

    class Meta:
        model = ResponsibleUnit
        fields = ["q", "kind", "region"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(uscc__icontains=value))


class ProjectFilterSet(FilterSet):
    q = django_filters.CharFilter(label="名称或编号", method="search")
    region = RegionFilter()
    year = YearFilter("started_on__year", label="开工年度")

    class Meta:
        model = Project
        fields = ["q", "region", "year"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class RankingFilterSet(FilterSet):
    year = YearFilter()

    class Meta:
        model = Ranking
        fields = ["year"]


class ScoreFilterSet(FilterSet):
    """The rows of the rankings: `year=` one year's ranking, `kind=` one kind of unit, `unit=` a credit code."""

    year = YearFilter("ranking__year")
    kind = django_filters.ChoiceFilter(field_name="unit__kind", label="主体类别", choices=UnitKind.choices)
    unit = django_filters.CharFilter(field_name="unit__uscc", label="统一社会信用代码")

    class Meta:
        model = UnitScore
        fields = ["year", "kind", "unit"]


class DepositFilterSet(FilterSet):
    q = django_filters.CharFilter(label="项目名称或编号", method="search")
    region = RegionFilter("project__region")

    class Meta:
        model = Deposit
        fields = ["q", "region"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(project__name__icontains=value) | Q(project__code__icontains=value))
