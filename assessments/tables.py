import django_tables2 as tables
from django.utils.html import format_html

from assessments.choices import Stage
from assessments.models import Scheme

STAGE_BADGES = {Stage.DRAFT: "text-bg-secondary", Stage.ANNOUNCED: "text-bg-success"}  # the rest: in progress


class SchemeTable(tables.Table):
    year = tables.Column(linkify=True)
    title = tables.Column(linkify=True)

    class Meta:
        model = Scheme
        fields = [
            "year",
            "title",
            "stage",
            "period_start",
            "period_end",
            "self_assessment_due",
            "approval_due",
        ]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_stage(self, record):
        badge = STAGE_BADGES.get(record.stage, "text-bg-primary")
        return format_html('<span class="badge {}">{}</span>', badge, record.get_stage_display())

    def value_stage(self, record):
        return record.get_stage_display()
