"""The complaints part of an enterprise's quality record."""

from django.db.models import Count, Q

from complaints.choices import Status
from complaints.selectors import complaints_for_enterprise
from core.registry import record_section

RECENT = 20


@record_section(title="投诉举报", template="records/complaints.html", order=30)
def complaints_section(enterprise, user) -> dict:
    queryset = complaints_for_enterprise(enterprise, user)
    totals = queryset.aggregate(
        total=Count("pk"), open=Count("pk", filter=~Q(status__in=[Status.CLOSED, Status.REJECTED]))
    )
    return {
        "rows": list(queryset.order_by("-received_at")[:RECENT]),
        "summary": f"共 {totals['total']} 件，未办结 {totals['open']} 件",
        "more": totals["total"] > RECENT,
    }
