from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organizations.models import Department, Enterprise, Region


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "parent",
        "national_code",
        "valid_from",
        "valid_until",
        "successor",
    ]
    list_filter = ["kind", "national_code"]
    search_fields = ["code", "name"]
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "parent", "sort_order"]}),
        (
            "代码来源与有效期",
            {
                "fields": ["national_code", "valid_from", "valid_until", "successor"],
                "description": "辽东湾新区（2111A1）和辽河口生态经济区（2111A2）没有 GB/T 2260 国家代码，"
                "这两个代码是本平台自定的稳定代码，请勿更改。大洼县（211121）2016年撤县设区为大洼区（211104）。",
            },
        ),
    ]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["code", "short_name", "name", "group_role", "member_name", "member_title"]
    search_fields = ["code", "short_name", "name"]


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "uscc", "region", "industry"]
    list_filter = ["region"]
    search_fields = ["name", "uscc"]
