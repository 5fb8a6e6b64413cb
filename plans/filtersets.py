import django_filters
from django.db.models import Q
from django.utils import timezone

from accounts import policy
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
    mine = django_filters.BooleanFilter(label="本单位牵头", method="led_by_me")

    class Meta:
        model = PlanItem
        fields = ["q", "year", "lead_department", "lead_region", "status", "overdue", "mine"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(task__icontains=value) | Q(output__icontains=value) | Q(clause__icontains=value)
        )

    def led_by_me(self, queryset, name, value):
        # The items the user reports on are those the policy lets them change (their unit leads them).
        led = PlanItem.objects.for_user(getattr(self.request, "user", None), policy.CHANGE).values("pk")
        return queryset.filter(pk__in=led) if value else queryset.exclude(pk__in=led)

    def by_overdue(self, queryset, name, value):
        late = Q(deadline__lt=timezone.localdate()) & ~Q(status=ProgressStatus.DONE)
        return queryset.filter(late) if value else queryset.exclude(late)


class PlanProgressFilterSet(FilterSet):
    year = YearFilter(field_name="item__plan__year")
    item = django_filters.NumberFilter(field_name="item_id", label="计划任务")

    class Meta:
        model = PlanProgress
        fields = ["year", "item"]
