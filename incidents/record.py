"""The incidents part of an enterprise's quality record (those the user may see)."""

from django.db.models import Count, Q

from core.registry import record_section
from incidents.models import Incident


@record_section(title="质量安全事故", template="records/incidents.html", order=40)
def incidents_section(enterprise, user) -> dict:
    queryset = Incident.objects.for_user(user).filter(enterprise=enterprise)
    totals = queryset.aggregate(
        total=Count("pk"), vetoing=Count("pk", filter=Q(regional=True) | Q(systemic=True))
    )
    return {
        "rows": list(queryset.select_related("region")),
        "summary": f"共 {totals['total']} 起，区域性或系统性 {totals['vetoing']} 起"
        if totals["total"]
        else "",
    }
