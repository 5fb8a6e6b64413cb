"""Reads of the inspections app: an enterprise's checks, pass rates from the current snapshot, risk warnings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import overload

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from core.models import Statistic
from core.periods import Period
from core.stats import current_run
from inspections.models import DrawPick, InspectionPlan, PlanQuota, ProductClass, SpotCheckResult
from inspections.stats import PASS_RATE
from organizations.models import Enterprise, Region

# A rate that falls this many percentage points from the period before is flagged as a sharp drop.
RISK_DROP_POINTS = Decimal(5)
# Fewer tested batches than this make a rate too noisy to warn on.
RISK_MIN_TESTED = 20
CENT = Decimal("0.01")


@overload
def _percent(value: Decimal) -> Decimal: ...
@overload
def _percent(value: None) -> None: ...
def _percent(value: Decimal | None) -> Decimal | None:
    """A stored rate (four decimals in the snapshot) as the two-decimal percentage people read."""
    return None if value is None else value.quantize(CENT)


def results_for_enterprise(enterprise: Enterprise, user) -> QuerySet[SpotCheckResult]:
    """The checks where the enterprise is the producer or the sampled unit, as far as the user may see them."""
    return (
        SpotCheckResult.objects.for_user(user, "view")
        .filter(Q(producer=enterprise) | Q(sampled_unit=enterprise))
        .select_related("product_class", "region")
    )


def _child_total(model, aggregate) -> Coalesce:
    """A per-plan total from a child table as a subquery, so two child tables never multiply each other."""
    rows = model.objects.filter(plan=OuterRef("pk")).order_by().values("plan").annotate(total=aggregate)
    return Coalesce(Subquery(rows.values("total")), 0)


def plans_with_counts() -> QuerySet[InspectionPlan]:
    """Plans with the number of enterprises they plan to draw and the number drawn."""
    return InspectionPlan.objects.select_related("department").annotate(
        quota_total=_child_total(PlanQuota, Sum("count")), pick_count=_child_total(DrawPick, Count("pk"))
    )


@dataclass(frozen=True)
class PassRate:
    region: str
    region_name: str
    period: str
    level: str
    product_class: str
    inspected: int
    passed: int
    rate: Decimal | None
    computed_at: object


def pass_rates(
    user,
    *,
    periods: list[str],
    regions: list[str] | None = None,
    levels: list[str] | None = None,
    product_classes: list[str] | None = None,
) -> list[PassRate]:
    """Pass rates from the current snapshot, one per (region, period, level, class) asked for that has data.

    Regions default to the city, levels and classes to '' (all); the user's scope applies to regions.
    """
    run = current_run()
    if run is None:
        return []
    regions = regions or [Region.objects.city().code]
    rows = (
        Statistic.objects.for_user(user, "view")
        .filter(
            run=run,
            metric=PASS_RATE,
            period__in=periods,
            region__code__in=regions,
            dim1__in=levels or [""],
            dim2__in=product_classes or [""],
        )
        .select_related("region")
        .order_by("region__sort_order", "period", "dim1", "dim2")
    )
    return [
        PassRate(
            region=row.region.code,
            region_name=row.region.name,
            period=row.period,
            level=row.dim1,
            product_class=row.dim2,
            inspected=int(row.denominator or 0),
            passed=int(row.numerator or 0),
            rate=_percent(row.value),
            computed_at=run.finished_at,
        )
        for row in rows
    ]


def regions_with_pass_rates(user) -> QuerySet[Region]:
    """The regions whose pass rates the user may read in the current snapshot (a county: the city and itself)."""
    run = current_run()
    rows = Statistic.objects.for_user(user, "view").filter(run=run, metric=PASS_RATE)
    return Region.objects.filter(pk__in=rows.values("region")).order_by("sort_order", "code")


def years_with_data() -> list[int]:
    """Years the current snapshot has pass rates for, newest first."""
    run = current_run()
    if run is None:
        return []
    codes = (
        Statistic.objects.filter(run=run, metric=PASS_RATE, region__kind="city", dim1="", dim2="")
        .exclude(period__contains="-")
        .values_list("period", flat=True)
    )
    return sorted({int(code) for code in codes}, reverse=True)


@dataclass(frozen=True)
class RiskFlag:
    region: Region
    period: str
    product_class: ProductClass | None
    rate: Decimal
    inspected: int
    target: Decimal | None
    previous_rate: Decimal | None
    reasons: tuple[str, ...]

    @property
    def period_label(self) -> str:
        return Period.parse(self.period).label()


def risk_flags(
    region: Region | None = None, year: int | None = None, *, quarters: bool = True
) -> list[RiskFlag]:
    """Classes and regions whose pass rate (all levels) is below the class target or fell sharply.

    Looks at the year and its quarters in the current snapshot (the latest year with data by default),
    comparing each with the period before (the previous year, the previous quarter).
    """
    run = current_run()
    if run is None:
        return []
    if year is None:
        years = years_with_data()
        if not years:
            return []
        year = years[0]
    periods = [Period(year), *((Period(year, quarter=q) for q in range(1, 5)) if quarters else ())]
    wanted = {str(p): p for p in periods}
    previous = {str(p.previous()): str(p) for p in periods}
    rows = Statistic.objects.filter(
        run=run, metric=PASS_RATE, dim1="", period__in=[*wanted, *previous]
    ).select_related("region")
    if region is not None:
        rows = rows.filter(region=region)
    classes = {c.code: c for c in ProductClass.objects.all()}
    by_key = {(row.region_id, row.period, row.dim2): row for row in rows}
    flags = []
    for (region_id, period, code), row in by_key.items():
        if period not in wanted or row.value is None or (row.denominator or 0) < RISK_MIN_TESTED:
            continue
        product_class = classes.get(code)
        reasons = []
        target = product_class.target_rate if product_class else None
        rate = _percent(row.value)
        if target is not None and rate < target:
            reasons.append(f"低于目标 {target}%")
        before = by_key.get((region_id, str(wanted[period].previous()), code))
        previous_rate = None
        if before is not None and before.value is not None and (before.denominator or 0) >= RISK_MIN_TESTED:
            previous_rate = _percent(before.value)
            if previous_rate - rate >= RISK_DROP_POINTS:
                reasons.append(f"较上期下降 {previous_rate - rate} 个百分点")
        if reasons:
            flags.append(
                RiskFlag(
                    region=row.region,
                    period=period,
                    product_class=product_class,
                    rate=rate,
                    inspected=int(row.denominator or 0),
                    target=target,
                    previous_rate=previous_rate,
                    reasons=tuple(reasons),
                )
            )
    flags.sort(
        key=lambda f: (f.period, f.region.sort_order, f.product_class.sort_order if f.product_class else -1)
    )
    return flags
