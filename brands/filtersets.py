import django_filters
from django.db.models import Q
from django.utils import timezone

from brands.choices import ApplicationStatus, AwardState, RoundStatus
from brands.models import (
    Application,
    Assignment,
    Award,
    AwardType,
    EvaluationRound,
    Expert,
    Score,
    valid_on_q,
)
from core.filtersets import FilterSet, RegionFilter, YearFilter


class AwardTypeFilterSet(FilterSet):
    class Meta:
        model = AwardType
        fields = ["subject"]


class AwardFilterSet(FilterSet):
    q = django_filters.CharFilter(label="企业、产品或证书编号", method="search")
    award_type = django_filters.ModelChoiceFilter(
        label="奖项类型", queryset=AwardType.objects.all(), to_field_name="code"
    )
    region = RegionFilter("enterprise__region")
    year = YearFilter(label="获奖年度")
    state = django_filters.ChoiceFilter(label="今日状态", choices=AwardState.choices, method="in_state")
    reward = django_filters.ChoiceFilter(
        label="市级奖励", choices=[("unpaid", "未兑现"), ("paid", "已兑现")], method="by_reward"
    )

    class Meta:
        model = Award
        fields = ["q", "award_type", "region", "year", "state", "reward"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(enterprise__name__icontains=value)
            | Q(product__icontains=value)
            | Q(certificate_no__icontains=value)
        )

    def in_state(self, queryset, name, value):
        today = timezone.localdate()
        revoked = Q(revoked_on__lte=today)
        return queryset.filter(
            {
                AwardState.VALID: valid_on_q(today),
                AwardState.REVOKED: revoked,
                AwardState.PENDING: Q(valid_from__gt=today) & ~revoked,
                AwardState.EXPIRED: Q(valid_until__lt=today) & ~revoked,
            }[value]
        )

    def by_reward(self, queryset, name, value):
        if value == "paid":
            return queryset.filter(reward_paid_on__isnull=False)
        return queryset.filter(reward_amount__isnull=False, reward_paid_on__isnull=True)


class ExpiringFilterSet(AwardFilterSet):
    """The expiring list's filters: everything on it is in force today, so there is no 今日状态 to choose."""

    state = None

    class Meta(AwardFilterSet.Meta):
        fields = ["q", "award_type", "region", "year", "reward"]


class RoundFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=RoundStatus.choices)

    class Meta:
        model = EvaluationRound
        fields = ["year", "status"]


class ExpertFilterSet(FilterSet):
    q = django_filters.CharFilter(label="姓名、单位或专业", method="search")

    class Meta:
        model = Expert
        fields = ["q", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(organisation__icontains=value) | Q(speciality__icontains=value)
        )


class ApplicationFilterSet(FilterSet):
    year = YearFilter("round__year")
    status = django_filters.ChoiceFilter(label="状态", choices=ApplicationStatus.choices)
    region = RegionFilter("enterprise__region")

    class Meta:
        model = Application
        fields = ["round", "year", "status", "region"]


class AssignmentFilterSet(FilterSet):
    year = YearFilter("application__round__year")

    class Meta:
        model = Assignment
        fields = ["application", "expert", "year"]


class ScoreFilterSet(FilterSet):
    year = YearFilter("assignment__application__round__year")

    class Meta:
        model = Score
        fields = ["assignment", "year"]
