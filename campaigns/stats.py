"""The campaigns step of the nightly job: cases, value of goods, fines, police referrals and major cases per
campaign kind, campaign, county and period (one GROUP BY at the finest grain, rolled up by core.stats)."""

from __future__ import annotations

from django.db.models import Count, IntegerField, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from campaigns.models import Case
from core import stats

CASES, GOODS, FINES, REFERRED, MAJOR = (
    "campaigns.cases",
    "campaigns.goods_value",
    "campaigns.fines",
    "campaigns.referred",
    "campaigns.major",
)
METRICS = (CASES, GOODS, FINES, REFERRED, MAJOR)


def _all(value) -> tuple:
    return (value, "")


@stats.step("campaigns.cases", label="打假治劣案件", sources=["campaigns.Case"])
def cases(ctx: stats.StepContext) -> int:
    rows = Case.objects.all()
    if ctx.years is not None:
        rows = rows.filter(opened_on__year__in=ctx.years)
    finest = (
        rows.annotate(y=ExtractYear("opened_on"), m=ExtractMonth("opened_on"))
        .values_list("campaign__kind", "campaign_id", "region_id", "y", "m")
        .annotate(
            n=Count("id"),
            goods=Sum("goods_value"),
            fines_=Sum("fines"),
            referred=Count("id", filter=Q(referred_to_police=True), output_field=IntegerField()),
            major_=Count("id", filter=Q(major=True), output_field=IntegerField()),
        )
        .order_by()
    )
    totals = {
        (kind, str(campaign), region, y * 100 + m): [n, goods, fines, referred, major]
        for kind, campaign, region, y, m, n, goods, fines, referred, major in finest
    }
    if not totals:
        return 0
    # Kind and campaign to '' (all), 大洼县 to 大洼区 and every county to the city, months to quarters and years.
    rolled = stats.roll_up(totals, [_all, _all, stats.counted_as().__getitem__, stats.month_periods])
    for position, metric in enumerate(METRICS):
        ctx.write_statistics(
            metric,
            (
                {
                    "region_id": region,
                    "period": period,
                    "dim1": kind,
                    "dim2": campaign,
                    "value": figures[position],
                }
                for (kind, campaign, region, period), figures in rolled.items()
            ),
        )
    return 0
