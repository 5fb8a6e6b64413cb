import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from complaints import privacy, selectors, workdays
from complaints.choices import OPEN_STATUSES, Status
from complaints.models import HOTLINE_RULES, CalendarDay, Complaint, Hotline
from core.exports import choice_value
from core.search import SearchColumn

STATUS_COLOURS = {
    Status.RECEIVED: "secondary",
    Status.ACCEPTED: "info",
    Status.REJECTED: "dark",
    Status.ASSIGNED: "primary",
    Status.HANDLED: "warning",
    Status.CLOSED: "success",
}


NOWRAP = {"td": {"class": "text-nowrap"}, "th": {"class": "text-nowrap"}}
# The complainant and the domain are on the complaint's own page; the list shows them only on screens wider
# than a laptop's, so at 1366 px the subject keeps room to be read.
WIDE_SCREENS_ONLY = {
    "td": {"class": "text-nowrap d-none d-xxl-table-cell"},
    "th": {"class": "text-nowrap d-none d-xxl-table-cell"},
}


def status_badge(complaint: Complaint) -> str:
    """The complaint's status as a coloured badge, in lists and on its own page alike."""
    return format_html(
        '<span class="badge text-bg-{}">{}</span>',
        STATUS_COLOURS[complaint.status],
        complaint.get_status_display(),
    )


class ComplaintTable(tables.Table):
    """Complaints; the complainant comes through the privacy helper, on the page and in the Excel export alike."""

    number = SearchColumn(linkify=True, attrs=NOWRAP)
    received_at = tables.DateTimeColumn(format="Y-m-d", attrs=NOWRAP)  # the hour is on the complaint's page
    hotline = tables.Column(attrs=NOWRAP)
    kind = tables.Column(attrs=NOWRAP)
    domain = tables.Column(attrs=WIDE_SCREENS_ONLY)
    region = tables.Column(attrs=NOWRAP)
    subject = SearchColumn(attrs={"td": {"style": "min-width: 10rem"}})
    complainant_name = tables.Column(verbose_name="投诉人", empty_values=(), attrs=WIDE_SCREENS_ONLY)
    complainant_phone = tables.Column(verbose_name="联系电话", empty_values=(), attrs=WIDE_SCREENS_ONLY)
    status = tables.Column(attrs=NOWRAP)
    department = tables.Column(attrs=NOWRAP)
    due_on = tables.Column(attrs=NOWRAP)

    class Meta:
        model = Complaint
        fields = [
            "number",
            "received_at",
            "hotline",
            "kind",
            "domain",
            "region",
            "subject",
            "complainant_name",
            "complainant_phone",
            "status",
            "department",
            "due_on",
        ]
        attrs = {"class": "table table-hover table-sm align-middle"}
        order_by = ["-received_at"]

    def _user(self):
        request = getattr(self, "request", None)
        return getattr(request, "user", None)

    def value_received_at(self, value):
        return value  # Excel gets the date and the hour, as a date

    def render_complainant_name(self, record):
        return privacy.complainant_name(self._user(), record)

    def render_complainant_phone(self, record):
        return privacy.complainant_phone(self._user(), record)

    def order_complainant_name(self, queryset, is_descending):
        return privacy.order_by_personal(queryset, "complainant_name", is_descending), True

    def order_complainant_phone(self, queryset, is_descending):
        return privacy.order_by_personal(queryset, "complainant_phone", is_descending), True

    def render_status(self, record):
        if record.supervised and record.status in OPEN_STATUSES:
            return format_html('{} <span class="badge text-bg-danger">督办</span>', status_badge(record))
        return status_badge(record)

    value_status = choice_value("status")

    # The years whose holidays are on record; the list view sets them (an export reads them once).
    entered_years: set[int] | None = None

    def _entered_years(self) -> set[int]:
        if self.entered_years is None:
            self.entered_years = workdays.entered_years()
        return self.entered_years

    def render_due_on(self, record, value):
        if value is None:
            return "中止中" if record.paused_since else "—"
        late = record.status in OPEN_STATUSES and value < timezone.localdate()
        if late:
            return format_html('<span class="text-danger fw-semibold">{} 超期</span>', f"{value:%Y-%m-%d}")
        year = selectors.provisional_year(record, self._entered_years())
        if year:
            return format_html(
                '{} <span class="badge text-bg-warning" title="{} 年节假日安排尚未录入">暂定</span>',
                f"{value:%Y-%m-%d}",
                year,
            )
        return f"{value:%Y-%m-%d}"

    def value_due_on(self, value):
        return value


class DeadlineTable(ComplaintTable):
    """The overdue and due-soon lists: what the complaint waits on, and since or until when."""

    waiting = tables.Column(verbose_name="待办环节", empty_values=(), orderable=False, attrs=NOWRAP)

    class Meta(ComplaintTable.Meta):
        fields = [
            "number",
            "hotline",
            "received_at",
            "region",
            "subject",
            "status",
            "waiting",
            "department",
            "due_on",
        ]
        sequence = fields
        exclude = ["kind", "domain", "complainant_name", "complainant_phone"]
        order_by = ["due_on"]

    def render_waiting(self, record):
        if record.paused_since:
            return "中止"
        return "受理" if record.status == Status.RECEIVED else "办理"


class HotlineTable(tables.Table):
    name = tables.Column(attrs=NOWRAP)
    edit = tables.LinkColumn(
        "complaints:hotline_edit",
        args=[tables.A("pk")],
        text="编辑",
        orderable=False,
        verbose_name="",
        attrs=NOWRAP,
    )

    class Meta:
        model = Hotline
        fields = ["code", "name", "department", *HOTLINE_RULES]
        attrs = {"class": "table table-hover table-sm align-middle"}


class CalendarDayTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d（D）")
    is_working_day = tables.Column(verbose_name="类型")
    edit = tables.LinkColumn(
        "complaints:calendar_edit", args=[tables.A("pk")], text="编辑", orderable=False, verbose_name=""
    )
    delete = tables.LinkColumn(
        "complaints:calendar_delete",
        args=[tables.A("pk")],
        text="删除",
        orderable=False,
        verbose_name="",
        attrs={"a": {"class": "text-danger"}},
    )

    class Meta:
        model = CalendarDay
        fields = ["date", "is_working_day", "name"]
        attrs = {"class": "table table-hover table-sm align-middle"}

    def render_is_working_day(self, value):
        if value:
            return mark_safe('<span class="badge text-bg-warning">调休上班</span>')  # noqa: S308 (a constant)
        return mark_safe('<span class="badge text-bg-success">放假</span>')  # noqa: S308 (a constant)

    def value_is_working_day(self, value):
        return "上班" if value else "放假"
