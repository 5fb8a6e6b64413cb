"""Awards on the credit record: an award that was not revoked counts for its holder from the day it took
effect (a positive event)."""

from __future__ import annotations

from brands.models import Award
from core import credit_events


@credit_events.source("award", label="获得质量奖项或名牌", positive=True)
def awards(start, end, enterprise_ids=None):
    rows = Award.objects.filter(revoked_on__isnull=True, valid_from__range=(start, end))
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=list(enterprise_ids))
    url = credit_events.detail_url("brands:award_detail")
    return [
        credit_events.Event(
            enterprise_id=enterprise_id,
            date=day,
            kind="award",
            ref=f"brands.Award:{pk}",
            description=credit_events.shorten(f"{year}年{type_name}{'：' + product if product else ''}"),
            url=url(pk),
        )
        for pk, enterprise_id, day, year, type_name, product in rows.values_list(
            "pk", "enterprise_id", "valid_from", "year", "award_type__name", "product"
        )
    ]
