import django_tables2 as tables

from surveys.models import Survey


class SurveyTable(tables.Table):
    title = tables.Column(linkify=True)
    region = tables.Column(verbose_name="测评地区")
    result = tables.Column(attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}})
    sample_size = tables.Column(attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}})

    class Meta:
        model = Survey
        fields = [
            "year",
            "sector",
            "title",
            "region",
            "method",
            "sample_size",
            "agency",
            "result_kind",
            "result",
            "completed_on",
        ]
