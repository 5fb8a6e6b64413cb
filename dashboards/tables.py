import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma

from core.models import StatsRun


class StatsRunTable(tables.Table):
    id = tables.Column(verbose_name="编号", linkify=("dashboards:run_detail", [tables.A("pk")]))
    status = tables.TemplateColumn(
        template_name="dashboards/_run_status.html", verbose_name="状态", order_by="status"
    )
    queued_at = tables.DateTimeColumn(format="Y-m-d H:i:s")
    started_at = tables.DateTimeColumn(format="H:i:s")
    finished_at = tables.DateTimeColumn(format="H:i:s")
    duration_s = tables.Column(
        verbose_name="用时（秒）", orderable=False, attrs={"cell": {"class": "text-end"}}
    )
    rows = tables.Column(attrs={"cell": {"class": "text-end"}})
    is_current = tables.BooleanColumn(verbose_name="当前快照", yesno="✔,")

    class Meta:
        model = StatsRun
        fields = [
            "id",
            "status",
            "scope",
            "trigger",
            "started_by",
            "queued_at",
            "started_at",
            "finished_at",
            "duration_s",
            "rows",
            "is_current",
        ]
        attrs = {"class": "table table-hover table-sm text-nowrap"}

    def render_duration_s(self, value):
        return f"{value:.1f}"

    def render_rows(self, value):
        return intcomma(value)
