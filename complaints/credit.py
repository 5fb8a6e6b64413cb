"""Complaints on the credit record. A complaint is confirmed (查证属实) when it was handled — status 已办理 or 已办结 —
with the outcome 责令改正 or 立案查处: the handling department found the enterprise at fault. Mediated
(调解成功) and transferred orders are settled or passed on, not found against the enterprise, and inquiries
(咨询) are no complaint. The event is dated the day it was handled."""

from __future__ import annotations

from django.utils import timezone

from complaints.choices import Kind, Outcome, Status
from complaints.models import Complaint
from core import credit_events

CONFIRMED_OUTCOMES = (Outcome.CORRECTED, Outcome.CASE_OPENED)


@credit_events.source("confirmed_complaint", label="投诉举报查证属实")
def confirmed_complaints(start, end, enterprise_ids=None):
    rows = Complaint.objects.filter(
        enterprise__isnull=False,
        kind__in=[Kind.COMPLAINT, Kind.REPORT],
        status__in=[Status.HANDLED, Status.CLOSED],
        outcome__in=CONFIRMED_OUTCOMES,
        handled_at__date__range=(start, end),
    )
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=list(enterprise_ids))
    url = credit_events.detail_url("complaints:complaint_detail")
    outcomes, kinds = dict(Outcome.choices), dict(Kind.choices)
    return [
        credit_events.Event(
            enterprise_id=enterprise_id,
            date=timezone.localdate(handled_at),
            kind="confirmed_complaint",
            ref=f"complaints.Complaint:{pk}",
            # No subject or complainant: the record's page shows those to whom the complaint's scope allows.
            description=f"{hotline} {kinds[kind]}查证属实（{outcomes[outcome]}）",
            url=url(pk),
        )
        for pk, enterprise_id, handled_at, hotline, kind, outcome in rows.values_list(
            "pk", "enterprise_id", "handled_at", "hotline_id", "kind", "outcome"
        )
    ]
