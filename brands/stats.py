"""The brands step of the nightly job: awards in force at each year's end, and awards accumulated so far."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.db.models import Case, Count, F, Max, Min, Q, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from brands.models import Award, AwardType, valid_on_q
from core import stats
from core.periods import MAX_YEAR, MIN_YEAR
from organizations.models import Region

VALID, CUMULATIVE = "brands.awards_valid", "brands.awards_cumulative"
quote = connection.ops.quote_name


def award_years(ctx: stats.StepContext) -> list[int]:
    """From the first award (not before the portal's first year) to this year, or the years the run asks for."""
    bounds = Award.objects.aggregate(first=Min("year"), last=Max("year"))
    if bounds["first"] is None:
        return []
    first = max(bounds["first"], MIN_YEAR)
    last = min(max(bounds["last"], timezone.localdate().year), MAX_YEAR)
    years = list(range(first, last + 1))
    return [y for y in years if y in ctx.years] if ctx.years is not None else years


def _not_revoked_by(day: dt.date) -> Q:
    return Q(revoked_on__isnull=True) | Q(revoked_on__gt=day)


def count_by_type_and_region(years: list[int]) -> tuple[dict, dict]:
    """Valid and cumulative counts per (award type, region, year), one GROUP BY query each.

    Cumulative counts distinct holders — the enterprise for enterprise awards (no product), the enterprise's
    product otherwise — so a 辽宁名牌产品 renewed every three years counts once. Holders are grouped first
    (one flag per year: held by then?) and the flags summed outside, which costs one sort instead of a
    COUNT(DISTINCT …) per year.
    """
    base = Award.objects.annotate(
        type_code=F("award_type__code"),
        region_key=Coalesce("enterprise__region__successor_id", "enterprise__region_id"),
    )
    valid_rows = base.values("type_code", "region_key").annotate(
        **{f"y{y}": Count("id", filter=valid_on_q(dt.date(y, 12, 31))) for y in years}
    )
    holders = base.values("type_code", "region_key", "enterprise_id", "product").annotate(
        **{
            f"y{y}": Max(Case(When(Q(year__lte=y) & _not_revoked_by(dt.date(y, 12, 31)), then=1), default=0))
            for y in years
        }
    )
    inner, params = holders.query.sql_with_params()
    sums = ", ".join(f"SUM(h.{quote(f'y{y}')})" for y in years)
    type_column, region_column = quote("type_code"), quote("region_key")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT h.{type_column}, h.{region_column}, {sums} FROM ({inner}) h "
            f"GROUP BY h.{type_column}, h.{region_column}",
            params,
        )
        cumulative_rows = [
            {
                "type_code": row[0],
                "region_key": row[1],
                **dict(zip([f"y{y}" for y in years], row[2:], strict=True)),
            }
            for row in cursor.fetchall()
        ]
    valid: dict = defaultdict(int)
    cumulative: dict = defaultdict(int)
    for rows, target in ((valid_rows, valid), (cumulative_rows, cumulative)):
        for row in rows:
            for y in years:
                target[(row["type_code"], row["region_key"], y)] += int(row[f"y{y}"] or 0)
    return valid, cumulative


@stats.step("brands.awards", label="品牌与质量奖数量", sources=["brands.Award"])
def awards(ctx: stats.StepContext) -> int:
    years = award_years(ctx)
    if not years:
        return 0
    valid, cumulative = count_by_type_and_region(years)
    city = Region.objects.city()
    counties = list(Region.objects.counties().values_list("pk", flat=True))
    types = list(AwardType.objects.values_list("code", flat=True))

    def rollup(counts: dict, with_all_types: bool) -> list[dict]:
        # Every county, type and year gets a row, zero included: no award is a figure, not missing data.
        totals: dict = defaultdict(int)
        for (code, region_id, year), n in counts.items():
            keys = [(code, city.pk, year)] + ([(code, region_id, year)] if region_id in counties else [])
            for key in keys:
                totals[key] += n
                if with_all_types:
                    totals[("", key[1], year)] += n
        dims = types + ([""] if with_all_types else [])
        return [
            {
                "region_id": region_id,
                "period": str(year),
                "dim1": code,
                "value": totals[(code, region_id, year)],
            }
            for code in dims
            for region_id in [*counties, city.pk]
            for year in years
        ]

    ctx.write_statistics(VALID, rollup(valid, with_all_types=True))
    ctx.write_statistics(CUMULATIVE, rollup(cumulative, with_all_types=False))
    return 0
