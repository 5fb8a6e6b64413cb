import django_filters
from django.db.models import Q

from campaigns.choices import CampaignKind
from campaigns.models import Campaign, Case
from core.filtersets import FilterSet, RegionFilter, YearFilter
from organizations.models import Department


class CampaignFilterSet(FilterSet):
    q = django_filters.CharFilter(label="行动名称或重点产品", method="search")
    kind = django_filters.ChoiceFilter(label="类别", choices=CampaignKind.choices)
    year = YearFilter(field_name="starts_on__year", label="开始年度")
    lead = django_filters.ModelChoiceFilter(
        label="牵头单位", queryset=Department.objects.all(), to_field_name="code"
    )

    class Meta:
        model = Campaign
        fields = ["q", "kind", "year", "lead"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(products__icontains=value))


class CaseFilterSet(FilterSet):
    q = django_filters.CharFilter(label="案由、产品或当事人", method="search")
    campaign = django_filters.ModelChoiceFilter(label="专项行动", queryset=Campaign.objects.all())
    kind = django_filters.ChoiceFilter(
        field_name="campaign__kind", label="类别", choices=CampaignKind.choices
    )
    region = RegionFilter()
    year = YearFilter(field_name="opened_on__year", label="立案年度")
    referred_to_police = django_filters.BooleanFilter(label="移送公安")
    major = django_filters.BooleanFilter(label="大案要案")

    class Meta:
        model = Case
        fields = ["q", "campaign", "kind", "region", "year", "referred_to_police", "major"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(cause__icontains=value)
            | Q(product__icontains=value)
            | Q(party__icontains=value)
            | Q(enterprise__name__icontains=value)
        )
