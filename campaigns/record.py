"""The campaign cases part of an enterprise's quality record."""

from campaigns.models import Case
from core.registry import record_section


@record_section(title="打假治劣案件", template="records/campaign_cases.html", order=40)
def cases_section(enterprise, user) -> dict:
    cases = list(
        Case.objects.for_user(user)
        .filter(enterprise=enterprise)
        .select_related("campaign")
        .order_by("-opened_on")
    )
    return {"cases": cases, "summary": f"共 {len(cases)} 起" if cases else ""}
