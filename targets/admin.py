from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from targets.models import Indicator, KeyTask, PeriodClosure, Submission, Target


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "domain", "unit", "aggregation", "department", "source_metric"]
    list_filter = ["domain", "unit", "department"]
    search_fields = ["code", "name"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "year", "clause", "comparator", "threshold", "tolerance", "scope"]
    list_filter = ["year", "comparator", "scope"]
    search_fields = ["code", "name", "wording"]


@admin.register(KeyTask)
class KeyTaskAdmin(SimpleHistoryAdmin):
    list_display = ["clause", "title", "section", "lead"]
    filter_horizontal = ["supporting"]


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "year", "status", "submitted_at", "approved_by", "approved_at"]
    list_filter = ["year", "status"]


admin.site.register(PeriodClosure, SimpleHistoryAdmin)
