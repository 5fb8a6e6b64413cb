import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filtersets import FilterSet, YearFilter
from organizations.models import Department, Region
from plans.models import Plan, PlanItem, PlanProgress
from targets.choices import ProgressStatus


class PlanFilterSet(FilterSet):
    year = YearFilter()

    class Meta:
        model = Plan
        fields = ["year"]


class PlanItemFilterSet(FilterSet):
    q = django_filters.CharFilter(label="工作任务", method="search")
    year = YearFilter(field_name="plan__year")
    lead_department = django_filters.ModelChoiceFilter(
        label="牵头部门", queryset=Department.objects.all(), to_field_name="code"
    )
    lead_region = django_filters.ModelChoiceFilter(
        label="牵头县区", queryset=Region.objects.counties(), to_field_name="code"
    )
    status = django_filters.ChoiceFilter(label="进展", choices=ProgressStatus.choices)
    overdue = django_filters.BooleanFilter(label="已超时限未完成", method="by_overdue")

    class Meta:
        model = PlanItem
        fields = ["q", "year", "lead_department", "lead_region", "status", "overdue"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(task__icontains=value) | Q(output__icontains=value) | Q(clause__icontains=value)
        )

    def by_overdue(self, queryset, name, value):
        late = Q(deadline__lt=timezone.localdate()) & ~Q(status=ProgressStatus.DONE)
        return queryset.filter(late) if value else queryset.exclude(late)


class PlanProgressFilterSet(FilterSet):
    year = YearFilter(field_name="item__plan__year")
    item = django_filters.NumberFilter(field_name="item_id", label="计划任务")

    class Meta:
        model = PlanProgress
        fields = ["year", "item"]
