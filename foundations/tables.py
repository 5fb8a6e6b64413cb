import django_tables2 as tables

from foundations.models import Agency, CultureEvent, MarketExit, MetrologyRecord, QualityStaff, Standard

ATTRS = {"class": "table table-hover table-sm"}


class StandardTable(tables.Table):
    title = tables.Column(linkify=True)
    published_on = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = Standard
        fields = [
            "year",
            "kind",
            "level",
            "code",
            "title",
            "holder_name",
            "region",
            "published_on",
            "department",
        ]
        attrs = ATTRS


class AgencyTable(tables.Table):
    name = tables.Column(linkify=True)
    valid_until = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = Agency
        fields = ["name", "cma_number", "region", "scope", "valid_until", "department"]
        attrs = ATTRS


class MetrologyTable(tables.Table):
    region = tables.Column(linkify=lambda record: record.get_absolute_url())
    rate = tables.Column(verbose_name="合格率", empty_values=(), orderable=False)

    class Meta:
        model = MetrologyRecord
        fields = ["year", "region", "category", "verified", "passed", "rate", "department", "notes"]
        attrs = ATTRS

    def render_rate(self, record):
        return f"{record.passed * 100 / record.verified:.2f}%" if record.verified else "—"

    def value_rate(self, record):
        return round(record.passed * 100 / record.verified, 2) if record.verified else None


class QualityStaffTable(tables.Table):
    enterprise = tables.Column(linkify=lambda record: record.get_absolute_url())
    region = tables.Column(verbose_name="县区", accessor="enterprise__region", orderable=False)

    class Meta:
        model = QualityStaff
        fields = ["year", "enterprise", "region", "chief_officer", "trained", "qualified", "department"]
        attrs = ATTRS


class CultureEventTable(tables.Table):
    title = tables.Column(linkify=True)
    held_on = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = CultureEvent
        fields = ["held_on", "title", "kind", "region", "organizer", "participants", "department"]
        attrs = ATTRS


class MarketExitTable(tables.Table):
    enterprise_name = tables.Column(linkify=True)
    decided_on = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = MarketExit
        fields = [
            "decided_on",
            "enterprise_name",
            "region",
            "kind",
            "reason",
            "licence_no",
            "product",
            "department",
        ]
        attrs = ATTRS
