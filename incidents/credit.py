"""Incidents on the credit record: a 较大 or worse incident (较大, 重大, 特别重大) with an enterprise named is a
negative event of that enterprise on the day it happened; a 一般 one is not."""

from __future__ import annotations

from core import credit_events
from incidents.choices import Grade
from incidents.models import Incident

SERIOUS_GRADES = (Grade.LARGE, Grade.MAJOR, Grade.EXTRAORDINARY)


@credit_events.source("incident", label="较大及以上质量安全事故")
def incidents(start, end, enterprise_ids=None):
    rows = Incident.objects.filter(
        enterprise__isnull=False, grade__in=SERIOUS_GRADES, occurred_on__range=(start, end)
    )
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=list(enterprise_ids))
    url = credit_events.detail_url("incidents:incident_detail")
    grades = dict(Grade.choices)
    return [
        credit_events.Event(
            enterprise_id=enterprise_id,
            date=day,
            kind="incident",
            ref=f"incidents.Incident:{pk}",
            description=credit_events.shorten(f"{grades[grade]}质量安全事故：{title}"),
            url=url(pk),
        )
        for pk, enterprise_id, day, grade, title in rows.values_list(
            "pk", "enterprise_id", "occurred_on", "grade", "title"
        )
    ]
