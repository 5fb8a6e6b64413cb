"""Incidents as the source of the assessments' veto 发生区域性、系统性重大质量安全事件 (国办发〔2013〕47号 第五条)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Q

from core import vetoes
from incidents.models import Incident


@vetoes.source("incidents", label="质量安全事故登记")
def incident_findings(region_ids: list[int], start: dt.date, end: dt.date) -> Iterator[vetoes.VetoFinding]:
    rows = Incident.objects.filter(
        Q(regional=True) | Q(systemic=True),
        region_id__in=region_ids,
        occurred_on__range=(start, end),
    )
    for incident in rows:
        yield vetoes.VetoFinding(
            region_id=incident.region_id,
            day=incident.occurred_on,
            # What an announced result may show anyone: the date, the grade and the extent, not the details.
            label=f"{incident.occurred_on:%Y-%m-%d} {incident.get_grade_display()}"
            f"{incident.extent_label}{incident.get_domain_display()}事件",
            url=incident.get_absolute_url(),
            lifted=incident.veto_lifted_at is not None,
            lift_reason=incident.veto_lift_reason,
        )
