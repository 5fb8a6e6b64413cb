from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from credit.models import BlacklistEntry, Penalty, RatingRule


@admin.register(Penalty)
class PenaltyAdmin(SimpleHistoryAdmin):
    list_display = ["decision_number", "enterprise", "department", "category", "decided_on", "published"]
    list_filter = ["category", "published"]
    search_fields = ["decision_number", "enterprise__name", "enterprise__uscc"]
    raw_id_fields = ["enterprise"]


@admin.register(BlacklistEntry)
class BlacklistEntryAdmin(SimpleHistoryAdmin):
    list_display = ["enterprise", "department", "listed_on", "removed_on", "published"]
    search_fields = ["enterprise__name", "enterprise__uscc", "document"]
    raw_id_fields = ["enterprise"]


@admin.register(RatingRule)
class RatingRuleAdmin(SimpleHistoryAdmin):
    list_display = [
        "order",
        "code",
        "name",
        "kind",
        "window_months",
        "min_events",
        "effect",
        "grade",
        "points",
    ]
