"""Admin for the administrator: read and correct records; the cycle itself runs through the pages and services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import Assessment, Item, ItemGroup, Scheme, VerificationDraw


@admin.register(Scheme)
class SchemeAdmin(SimpleHistoryAdmin):
    list_display = ["year", "title", "stage", "period_start", "period_end", "announced_at"]
    list_filter = ["stage"]


@admin.register(ItemGroup)
class ItemGroupAdmin(SimpleHistoryAdmin):
    list_display = ["scheme", "name", "parent", "points", "sort_order"]
    list_filter = ["scheme"]


@admin.register(Item)
class ItemAdmin(SimpleHistoryAdmin):
    list_display = ["scheme", "code", "name", "group", "max_points", "scoring", "metric"]
    list_filter = ["scheme", "scoring"]
    search_fields = ["code", "name"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["scheme", "region", "status", "self_total", "total", "grade", "rank", "vetoed"]
    list_filter = ["scheme", "status", "grade"]


@admin.register(VerificationDraw)
class VerificationDrawAdmin(SimpleHistoryAdmin):
    list_display = ["scheme", "seed", "count", "drawn", "drawn_by", "drawn_at"]
