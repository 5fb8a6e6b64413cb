import django_tables2 as tables

from core.search import SearchColumn
from organizations.models import Department, Enterprise, Region


class RegionTable(tables.Table):
    name = tables.Column(linkify=True)
    valid_from = tables.DateColumn(format="Y-m-d")
    valid_until = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = Region
        fields = ["code", "name", "kind", "parent", "national_code", "valid_from", "valid_until", "successor"]
        attrs = {"class": "table table-hover table-sm"}


class DepartmentTable(tables.Table):
    short_name = tables.Column(linkify=True)

    class Meta:
        model = Department
        fields = ["code", "short_name", "name", "group_role", "member_name", "member_title"]
        attrs = {"class": "table table-hover table-sm"}


class EnterpriseTable(tables.Table):
    name = SearchColumn(linkify=True)
    uscc = SearchColumn()

    class Meta:
        model = Enterprise
        fields = ["name", "uscc", "region", "industry", "address"]
        attrs = {"class": "table table-hover table-sm"}
