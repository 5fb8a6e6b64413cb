from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from foundations.models import (
    Agency,
    CultureEvent,
    CultureEvidence,
    MarketExit,
    MetrologyRecord,
    QualityStaff,
    Standard,
)


@admin.register(Standard)
class StandardAdmin(SimpleHistoryAdmin):
    list_display = ["year", "kind", "level", "code", "title", "holder_name", "region", "department"]
    list_filter = ["year", "kind", "level", "region"]
    search_fields = ["code", "title", "holder_name"]
    raw_id_fields = ["enterprise"]


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "cma_number", "region", "valid_until", "department"]
    list_filter = ["region"]
    search_fields = ["name", "cma_number"]


@admin.register(MetrologyRecord)
class MetrologyRecordAdmin(SimpleHistoryAdmin):
    list_display = ["year", "region", "category", "verified", "passed", "department"]
    list_filter = ["year", "region", "category"]


@admin.register(QualityStaff)
class QualityStaffAdmin(SimpleHistoryAdmin):
    list_display = ["year", "enterprise", "chief_officer", "trained", "qualified", "department"]
    list_filter = ["year"]
    search_fields = ["enterprise__name", "chief_officer"]
    raw_id_fields = ["enterprise"]


class CultureEvidenceInline(admin.TabularInline):
    model = CultureEvidence
    extra = 0


@admin.register(CultureEvent)
class CultureEventAdmin(SimpleHistoryAdmin):
    list_display = ["held_on", "title", "kind", "region", "organizer", "department"]
    list_filter = ["kind", "region"]
    search_fields = ["title", "organizer"]
    inlines = [CultureEvidenceInline]


@admin.register(MarketExit)
class MarketExitAdmin(SimpleHistoryAdmin):
    list_display = ["decided_on", "enterprise_name", "region", "kind", "reason", "department"]
    list_filter = ["kind", "reason", "region"]
    search_fields = ["enterprise_name", "licence_no", "decision_no"]
    raw_id_fields = ["enterprise"]
