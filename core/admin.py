from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts import policy
from core.models import Job, StatsRun

# Only the administrator role reaches the Django admin.
admin.site.has_permission = lambda request: policy.allowed(request.user, "admin.site")
admin.site.site_header = "质量强市工作平台 · 后台管理"
admin.site.site_title = "质量强市工作平台"


@admin.register(StatsRun)
class StatsRunAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "status",
        "scope",
        "trigger",
        "queued_at",
        "started_at",
        "finished_at",
        "rows",
        "is_current",
    ]
    list_filter = ["status", "scope", "trigger"]
    readonly_fields = [f.name for f in StatsRun._meta.fields]


@admin.register(Job)
class JobAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "kind", "name", "status", "check_only", "user", "created_at", "finished_at"]
    list_filter = ["kind", "status", "check_only"]
    search_fields = ["name"]
    readonly_fields = [f.name for f in Job._meta.fields]
