from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import User


@admin.register(User)
class PortalUserAdmin(SimpleHistoryAdmin, UserAdmin):
    list_display = ["username", "full_name", "role", "region", "department", "is_active"]
    list_filter = ["role", "region", "department", "is_active"]
    search_fields = ["username", "full_name"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("角色与范围", {"fields": ["role", "region", "department", "full_name", "phone"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        ("角色与范围", {"fields": ["role", "region", "department", "full_name"]}),
    ]
