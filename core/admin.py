from django.contrib import admin

from accounts import policy
from core.models import StatsRun

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
