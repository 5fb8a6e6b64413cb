from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

STATUS_ICONS = {
    "met": "check-circle-fill",
    "not_met": "x-circle-fill",
    "at_risk": "exclamation-triangle-fill",
    "incomplete": "hourglass-split",
    "no_data": "dash-circle",
    "qualitative": "chat-square-text",
}


@register.simple_tag
def status_badge(row):
    """A coloured status badge for an attainment row."""
    if row is None:
        return mark_safe(
            '<span class="badge status-no_data"><i class="bi bi-dash-circle me-1"></i>无数据</span>'
        )
    label = (
        row.get_verdict_display() if row.status == "qualitative" and row.verdict else row.get_status_display()
    )
    # Why a figure is not judged (已报 4/6 县区, 年度未完) stands beside the status, in the same badge.
    reason = f"（{row.reason}）" if row.reason else ""
    return format_html(
        '<span class="badge status-{}"><i class="bi bi-{} me-1"></i>{}{}</span>',
        row.status,
        STATUS_ICONS[row.status],
        label,
        reason,
    )


@register.filter
def figure(value: Decimal | None, unit: str = "") -> str:
    """A figure with its unit as the dashboards print it: rates to two decimals (96.50%), other figures
    without trailing zeros (18项, 86.8); thousands grouped as the locale formats them."""
    if value is None:
        return "—"
    if unit == "%":
        # Shown rounded half up to two decimals; comparisons use the unrounded value.
        shown = Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return f"{number_format(shown, 2, force_grouping=True)}%"
    rounded = Decimal(value).quantize(Decimal("0.01")).normalize()
    decimals = max(0, -rounded.as_tuple().exponent)
    return f"{number_format(rounded, decimals, force_grouping=True)}{unit}"
