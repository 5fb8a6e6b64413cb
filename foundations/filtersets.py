import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filtersets import FilterSet, RegionFilter, YearFilter
from foundations.models import Agency, CultureEvent, MarketExit, MetrologyRecord, QualityStaff, Standard
from organizations.models import Department, Region


class RegisterFilterSet(FilterSet):
    department = django_filters.ModelChoiceFilter(
        label="录入单位", queryset=Department.objects.all(), to_field_name="code", field_name="department"
    )


class StandardFilterSet(RegisterFilterSet):
    q = django_filters.CharFilter(label="标准号、名称或单位", method="search")
    year = YearFilter()
    region = RegionFilter()

    class Meta:
        model = Standard
        fields = ["q", "year", "region", "kind", "level", "department"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(title__icontains=value) | Q(holder_name__icontains=value)
        )


class AgencyFilterSet(RegisterFilterSet):
    q = django_filters.CharFilter(label="名称、证书编号或范围", method="search")
    region = RegionFilter()
    valid = django_filters.BooleanFilter(label="今日有效", method="valid_today")

    class Meta:
        model = Agency
        fields = ["q", "region", "valid", "department"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(cma_number=value) | Q(scope__icontains=value))

    def valid_today(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(valid_until__gte=today) if value else queryset.filter(valid_until__lt=today)


class MetrologyFilterSet(RegisterFilterSet):
    year = YearFilter()
    region = RegionFilter()

    class Meta:
        model = MetrologyRecord
        fields = ["year", "region", "category", "department"]


class QualityStaffFilterSet(RegisterFilterSet):
    q = django_filters.CharFilter(label="企业或首席质量官", method="search")
    year = YearFilter()
    region = RegionFilter("enterprise__region")
    has_chief = django_filters.BooleanFilter(label="设有首席质量官", method="with_chief")

    class Meta:
        model = QualityStaff
        fields = ["q", "year", "region", "has_chief", "department"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(enterprise__name__icontains=value) | Q(chief_officer__icontains=value))

    def with_chief(self, queryset, name, value):
        return queryset.exclude(chief_officer="") if value else queryset.filter(chief_officer="")


class CultureEventFilterSet(RegisterFilterSet):
    q = django_filters.CharFilter(label="活动名称或主办单位", method="search")
    year = YearFilter(field_name="held_on", lookup_expr="year")
    region = django_filters.ModelChoiceFilter(
        label="地区",
        queryset=Region.objects.filter(valid_until__isnull=True),
        to_field_name="code",
        field_name="region",
    )

    class Meta:
        model = CultureEvent
        fields = ["q", "year", "region", "kind", "department"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(organizer__icontains=value))


class MarketExitFilterSet(RegisterFilterSet):
    q = django_filters.CharFilter(label="企业、许可证或文号", method="search")
    year = YearFilter(field_name="decided_on", lookup_expr="year")
    region = RegionFilter()

    class Meta:
        model = MarketExit
        fields = ["q", "year", "region", "kind", "reason", "department"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(enterprise_name__icontains=value)
            | Q(licence_no__icontains=value)
            | Q(decision_no__icontains=value)
        )
