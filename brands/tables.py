import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone
from django.utils.html import format_html

from brands.choices import AwardState
from brands.models import Award, AwardType, EvaluationRound, Expert

# Columns a phone can do without: the table keeps year, award, enterprise, product, validity and state.
WIDE_ONLY = {"th": {"class": "d-none d-lg-table-cell"}, "td": {"class": "d-none d-lg-table-cell"}}
# Columns a laptop (1366 px, beside the filters) can do without too, so names are not squeezed into
# one word per line; they are on the award's page and in the Excel export.
WIDEST_ONLY = {"th": {"class": "d-none d-xxl-table-cell"}, "td": {"class": "d-none d-xxl-table-cell"}}
NOWRAP = {"td": {"class": "text-nowrap"}}

STATE_BADGES = {
    AwardState.VALID: "text-bg-success",
    AwardState.EXPIRED: "text-bg-secondary",
    AwardState.REVOKED: "text-bg-danger",
    AwardState.PENDING: "text-bg-info",
}


class AwardTable(tables.Table):
    award_type = tables.Column(verbose_name="奖项", attrs=NOWRAP)
    enterprise = tables.Column(
        linkify=lambda record: record.get_absolute_url(),
        verbose_name="企业",
        attrs={"td": {"style": "min-width: 10rem"}},
    )
    region = tables.Column(
        accessor="enterprise__region", verbose_name="地区", orderable=False, attrs=WIDE_ONLY
    )
    state = tables.Column(empty_values=(), verbose_name="今日状态", orderable=False, attrs=NOWRAP)
    certificate_no = tables.Column(attrs=WIDEST_ONLY)
    valid_from = tables.DateColumn(format="Y-m-d", attrs=WIDEST_ONLY)
    valid_until = tables.DateColumn(format="Y-m-d", default="长期", attrs=NOWRAP)
    reward_amount = tables.Column(
        attrs={
            "th": {"class": "d-none d-lg-table-cell text-end"},
            "td": {"class": "d-none d-lg-table-cell text-end"},
        }
    )
    reward_paid_on = tables.DateColumn(format="Y-m-d", attrs=WIDEST_ONLY)

    class Meta:
        model = Award
        fields = [
            "year",
            "award_type",
            "enterprise",
            "region",
            "product",
            "certificate_no",
            "valid_from",
            "valid_until",
            "state",
            "reward_amount",
            "reward_paid_on",
        ]
        # On a phone the table scrolls sideways rather than breaking names into one character per line.
        attrs = {"class": "table table-hover table-sm", "style": "min-width: 36rem"}
        template_name = "django_tables2/portal.html"

    def render_reward_amount(self, value):
        return intcomma(round(value))

    # Excel gets the values themselves: dates as dates, amounts as numbers.
    def value_valid_from(self, value):
        return value

    def value_valid_until(self, value):
        return value

    def value_reward_paid_on(self, value):
        return value

    def value_reward_amount(self, value):
        return value

    def render_state(self, record):
        state = AwardState(record.state_on(timezone.localdate()))
        return format_html('<span class="badge {}">{}</span>', STATE_BADGES[state], state.label)

    def value_state(self, record):
        return AwardState(record.state_on(timezone.localdate())).label


class ExpiringTable(AwardTable):
    days_left = tables.Column(empty_values=(), verbose_name="剩余天数", orderable=False)

    class Meta(AwardTable.Meta):
        fields = [
            "valid_until",
            "days_left",
            "award_type",
            "enterprise",
            "region",
            "product",
            "certificate_no",
        ]
        sequence = ("valid_until", "days_left", "...")
        exclude = ["state", "year", "valid_from", "reward_amount", "reward_paid_on"]

    def render_days_left(self, record):
        return (record.valid_until - timezone.localdate()).days


class AwardTypeTable(tables.Table):
    name = tables.Column(linkify=lambda record: record.get_absolute_url())
    default_validity_years = tables.Column(default="长期有效")
    # The code is what the API and imports take: kept, but last and quiet.
    code = tables.Column(verbose_name="接口代码", attrs={"td": {"class": "text-secondary small"}})
    edit = tables.TemplateColumn(
        '<a href="{% url \'brands:award_type_edit\' record.pk %}" class="text-nowrap"><i class="bi bi-pencil"></i> 配置</a>',
        verbose_name="",
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        model = AwardType
        fields = ["name", "awarding_body", "subject", "default_validity_years", "department", "code"]
        attrs = {"class": "table table-hover table-sm align-middle"}


class RoundTable(tables.Table):
    title = tables.Column(linkify=True)
    applications = tables.Column(accessor="application_count", verbose_name="申报数", orderable=False)
    applications_close = tables.DateColumn(format="Y-m-d")
    announce_on = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = EvaluationRound
        fields = ["year", "title", "status", "quota", "applications", "applications_close", "announce_on"]
        attrs = {"class": "table table-hover table-sm"}


class ExpertTable(tables.Table):
    name = tables.Column(linkify=True)
    user = tables.Column(verbose_name="平台账号")

    class Meta:
        model = Expert
        fields = ["name", "organisation", "title", "speciality", "phone", "user", "is_active"]
        attrs = {"class": "table table-hover table-sm"}
