from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import NoticeSent, User


@admin.register(User)
class PortalUserAdmin(SimpleHistoryAdmin, UserAdmin):
    list_display = ["username", "full_name", "role", "region", "department", "is_active"]
    list_filter = ["role", "region", "department", "is_active"]
    search_fields = ["username", "full_name"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("角色与范围", {"fields": ["role", "region", "department", "full_name", "phone"]}),
        ("待办提醒", {"fields": ["receives_digest"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        ("角色与范围", {"fields": ["role", "region", "department", "full_name"]}),
    ]


@admin.register(NoticeSent)
class NoticeSentAdmin(admin.ModelAdmin):
    """What the morning digest sent: a log, read only."""

    list_display = ["date", "channel", "user", "items", "sent_at"]
    list_filter = ["channel", "date"]
    search_fields = ["user__username", "user__full_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
