import django_tables2 as tables

from assessments.models import Scheme


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
        attrs = {"class": "table table-hover table-sm"}
