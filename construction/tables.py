import django_tables2 as tables

from construction.models import Deposit, Project, Ranking, ResponsibleUnit, UnitScore

NOWRAP = {"td": {"class": "text-nowrap"}}
# On the page the year is the title's and the credit code the unit's page's; both stay in the export.
WIDEST_ONLY = {"th": {"class": "d-none d-xxl-table-cell"}, "td": {"class": "d-none d-xxl-table-cell"}}
NUM = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}
ATTRS = {"class": "table table-sm table-hover align-middle"}


class UnitTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = ResponsibleUnit
        fields = ["name", "uscc", "kind", "qualification", "region"]
        attrs = ATTRS


class ProjectTable(tables.Table):
    name = tables.Column(linkify=True)
    started_on = tables.DateColumn(format="Y-m-d", attrs=NOWRAP)
    completed_on = tables.DateColumn(format="Y-m-d", attrs=NOWRAP)

    class Meta:
        model = Project
        fields = ["code", "name", "region", "contractor", "supervisor", "started_on", "completed_on"]
        attrs = ATTRS


class RankingTable(tables.Table):
    year = tables.Column(linkify=True)
    published_at = tables.DateTimeColumn(format="Y-m-d", default="未发布")

    class Meta:
        model = Ranking
        fields = ["year", "department", "published_at", "notes"]
        attrs = ATTRS


class ScoreTable(tables.Table):
    """A ranking's rows: the components as entered, the total and the rank within the kind of unit."""

    year = tables.Column(accessor="ranking__year", verbose_name="年度", attrs=WIDEST_ONLY)
    kind = tables.Column(accessor="unit__get_kind_display", verbose_name="主体类别", order_by="unit__kind")
    rank = tables.Column(attrs=NUM)
    unit = tables.Column(linkify=lambda record: record.unit.get_absolute_url())
    uscc = tables.Column(accessor="unit__uscc", verbose_name="统一社会信用代码", attrs=WIDEST_ONLY)
    inspection_score = tables.Column(attrs=NUM)
    accidents = tables.Column(attrs=NUM)
    complaints = tables.Column(attrs=NUM)
    awards = tables.Column(attrs=NUM)
    total = tables.Column(attrs=NUM)

    class Meta:
        model = UnitScore
        fields = [
            "year",
            "kind",
            "rank",
            "unit",
            "uscc",
            "inspection_score",
            "accidents",
            "complaints",
            "awards",
            "total",
        ]
        attrs = ATTRS
        empty_text = "本年度还没有信誉评分。"


class DepositTable(tables.Table):
    project = tables.Column(linkify=lambda record: record.get_absolute_url())
    region = tables.Column(accessor="project__region", verbose_name="县区")
    state = tables.Column(accessor="get_state_display", verbose_name="状态", orderable=False)
    amount_due = tables.Column(attrs=NUM)
    paid_amount = tables.Column(attrs=NUM)
    returned_amount = tables.Column(attrs=NUM)
    forfeited_amount = tables.Column(attrs=NUM)

    class Meta:
        model = Deposit
        fields = [
            "project",
            "region",
            "amount_due",
            "paid_amount",
            "paid_on",
            "returned_amount",
            "returned_on",
            "forfeited_amount",
            "forfeited_on",
            "state",
        ]
        attrs = ATTRS
