import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filtersets import FilterSet, RegionFilter, YearFilter
from credit.choices import Grade, PenaltyCategory
from credit.models import BlacklistEntry, CreditRating, Penalty, RatingRule
from organizations.models import Department


class PenaltyFilterSet(FilterSet):
    q = django_filters.CharFilter(label="企业、文号或案由", method="search")
    region = RegionFilter()
    department = django_filters.ModelChoiceFilter(
        label="处罚机关", queryset=Department.objects.all(), to_field_name="code"
    )
    enterprise = django_filters.CharFilter(label="统一社会信用代码", field_name="enterprise__uscc")
    year = YearFilter("decided_on__year", label="决定年度")
    category = django_filters.ChoiceFilter(label="处罚类别", choices=PenaltyCategory.choices)
    published = django_filters.BooleanFilter(label="已公示")

    class Meta:
        model = Penalty
        fields = ["q", "region", "department", "enterprise", "year", "category", "published"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(enterprise__name__icontains=value)
            | Q(decision_number__icontains=value)
            | Q(cause__icontains=value)
        )


class BlacklistFilterSet(FilterSet):
    q = django_filters.CharFilter(label="企业或文书号", method="search")
    region = RegionFilter()
    enterprise = django_filters.CharFilter(label="统一社会信用代码", field_name="enterprise__uscc")
    state = django_filters.ChoiceFilter(
        label="状态", choices=[("listed", "在名单上"), ("removed", "已移出")], method="in_state"
    )
    published = django_filters.BooleanFilter(label="已公示")

    class Meta:
        model = BlacklistEntry
        fields = ["q", "region", "enterprise", "state", "published"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(enterprise__name__icontains=value)
            | Q(document__icontains=value)
            | Q(repair_document__icontains=value)
        )

    def in_state(self, queryset, name, value):
        today = timezone.localdate()
        on_list = Q(listed_on__lte=today) & (Q(removed_on__isnull=True) | Q(removed_on__gt=today))
        return queryset.filter(on_list) if value == "listed" else queryset.exclude(on_list)


class RatingFilterSet(FilterSet):
    q = django_filters.CharFilter(label="企业名称", field_name="enterprise__name", lookup_expr="icontains")
    enterprise = django_filters.CharFilter(label="统一社会信用代码", field_name="enterprise__uscc")
    year = YearFilter("period")
    region = RegionFilter()
    grade = django_filters.ChoiceFilter(label="信用等级", choices=Grade.choices)

    class Meta:
        model = CreditRating
        fields = ["q", "enterprise", "year", "region", "grade"]


class RatingRuleFilterSet(FilterSet):
    class Meta:
        model = RatingRule
        fields = ["effect", "active"]
