import django_tables2 as tables

from targets.models import Measurement
from targets.templatetags.targets_tags import figure


class MeasurementTable(tables.Table):
    indicator = tables.Column(verbose_name="指标")
    region = tables.Column(verbose_name="地区", attrs={"td": {"class": "text-nowrap"}})
    period = tables.Column(verbose_name="期间", linkify=True, attrs={"td": {"class": "text-nowrap"}})
    value = tables.Column(verbose_name="数值", attrs={"cell": {"class": "text-end text-nowrap"}})
    numerator = tables.Column(attrs={"cell": {"class": "text-end"}})
    denominator = tables.Column(attrs={"cell": {"class": "text-end"}})
    entered_by = tables.Column(verbose_name="填报人")
    updated_at = tables.DateTimeColumn(format="Y-m-d H:i", attrs={"td": {"class": "text-nowrap"}})

    class Meta:
        model = Measurement
        fields = [
            "indicator",
            "region",
            "period",
            "value",
            "numerator",
            "denominator",
            "source",
            "entered_by",
            "updated_at",
        ]
        attrs = {"class": "table table-hover table-sm"}

    def render_value(self, record, value):
        return figure(value, record.indicator.unit_label)

    def render_numerator(self, value):
        return figure(value)

    def render_denominator(self, value):
        return figure(value)
