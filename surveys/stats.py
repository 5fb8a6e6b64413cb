"""The surveys step of the nightly job: the satisfaction figure per sector, region and year.

The targets 生产性服务业顾客满意度85%以上, 生活性服务业顾客满意度80%以上 and 群众对工程（住宅）质量满意度 read it
(`targets/data/indicators.json` names this metric as their source).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F

from core import stats
from organizations.models import Region
from surveys.choices import CONSTRUCTION, CONSTRUCTION_SECTORS
from surveys.models import Survey

SATISFACTION = "surveys.satisfaction"


def weighted(results: list[tuple[Decimal, int]]) -> Decimal:
    """The sample-weighted mean of (result, sample size) pairs, to two decimals."""
    total = sum(n for _, n in results)
    value = sum((r * n for r, n in results), Decimal(0)) / total
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def latest_results(years: list[int] | None) -> dict[tuple[str, int, int], tuple[Decimal, int]]:
    """(sector, region, year) → (result, sample size) of its latest survey; 大洼县's count for 大洼区.

    Surveys are a few dozen rows a year: one ordered read, the latest kept per cell.
    """
    successor = stats.counted_as(city=False)
    rows = Survey.objects.order_by(F("completed_on").asc(nulls_first=True), "pk")
    if years is not None:
        rows = rows.filter(year__in=years)
    latest: dict[tuple[str, int, int], tuple[Decimal, int]] = {}
    for sector, region_id, year, result, sample in rows.values_list(
        "sector", "region_id", "year", "result", "sample_size"
    ):
        latest[(sector, successor[region_id][0], year)] = (result, sample)
    return latest


@stats.step("surveys.satisfaction", label="顾客满意度测评", sources=["surveys.Survey"])
def satisfaction(ctx: stats.StepContext) -> int:
    latest = latest_results(ctx.years)
    if not latest:
        return 0
    city = Region.objects.city().pk
    # 工程 and 住宅 together, per region and year (the 2020 goal names both).
    combined: dict[tuple[int, int], list[tuple[Decimal, int]]] = defaultdict(list)
    for (sector, region_id, year), figure in latest.items():
        if sector in CONSTRUCTION_SECTORS:
            combined[(region_id, year)].append(figure)
    cells: dict[tuple[str, int, int], Decimal] = {key: result for key, (result, _) in latest.items()}
    cells |= {(CONSTRUCTION, region_id, year): weighted(figs) for (region_id, year), figs in combined.items()}
    # A city figure where the city ran no survey of its own: the counties' results weighted by sample size.
    counties: dict[tuple[str, int], list[tuple[Decimal, int]]] = defaultdict(list)
    for (sector, region_id, year), figure in latest.items():
        if region_id != city:
            counties[(sector, year)].append(figure)
            if sector in CONSTRUCTION_SECTORS:
                counties[(CONSTRUCTION, year)].append(figure)
    for (sector, year), figures in counties.items():
        has_own = (
            (sector, city, year) in cells
            if sector != CONSTRUCTION
            else any((s, city, year) in latest for s in CONSTRUCTION_SECTORS)
        )
        if not has_own:
            cells[(sector, city, year)] = weighted(figures)
    ctx.write_statistics(
        SATISFACTION,
        (
            {"region_id": region_id, "period": str(year), "dim1": sector, "value": value}
            for (sector, region_id, year), value in cells.items()
        ),
    )
    return 0
