import django_tables2 as tables

from surveys.models import Survey

RIGHT = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}
NOWRAP = {"td": {"class": "text-nowrap"}}
# Columns a laptop beside the filters can do without (they are on the survey's page and in the export).
WIDE_ONLY = {"th": {"class": "d-none d-xxl-table-cell"}, "td": {"class": "d-none d-xxl-table-cell"}}


class SurveyTable(tables.Table):
    sector = tables.Column(attrs=NOWRAP)
    title = tables.Column(linkify=True, attrs={"td": {"style": "min-width: 12rem"}})
    region = tables.Column(verbose_name="测评地区", attrs=NOWRAP)
    method = tables.Column(attrs=WIDE_ONLY)
    sample_size = tables.Column(attrs=RIGHT)
    agency = tables.Column(attrs=WIDE_ONLY)
    result_kind = tables.Column(attrs=WIDE_ONLY)
    result = tables.Column(attrs=RIGHT)
    completed_on = tables.DateColumn(format="Y-m-d", attrs=NOWRAP)

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
