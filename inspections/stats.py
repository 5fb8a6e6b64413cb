"""The nightly job's inspections steps: batch pass rates and engineering first-acceptance rates.

Both aggregate once at the finest grain (region × month × level × class, one GROUP BY in SQL), then
roll that small result up in Python to quarters, years, the city, all levels, 省级以上 and parent classes.
Old 大洼县 rows count for 大洼区: the roll-up maps regions to their successors (stats.counted_as) rather
than joining the region table on every source row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from core import stats
from inspections.choices import PROVINCIAL_ABOVE, Conclusion, Level
from inspections.models import AcceptanceRecord, ProductClass, SpotCheckResult
from organizations.models import Region

PASS_RATE = "inspections.pass_rate"
FIRST_ACCEPTANCE = "inspections.first_acceptance"
ALL = ""


def _periods(year: int, month: int, *, months: bool = True) -> list[str]:
    quarter = (month - 1) // 3 + 1
    periods = [str(year), f"{year}-Q{quarter}"]
    return [*periods, f"{year}-{month:02d}"] if months else periods


def _class_codes() -> dict[int, list[str]]:
    """Each class id → its own code, its ancestors' codes and '' (all classes)."""
    classes = {c.pk: c for c in ProductClass.objects.all()}
    codes: dict[int, list[str]] = {}
    for pk, start in classes.items():
        chain, seen = [], set()
        cls: ProductClass | None = start
        while cls is not None and cls.pk not in seen:
            seen.add(cls.pk)
            chain.append(cls.code)
            cls = classes.get(cls.parent_id) if cls.parent_id else None
        codes[pk] = [*chain, ALL]
    return codes


def _levels(level: str) -> list[str]:
    above = [PROVINCIAL_ABOVE] if level in (Level.NATIONAL, Level.PROVINCIAL) else []
    return [level, *above, ALL]


def _rows(totals: dict[tuple, list[int]]) -> Iterable[dict]:
    for (region_id, period, dim1, dim2), (numerator, denominator) in totals.items():
        yield {
            "region_id": region_id,
            "period": period,
            "dim1": dim1,
            "dim2": dim2,
            "numerator": numerator,
            "denominator": denominator,
        }


def _by_month(queryset, date_field: str, years: list[int] | None):
    if years:
        queryset = queryset.filter(**{f"{date_field}__year__in": years})
    return queryset.order_by().annotate(
        region_key=Coalesce("region__successor_id", "region_id"),
        year=ExtractYear(date_field),
        month=ExtractMonth(date_field),
    )


def _in_years(years: list[int] | None) -> Q:
    """Results sampled in the given years, as ranges of the indexed month key (None: every year)."""
    condition = Q()
    for year in years or ():
        condition |= Q(sampled_month__range=(year * 100 + 1, year * 100 + 12))
    return condition


def pass_rate_totals(years: list[int] | None = None) -> dict[tuple, list[int]]:
    """(region id, period, level, class code) → [passed, tested], with the city and every roll-up."""
    class_codes = _class_codes()
    # Raw columns only, all in result_month_idx: an index-only scan that arrives already in group order.
    finest = (
        SpotCheckResult.objects.filter(_in_years(years))
        .order_by()
        .values_list("region_id", "sampled_month", "level", "product_class_id")
        .annotate(
            passed=Count("conclusion", filter=Q(conclusion=Conclusion.PASS)),
            tested=Count("conclusion", filter=~Q(conclusion=Conclusion.NOT_TESTED)),
        )
    )
    totals = {
        (region, month, level, cls): [passed, tested] for region, month, level, cls, passed, tested in finest
    }
    return stats.roll_up(
        totals, [stats.counted_as().__getitem__, stats.month_periods, _levels, class_codes.__getitem__]
    )


def first_acceptance_totals(years: list[int] | None = None) -> dict[tuple, list[int]]:
    """(region id, period, size, '') → [accepted first time, projects], years and quarters, with the city."""
    city = Region.objects.city().pk
    finest = (
        _by_month(AcceptanceRecord.objects.all(), "accepted_on", years)
        .values("region_key", "year", "month", "size")
        .annotate(passed=Count("pk", filter=Q(first_time_passed=True)), total=Count("pk"))
    )
    totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for row in finest:
        for region_id in (row["region_key"], city):
            for period in _periods(row["year"], row["month"], months=False):
                for size in (row["size"], ALL):
                    cell = totals[(region_id, period, size, ALL)]
                    cell[0] += row["passed"]
                    cell[1] += row["total"]
    return totals


@stats.step(
    "inspections.pass_rates",
    label="监督抽查批次合格率",
    sources=["inspections.SpotCheckResult"],
)
def pass_rates(ctx: stats.StepContext) -> int:
    ctx.write_statistics(PASS_RATE, _rows(pass_rate_totals(ctx.years)))
    return 0


@stats.step(
    "inspections.first_acceptance",
    label="工程一次验收合格率",
    sources=["inspections.AcceptanceRecord"],
)
def first_acceptance(ctx: stats.StepContext) -> int:
    ctx.write_statistics(FIRST_ACCEPTANCE, _rows(first_acceptance_totals(ctx.years)))
    return 0
