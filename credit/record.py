"""The credit part of an enterprise's quality record: its rating with the reasons, its events, the blacklist."""

from core import credit_events
from core.registry import record_section
from credit import selectors


@record_section(title="质量信用", template="credit/record.html", order=5)
def credit_section(enterprise, user) -> dict:
    if not selectors.may_see_record(enterprise, user):
        # Another county's enterprise: its credit record holds that county's non-public records.
        return {"hidden": True}
    ratings = selectors.ratings_of(enterprise, user)
    latest = ratings[0] if ratings else None
    earlier = [r for r in ratings[1:] if r.reasons][: selectors.RECORD_YEARS]
    # Only what the viewer could open: an incident or complaint of another county stays out of sight.
    for shown in [latest, *earlier] if latest else []:
        shown.reasons = credit_events.visible_reasons(user, shown.reasons)
    found = selectors.events_of(enterprise)
    visible = credit_events.visible_refs(user, (event.ref for event in found))
    events = [(event, credit_events.label(event.kind)) for event in found if event.ref in visible]
    return {
        "rating": latest,
        # Earlier years that something moved, with their reasons.
        "earlier": earlier,
        "events": events,
        "blacklist": selectors.blacklist_of(enterprise, user),
        "summary": f"{latest.period} 年 {latest.get_grade_display()}" if latest else "",
        "positive": {kind.code for kind in credit_events.kinds() if kind.positive},
    }
