from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

STATUS_ICONS = {
    "met": "check-circle-fill",
    "not_met": "x-circle-fill",
    "at_risk": "exclamation-triangle-fill",
    "no_data": "dash-circle",
    "qualitative": "chat-square-text",
}


@register.simple_tag
def status_badge(row, hidden: bool = False):
    """A coloured status badge for an attainment row (or “未审核” when the figure is held back)."""
    if row is None:
        return mark_safe(
            '<span class="badge status-no_data"><i class="bi bi-dash-circle me-1"></i>无数据</span>'
        )
    label = (
        row.get_verdict_display() if row.status == "qualitative" and row.verdict else row.get_status_display()
    )
    partial = "（年度未完）" if row.partial and row.status in ("met", "at_risk") else ""
    return format_html(
        '<span class="badge status-{}"><i class="bi bi-{} me-1"></i>{}{}</span>',
        row.status,
        STATUS_ICONS[row.status],
        label,
        partial,
    )


@register.filter
def figure(value: Decimal | None, unit: str = "") -> str:
    """A figure without trailing zeros, with its unit: 96.5%, 18项."""
    if value is None:
        return "—"
    text = f"{value.quantize(Decimal('0.01')).normalize():f}"
    return f"{text}{unit}"
