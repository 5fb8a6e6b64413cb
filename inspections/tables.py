import django_tables2 as tables

from inspections.models import (
    AcceptanceRecord,
    ImportJob,
    InspectionPlan,
    Inspector,
    ProductClass,
    SpotCheckResult,
)

ATTRS = {"class": "table table-hover table-sm align-middle"}


class SpotCheckResultTable(tables.Table):
    sampled_on = tables.DateColumn(format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    product_name = tables.Column(linkify=True)
    producer_name = tables.Column(verbose_name="生产企业")
    sampled_unit_name = tables.Column(verbose_name="受检单位")
    conclusion = tables.TemplateColumn(
        '<span class="badge text-bg-{% if record.conclusion == "pass" %}success{% elif record.conclusion == "fail" %}danger{% else %}secondary{% endif %}">{{ record.get_conclusion_display }}</span>',
        verbose_name="检验结论",
    )

    class Meta:
        model = SpotCheckResult
        fields = [
            "sampled_on",
            "product_name",
            "specification",
            "producer_name",
            "sampled_unit_name",
            "region",
            "level",
            "product_class",
            "conclusion",
            "failed_items",
        ]
        attrs = ATTRS

    def value_conclusion(self, record):
        return record.get_conclusion_display()


class AcceptanceRecordTable(tables.Table):
    accepted_on = tables.DateColumn(format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    project_name = tables.Column(linkify=True)
    first_time_passed = tables.BooleanColumn(yesno="✔,✘")

    class Meta:
        model = AcceptanceRecord
        fields = [
            "accepted_on",
            "project_name",
            "permit_no",
            "size",
            "region",
            "department",
            "first_time_passed",
        ]
        attrs = ATTRS


class InspectionPlanTable(tables.Table):
    title = tables.Column(linkify=True)
    drawn_at = tables.DateTimeColumn(format="Y-m-d H:i")
    quota_total = tables.Column(verbose_name="计划抽取户数", orderable=False)
    pick_count = tables.Column(verbose_name="已抽取户数", orderable=False)

    class Meta:
        model = InspectionPlan
        fields = ["year", "title", "level", "department", "status", "quota_total", "pick_count", "drawn_at"]
        attrs = ATTRS


class InspectorTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Inspector
        fields = ["name", "badge_no", "department", "is_active"]
        attrs = ATTRS


class ImportJobTable(tables.Table):
    created_at = tables.DateTimeColumn(format="Y-m-d H:i")
    original_name = tables.Column(linkify=True)

    class Meta:
        model = ImportJob
        fields = [
            "created_at",
            "original_name",
            "level",
            "product_class",
            "status",
            "total_rows",
            "imported_rows",
            "error_count",
            "created_by",
        ]
        attrs = ATTRS


class ProductClassTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = ProductClass
        fields = ["code", "name", "parent", "department", "target_rate", "is_active"]
        attrs = ATTRS
