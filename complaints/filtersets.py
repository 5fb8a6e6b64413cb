import datetime as dt

import django_filters
from django import forms
from django.db import connection
from django.db.models import F, Q, Subquery
from django.utils import timezone

from complaints import selectors
from complaints.choices import OPEN_STATUSES, Domain, Kind, Status
from complaints.models import CalendarDay, Complaint, Hotline
from core.filtersets import FilterSet, RegionFilter, YearFilter
from core.search import BigramSearch, InArray
from organizations.models import Department, Enterprise

YES_NO = [("", "全部"), ("true", "是"), ("false", "否")]


class InlineCheckboxes(forms.CheckboxSelectMultiple):
    """A short closed list as Bootstrap's inline checkboxes: tick any number, none ticked means all."""

    template_name = "complaints/widgets/inline_checkboxes.html"


# The bigram index the search box goes through (created by migration 0007_search_index).
COMPLAINT_SEARCH = BigramSearch(
    "complaints_complaint", ["number", "subject", "enterprise_name"], "complaint_search_bigrams"
)


def _enterprise_named(word: str) -> Q:
    """Complaints about a registered enterprise whose name holds the word (its own index, then enterprise_id's)."""
    from organizations.filtersets import ENTERPRISE_SEARCH

    named = ENTERPRISE_SEARCH.filter(Enterprise.objects.all(), word).values("pk")
    if connection.vendor != "postgresql":
        return Q(enterprise_id__in=named)
    return Q(InArray(F("enterprise_id"), Subquery(named)))


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class ComplaintFilterSet(FilterSet):
    q = django_filters.CharFilter(label="编号、标题或企业", method="search")
    hotline = django_filters.ModelChoiceFilter(
        label="热线", queryset=Hotline.objects.all(), to_field_name="code", field_name="hotline"
    )
    kind = django_filters.ChoiceFilter(label="类别", choices=Kind.choices)
    domain = django_filters.ChoiceFilter(label="领域", choices=Domain.choices)
    # A column's IN list cannot repeat a row: no DISTINCT (over every column, it cost seconds on 200,000 rows).
    status = django_filters.MultipleChoiceFilter(
        label="状态（可多选）", choices=Status.choices, widget=InlineCheckboxes, distinct=False
    )
    region = RegionFilter(label="县区")
    department = django_filters.ModelChoiceFilter(
        label="承办单位",
        queryset=Department.objects.all(),
        to_field_name="code",
        field_name="department",
    )
    received_from = django_filters.DateFilter(label="登记日期起", method="received_since")
    received_to = django_filters.DateFilter(label="登记日期止", method="received_until")
    is_sanbao = django_filters.BooleanFilter(label="三包纠纷", widget=forms.Select(choices=YES_NO))
    overdue = django_filters.BooleanFilter(
        label="已超期", method="filter_overdue", widget=forms.Select(choices=YES_NO)
    )

    class Meta:
        model = Complaint
        fields = ["q", "hotline", "kind", "domain", "status", "region", "department"]

    def search(self, queryset, name, value):
        """Work order number, subject or enterprise, every word; two characters and more through bigram indexes."""
        return COMPLAINT_SEARCH.filter(queryset, value, extra=_enterprise_named)

    # Local days as a range of the stored instants, which the (region, received_at) index answers; `__date`
    # would convert every row's time first.
    def received_since(self, queryset, name, value):
        return queryset.filter(received_at__gte=_day_start(value))

    def received_until(self, queryset, name, value):
        return queryset.filter(received_at__lt=_day_start(value + dt.timedelta(days=1)))

    def filter_overdue(self, queryset, name, value):
        late = Q(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())
        return queryset.filter(late if value else ~late)


class DeadlineFilterSet(ComplaintFilterSet):
    """The overdue page's filters: the complaint filters plus the open tab, kept as a hidden field."""

    overdue = None  # the tab already says overdue or due soon
    state = django_filters.ChoiceFilter(
        choices=[("overdue", "已超期"), ("due_soon", "临期")], method="in_state", widget=forms.HiddenInput
    )

    def in_state(self, queryset, name, value):
        return selectors.due_soon(queryset) if value == "due_soon" else selectors.overdue(queryset)


class CalendarDayFilterSet(FilterSet):
    year = YearFilter("date__year", label="年份")
    is_working_day = django_filters.BooleanFilter(
        label="类型", widget=forms.Select(choices=[("", "全部"), ("false", "放假"), ("true", "调休上班")])
    )

    class Meta:
        model = CalendarDay
        fields = ["year", "is_working_day"]


class HotlineFilterSet(FilterSet):
    department = django_filters.ModelChoiceFilter(
        label="受理单位", queryset=Department.objects.filter(hotlines__isnull=False).distinct()
    )

    class Meta:
        model = Hotline
        fields = ["department"]
