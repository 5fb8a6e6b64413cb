from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from inspections.models import (
    AcceptanceRecord,
    InspectionPlan,
    Inspector,
    PlanQuota,
    ProductClass,
    SpotCheckResult,
    SpotCheckTotal,
)


@admin.register(ProductClass)
class ProductClassAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "parent", "department", "target_rate", "is_active", "sort_order"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]


@admin.register(Inspector)
class InspectorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "badge_no", "department", "is_active"]
    list_filter = ["department", "is_active"]
    search_fields = ["name", "badge_no"]
    autocomplete_fields = ["conflicts"]


class PlanQuotaInline(admin.TabularInline):
    model = PlanQuota
    extra = 0


@admin.register(InspectionPlan)
class InspectionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "level", "department", "status", "drawn_at"]
    list_filter = ["year", "level", "status"]
    inlines = [PlanQuotaInline]
    readonly_fields = ["status", "draw_seed", "drawn_at", "published_at"]


@admin.register(SpotCheckResult)
class SpotCheckResultAdmin(SimpleHistoryAdmin):
    list_display = [
        "sampled_on",
        "product_name",
        "producer_name",
        "region",
        "level",
        "product_class",
        "conclusion",
    ]
    list_filter = ["level", "product_class", "conclusion", "region"]
    search_fields = ["product_name", "producer_name", "sampled_unit_name"]
    raw_id_fields = ["producer", "sampled_unit", "plan"]
    date_hierarchy = "sampled_on"


@admin.register(AcceptanceRecord)
class AcceptanceRecordAdmin(SimpleHistoryAdmin):
    list_display = ["project_name", "size", "region", "accepted_on", "first_time_passed"]
    list_filter = ["size", "first_time_passed", "region"]
    search_fields = ["project_name", "permit_no"]
    raw_id_fields = ["builder"]


@admin.register(SpotCheckTotal)
class SpotCheckTotalAdmin(SimpleHistoryAdmin):
    list_display = [
        "sampled_on",
        "level",
        "product_class",
        "check_kind",
        "region",
        "inspected",
        "passed",
        "bulletin_no",
    ]
    list_filter = ["level", "check_kind", "product_class"]
    search_fields = ["bulletin_no", "statement"]
