import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from core.exports import choice_value
from core.search import SearchColumn
from inspections.choices import Conclusion
from inspections.models import (
    AcceptanceRecord,
    InspectionPlan,
    Inspector,
    ProductClass,
    SpotCheckResult,
)

ATTRS = {"class": "table table-hover table-sm align-middle"}
NUMBER = {"cell": {"class": "text-end"}}
CONCLUSION_BADGES = {Conclusion.PASS: "success", Conclusion.FAIL: "danger"}


def _enterprise_url(enterprise_id):
    # The register's quality record page; reference data every role may open, linked by id without a join.
    return reverse("organizations:enterprise_detail", args=[enterprise_id]) if enterprise_id else None


class SpotCheckResultTable(tables.Table):
    sampled_on = tables.DateColumn(format="Y-m-d", attrs={"td": {"class": "text-nowrap"}})
    product_name = SearchColumn(linkify=True)
    producer_name = SearchColumn(
        verbose_name="生产企业", linkify=lambda record: _enterprise_url(record.producer_id)
    )
    sampled_unit_name = SearchColumn(
        verbose_name="受检单位", linkify=lambda record: _enterprise_url(record.sampled_unit_id)
    )
    conclusion = tables.Column(verbose_name="检验结论")

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

    value_conclusion = choice_value("conclusion")

    def render_conclusion(self, record):
        # A method, not a TemplateColumn: that compiles its template again for every cell of the page.
        colour = CONCLUSION_BADGES.get(record.conclusion, "secondary")
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', colour, record.get_conclusion_display()
        )


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
    quota_total = tables.Column(verbose_name="计划抽取户数", orderable=False, attrs=NUMBER)
    pick_count = tables.Column(verbose_name="已抽取户数", orderable=False, attrs=NUMBER)

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


class ProductClassTable(tables.Table):
    name = tables.Column(linkify=True)
    target_rate = tables.Column(attrs=NUMBER)
    # The code is what imports, the API and `import_spotchecks --product-class` take: kept, but last and quiet.
    code = tables.Column(verbose_name="接口代码", attrs={"td": {"class": "text-secondary small"}})

    class Meta:
        model = ProductClass
        fields = ["name", "parent", "department", "target_rate", "is_active", "code"]
        attrs = ATTRS
