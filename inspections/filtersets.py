import re

import django_filters
from django import forms
from django.db import connection
from django.db.models import F, Q, Subquery

from core.filtersets import FilterSet, RegionFilter, YearFilter
from core.models import Job, JobStatus
from core.search import InArray, NameSearch
from inspections.choices import Conclusion, Level, PlanStatus, ProjectSize
from inspections.models import (
    AcceptanceRecord,
    InspectionPlan,
    Inspector,
    ProductClass,
    SpotCheckResult,
)
from organizations.models import Department

# The names the search box goes through (created by migration 0011_result_names).
RESULT_SEARCH = NameSearch(
    "inspections_spotcheckresult",
    ["product_name", "producer_name", "sampled_unit_name"],
    "inspections_resultname",
)
USCC_LIKE = re.compile(r"[0-9A-Za-z]{18}")


class SpotCheckResultFilterSet(FilterSet):
    q = django_filters.CharFilter(label="产品或企业", method="search")
    year = YearFilter("sampled_on__year")
    level = django_filters.ChoiceFilter(label="抽查级别", choices=Level.choices)
    product_class = django_filters.ModelChoiceFilter(
        label="产品类别", queryset=ProductClass.objects.all(), to_field_name="code", method="in_class"
    )
    region = RegionFilter()
    conclusion = django_filters.ChoiceFilter(label="检验结论", choices=Conclusion.choices)
    # Reached from an import job's page ("查看导入的结果"), not typed by people.
    import_job = django_filters.NumberFilter(
        label="导入批次", field_name="import_job", widget=forms.HiddenInput
    )

    class Meta:
        model = SpotCheckResult
        fields = ["year", "level", "product_class", "region", "conclusion", "import_job"]

    def search(self, queryset, name, value):
        """Product or enterprise names (every word, two characters through the bigram index), or a credit code."""
        value = value.strip()
        if USCC_LIKE.fullmatch(value):
            return queryset.filter(Q(producer__uscc=value.upper()) | Q(sampled_unit__uscc=value.upper()))
        return RESULT_SEARCH.filter(queryset, value)

    def in_class(self, queryset, name, value):
        """A class selects its finer classes too, as the pass rates count them: as one list of class ids, which
        the indexes on product_class answer (an OR across the join to the classes read every row)."""
        classes = ProductClass.objects.filter(Q(pk=value.pk) | Q(parent=value)).values("pk")
        if connection.vendor != "postgresql":
            return queryset.filter(product_class__in=classes)
        return queryset.filter(InArray(F("product_class_id"), Subquery(classes)))


class AcceptanceRecordFilterSet(FilterSet):
    q = django_filters.CharFilter(label="工程名称", field_name="project_name", lookup_expr="icontains")
    year = YearFilter("accepted_on__year")
    size = django_filters.ChoiceFilter(label="工程规模", choices=ProjectSize.choices)
    region = RegionFilter()
    first_time_passed = django_filters.BooleanFilter(label="一次验收合格")

    class Meta:
        model = AcceptanceRecord
        fields = ["year", "size", "region", "first_time_passed"]


class InspectionPlanFilterSet(FilterSet):
    year = YearFilter()
    level = django_filters.ChoiceFilter(label="抽查级别", choices=Level.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=PlanStatus.choices)

    class Meta:
        model = InspectionPlan
        fields = ["year", "level", "status"]


class InspectorFilterSet(FilterSet):
    q = django_filters.CharFilter(label="姓名或证号", method="search")
    department = django_filters.ModelChoiceFilter(
        label="所属单位", queryset=Department.objects.all(), to_field_name="code"
    )

    class Meta:
        model = Inspector
        fields = ["department", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(badge_no__icontains=value))


class ImportJobFilterSet(FilterSet):
    """Spot-check import jobs (`core.Job` of kind inspections.import) by status and level."""

    status = django_filters.ChoiceFilter(label="状态", choices=JobStatus.choices)
    level = django_filters.ChoiceFilter(label="抽查级别", choices=Level.choices, field_name="params__level")

    class Meta:
        model = Job
        fields = ["status", "level"]


class ProductClassFilterSet(FilterSet):
    q = django_filters.CharFilter(label="名称或代码", method="search")

    class Meta:
        model = ProductClass
        fields = ["is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))
