"""Reads of the campaigns app: a campaign's figures per county, from the current statistics run."""

from __future__ import annotations

from decimal import Decimal

from campaigns.models import Campaign
from campaigns.stats import METRICS
from core.models import Statistic
from core.stats import current_run
from organizations.models import Region


def campaign_figures(user, campaign: Campaign) -> list[dict]:
    """Per county the user may see (and the city): cases, value of goods, fines, referrals and major cases of
    the campaign over its whole period, as the nightly job counted them (one query)."""
    run = current_run()
    if run is None:
        return []
    years = [str(y) for y in range(campaign.starts_on.year, campaign.ends_on.year + 1)]
    rows = (
        Statistic.objects.for_user(user)
        .filter(run=run, metric__in=METRICS, dim1="", dim2=str(campaign.pk), period__in=years)
        .values_list("metric", "region_id", "value")
    )
    figures: dict[int, dict[str, Decimal]] = {}
    for metric, region_id, value in rows:
        cell = figures.setdefault(region_id, dict.fromkeys(METRICS, Decimal(0)))
        cell[metric] += value or 0
    regions = Region.objects.filter(pk__in=figures).order_by("sort_order")
    return [
        {"region": region, **{m.split(".")[1]: figures[region.pk][m] for m in METRICS}} for region in regions
    ]
