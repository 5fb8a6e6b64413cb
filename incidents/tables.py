import django_tables2 as tables

from incidents.models import Incident

NOWRAP = {"td": {"class": "text-nowrap"}}
WIDE_ONLY = {"th": {"class": "d-none d-lg-table-cell"}, "td": {"class": "d-none d-lg-table-cell"}}


class IncidentTable(tables.Table):
    occurred_on = tables.DateColumn(format="Y-m-d", attrs=NOWRAP)
    title = tables.Column(linkify=True)
    region = tables.Column(attrs=NOWRAP)
    extent = tables.Column(
        verbose_name="区域性/系统性", accessor="extent_label", orderable=False, empty_values=()
    )
    enterprise = tables.Column(attrs=WIDE_ONLY)

    class Meta:
        model = Incident
        fields = ["occurred_on", "title", "region", "domain", "grade", "extent", "enterprise", "status"]
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = "没有符合条件的质量安全事故。"
