"""The nightly job's inspections steps: batch pass rates and engineering first-acceptance rates.

A result counts by `SpotCheckResult.counted` (the re-test's verdict where there is one; monitoring and rows
listed under a bulletin's totals not at all); a bulletin's totals (`SpotCheckTotal`) count as their batches.

Both aggregate once at the finest grain (region × month × level × class, region × month × size: one
GROUP BY in SQL each), then roll that small result up through `core.stats.roll_up` to quarters, years, the
city, all levels, 省级以上, parent classes and all sizes. Old 大洼县 rows count for 大洼区: the roll-up maps
regions to their successors (stats.counted_as) rather than joining the region table on every source row.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from core import stats
from inspections.choices import PROVINCIAL_ABOVE, CheckKind, Counted, Level
from inspections.models import AcceptanceRecord, ProductClass, SpotCheckResult, SpotCheckTotal

PASS_RATE = "inspections.pass_rate"
FIRST_ACCEPTANCE = "inspections.first_acceptance"
ALL = ""


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
            passed=Count("counted", filter=Q(counted=Counted.PASS)),
            tested=Count("counted", filter=Q(counted__in=[Counted.PASS, Counted.FAIL])),
        )
    )
    totals = {
        (region, month, level, cls): [passed, tested] for region, month, level, cls, passed, tested in finest
    }
    bulletins = (
        SpotCheckTotal.objects.filter(_in_years(years))
        .exclude(check_kind=CheckKind.MONITORING)
        .order_by()
        .values_list("region_id", "sampled_month", "level", "product_class_id")
        .annotate(passed=Sum("passed"), tested=Sum("inspected"))
    )
    for region, month, level, cls, passed, tested in bulletins:
        figures = totals.setdefault((region, month, level, cls), [0, 0])
        figures[0] += passed
        figures[1] += tested
    return stats.roll_up(
        totals, [stats.counted_as().__getitem__, stats.month_periods, _levels, class_codes.__getitem__]
    )


def _with_all(value: str) -> tuple[str, str]:
    return value, ALL


def first_acceptance_totals(years: list[int] | None = None) -> dict[tuple, list[int]]:
    """(region id, period, size, '') → [accepted first time, projects], years and quarters, with the city."""
    records = AcceptanceRecord.objects.all()
    if years:
        records = records.filter(accepted_on__year__in=years)
    finest = (
        records.order_by()
        .annotate(year=ExtractYear("accepted_on"), month=ExtractMonth("accepted_on"))
        .values_list("region_id", "year", "month", "size")
        .annotate(passed=Count("pk", filter=Q(first_time_passed=True)), total=Count("pk"))
    )
    totals = {
        (region, year * 100 + month, size, ALL): [passed, total]
        for region, year, month, size, passed, total in finest
    }
    return stats.roll_up(
        totals, [stats.counted_as().__getitem__, partial(stats.month_periods, months=False), _with_all, None]
    )


@stats.step(
    "inspections.pass_rates",
    label="监督抽查批次合格率",
    sources=["inspections.SpotCheckResult", "inspections.SpotCheckTotal"],
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
