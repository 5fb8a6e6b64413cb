"""Template tags other apps' pages use to show complaint notices (the office's home page)."""

from django import template

from accounts import policy
from complaints import selectors

register = template.Library()


@register.inclusion_tag("complaints/_provisional.html")
def provisional_deadlines(user) -> dict:
    """The notice that pending deadlines reach a year whose holidays nobody has entered (for the office)."""
    if not policy.allowed(user, "complaints.calendar"):
        return {"provisional": []}
    return {
        "provisional": selectors.provisional_summary(selectors.complaints_for(user)),
        "can_enter_calendar": True,
    }
