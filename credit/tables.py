import django_tables2 as tables
from django.utils.html import format_html

from credit.models import BlacklistEntry, CreditRating, Penalty, RatingRule

NOWRAP = {"td": {"class": "text-nowrap"}}
WIDE_ONLY = {"th": {"class": "d-none d-lg-table-cell"}, "td": {"class": "d-none d-lg-table-cell"}}


class PenaltyTable(tables.Table):
    decision_number = tables.Column(linkify=True, attrs=NOWRAP)
    enterprise = tables.Column(verbose_name="企业")
    region = tables.Column(attrs=WIDE_ONLY)
    decided_on = tables.DateColumn(format="Y-m-d", attrs=NOWRAP)
    fine = tables.Column(attrs={"td": {"class": "text-end"}})
    confiscated = tables.Column(verbose_name="没收金额（万元）", attrs={"td": {"class": "text-end"}})
    published = tables.BooleanColumn(yesno="是,否")

    class Meta:
        model = Penalty
        fields = [
            "decision_number",
            "enterprise",
            "region",
            "department",
            "cause",
            "category",
            "fine",
            "confiscated",
            "decided_on",
            "published",
        ]
        attrs = {"class": "table table-sm table-hover align-middle"}


class BlacklistTable(tables.Table):
    enterprise = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name="企业")
    region = tables.Column(attrs=WIDE_ONLY)
    listed_on = tables.DateColumn(format="Y-m-d", attrs=NOWRAP)
    removed_on = tables.DateColumn(format="Y-m-d", attrs=NOWRAP)
    published = tables.BooleanColumn(yesno="是,否")

    class Meta:
        model = BlacklistEntry
        fields = ["enterprise", "region", "department", "document", "listed_on", "removed_on", "published"]
        attrs = {"class": "table table-sm table-hover align-middle"}


class RatingTable(tables.Table):
    period = tables.Column(verbose_name="年度", attrs=NOWRAP)
    enterprise = tables.Column(
        linkify=lambda record: record.enterprise.get_absolute_url(),
        verbose_name="企业",
        order_by="enterprise__name",
    )
    uscc = tables.Column(accessor="enterprise__uscc", verbose_name="统一社会信用代码", attrs=WIDE_ONLY)
    region = tables.Column(attrs=WIDE_ONLY)
    grade = tables.Column(attrs=NOWRAP)
    score = tables.Column(attrs={"td": {"class": "text-end"}})
    blacklisted = tables.BooleanColumn(yesno="是,否")
    negative_events = tables.Column(attrs={"td": {"class": "text-end"}})
    positive_events = tables.Column(attrs={"td": {"class": "text-end"}})

    class Meta:
        model = CreditRating
        fields = [
            "period",
            "enterprise",
            "uscc",
            "region",
            "grade",
            "score",
            "blacklisted",
            "negative_events",
            "positive_events",
        ]
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_grade(self, record, value):
        return format_html('<span class="badge {}">{}</span>', record.grade_badge, value)

    def value_grade(self, record, value):
        return value


class RatingRuleTable(tables.Table):
    name = tables.Column(linkify=("credit:rule_edit", [tables.A("pk")]))
    description = tables.Column(verbose_name="规则", orderable=False, empty_values=())
    active = tables.BooleanColumn(yesno="是,否")

    class Meta:
        model = RatingRule
        fields = ["order", "name", "description", "active", "basis"]
        attrs = {"class": "table table-sm table-hover align-middle"}
