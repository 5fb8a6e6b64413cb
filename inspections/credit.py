"""Spot checks on the credit record: a sample whose counted verdict is 不合格 is a negative event of its producer
(of the sampled unit where the producer is not in the register)."""

from __future__ import annotations

from django.db.models.functions import Coalesce

from core import credit_events
from inspections.choices import Conclusion
from inspections.models import SpotCheckResult


@credit_events.source("failed_spot_check", label="监督抽查不合格")
def failed_spot_checks(start, end, enterprise_ids=None):
    rows = (
        SpotCheckResult.objects.filter(counted=Conclusion.FAIL, sampled_on__range=(start, end))
        .annotate(holder=Coalesce("producer_id", "sampled_unit_id"))
        .filter(holder__isnull=False)
    )
    if enterprise_ids is not None:
        rows = rows.filter(holder__in=list(enterprise_ids))
    url = credit_events.detail_url("inspections:result_detail")
    return [
        credit_events.Event(
            enterprise_id=holder,
            date=day,
            kind="failed_spot_check",
            ref=f"inspections.SpotCheckResult:{pk}",
            description=credit_events.shorten(f"{product} 抽查不合格{'：' + items if items else ''}"),
            url=url(pk),
        )
        for pk, holder, day, product, items in rows.values_list(
            "pk", "holder", "sampled_on", "product_name", "failed_items"
        )
    ]
