"""The brands step of the nightly job: awards in force at each year's end, and awards accumulated so far."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.db.models import Case, F, Max, Min, Q, When
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
    """Valid and cumulative counts per (award type, the holder's region, year), both of distinct holders, in
    one query.

    A holder is the enterprise for enterprise awards (no product), the enterprise's product otherwise. Valid
    counts holders with an award in force on 31 December, so a 辽宁名牌产品 renewed before its old certificate
    ran out counts once; cumulative counts holders awarded by then and not revoked. Holders are grouped first
    (two flags per year) and the flags summed outside, which costs one sort instead of a COUNT(DISTINCT …) per
    year and figure.
    """
    year_ends = {y: dt.date(y, 12, 31) for y in years}
    holders = (
        Award.objects.annotate(
            type_code=F("award_type__code"),
            region_key=F("enterprise__region_id"),
        )
        .values("type_code", "region_key", "enterprise_id", "product")
        .annotate(
            **{f"v{y}": Max(Case(When(valid_on_q(day), then=1), default=0)) for y, day in year_ends.items()},
            **{
                f"c{y}": Max(Case(When(Q(year__lte=y) & _not_revoked_by(day), then=1), default=0))
                for y, day in year_ends.items()
            },
        )
    )
    inner, params = holders.query.sql_with_params()
    flags = [f"{kind}{y}" for kind in "vc" for y in years]
    sums = ", ".join(f"SUM(h.{quote(flag)})" for flag in flags)
    type_column, region_column = quote("type_code"), quote("region_key")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT h.{type_column}, h.{region_column}, {sums} FROM ({inner}) h "
            f"GROUP BY h.{type_column}, h.{region_column}",
            params,
        )
        rows = cursor.fetchall()
    valid: dict = defaultdict(int)
    cumulative: dict = defaultdict(int)
    for type_code, region_key, *counts in rows:
        for flag, count in zip(flags, counts, strict=True):
            target = valid if flag[0] == "v" else cumulative
            target[(type_code, region_key, int(flag[1:]))] += int(count or 0)
    return valid, cumulative


def _with_all(code: str) -> tuple[str, str]:
    return code, ""


@stats.step("brands.awards", label="品牌与质量奖数量", sources=["brands.Award"])
def awards(ctx: stats.StepContext) -> int:
    years = award_years(ctx)
    if not years:
        return 0
    valid, cumulative = count_by_type_and_region(years)
    counted_as = stats.counted_as()
    city = Region.objects.city()
    counties = list(Region.objects.counties().values_list("pk", flat=True))
    types = list(AwardType.objects.values_list("code", flat=True))

    def rollup(counts: dict, with_all_types: bool) -> list[dict]:
        # 大洼县's awards count for 大洼区 and every award for the city (stats.counted_as), every type for ''.
        totals = stats.roll_up(
            {key: [n] for key, n in counts.items()},
            [_with_all if with_all_types else None, counted_as.__getitem__, None],
        )
        # Every county, type and year gets a row, zero included: no award is a figure, not missing data.
        dims = types + ([""] if with_all_types else [])
        return [
            {
                "region_id": region_id,
                "period": str(year),
                "dim1": code,
                "value": totals.get((code, region_id, year), [0])[0],
            }
            for code in dims
            for region_id in [*counties, city.pk]
            for year in years
        ]

    ctx.write_statistics(VALID, rollup(valid, with_all_types=True))
    ctx.write_statistics(CUMULATIVE, rollup(cumulative, with_all_types=False))
    return 0
