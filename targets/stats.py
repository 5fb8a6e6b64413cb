"""The final step of the nightly job: target attainment per target, region and year.

Figures come from two places: manual indicators from Measurement (one GROUP BY), derived indicators
from the Statistic rows earlier steps of the same run wrote (one query). Both are turned into yearly
figures per indicator and region (a year is its year row, or the aggregate of its months or quarters),
the city is rolled up from the counties where it has no figure of its own, and each target is
evaluated (targets.evaluation) for every year on record.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone

from core import stats
from core.models import Statistic
from core.periods import MONTH, QUARTER, Period
from organizations.models import Region
from targets.choices import ALL_FIGURES, APPROVED_FIGURES, Aggregation, Domain, Status, SubmissionStatus
from targets.evaluation import Figure, evaluate
from targets.models import Attainment, Indicator, Judgement, Measurement, Submission, Target

DIMS = ("dim1", "dim2", "dim3")


@dataclass(frozen=True)
class Row:
    """One indicator's figure for one region and period, as stored."""

    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    approved: bool = True


def _measurement_rows(indicator_ids: Iterable[int]) -> dict[tuple[int, int], dict[Period, Row]]:
    """Manual figures: measurements grouped by indicator, region (大洼县 counts for 大洼区) and period."""
    approved = Submission.objects.filter(status=SubmissionStatus.APPROVED, year=OuterRef("year"))
    # City-wide values are the owner department's submission; a county's values the county's.
    locked = Case(
        When(
            region__kind="city",
            then=Exists(approved.filter(department_id=OuterRef("indicator__department_id"))),
        ),
        default=Exists(approved.filter(region_id=OuterRef("region_id"))),
    )
    entries = (
        Measurement.objects.filter(indicator_id__in=list(indicator_ids))
        .annotate(
            approved_flag=Case(When(locked, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        .values_list(
            "indicator_id", "region_id", "period", "value", "numerator", "denominator", "approved_flag"
        )
    )
    # One entry per indicator, region and period (a unique constraint); figures that sum when 大洼县's and
    # 大洼区's entries for the same period become one: [value, numerator, denominator, rated, entries, approved].
    # Rate parts come together or not at all, so a missing pair adds 0 and leaves the sum incomplete (rated).
    totals: dict[tuple[int, int, str], list[Any]] = {
        (indicator, region, period): [
            value,
            0 if numerator is None else numerator,
            0 if denominator is None else denominator,
            int(denominator is not None),
            1,
            approved_flag,
        ]
        for indicator, region, period, value, numerator, denominator, approved_flag in entries
    }
    grouped = stats.roll_up(totals, [None, stats.counted_as(city=False).__getitem__, None])
    result: dict[tuple[int, int], dict[Period, Row]] = defaultdict(dict)
    for (indicator, region, period), (total, num, den, rated, count, approved_count) in grouped.items():
        complete_rate = rated == count
        result[(indicator, region)][Period.parse(period)] = Row(
            total,
            num if complete_rate else None,
            den if complete_rate else None,
            approved_count == count,
        )
    return result


def _statistic_rows(run, indicators: Iterable[Indicator]) -> dict[tuple[int, int], dict[Period, Row]]:
    """Derived figures: the Statistic rows of this run that each derived indicator names."""
    by_key: dict[tuple, list[int]] = defaultdict(list)
    for indicator in indicators:
        dims = tuple(indicator.source_dims.get(d, "") for d in DIMS)
        by_key[(indicator.source_metric, *dims)].append(indicator.pk)
    if not by_key:
        return {}
    condition = Q()
    for metric, *key_dims in by_key:
        condition |= Q(metric=metric, **dict(zip(DIMS, key_dims, strict=True)))
    result: dict[tuple[int, int], dict[Period, Row]] = defaultdict(dict)
    rows = Statistic.objects.filter(condition, run=run).values_list(
        "metric", *DIMS, "region_id", "period", "value", "numerator", "denominator"
    )
    for metric, d1, d2, d3, region_id, period, value, numerator, denominator in rows:
        for indicator_id in by_key[(metric, d1, d2, d3)]:
            result[(indicator_id, region_id)][Period.parse(period)] = Row(value, numerator, denominator)
    return result


def _combine(aggregation: str, rows: list[Row]) -> Row:
    """Several periods' (or regions') rows as one: rates as summed numerators over summed denominators."""
    approved = all(r.approved for r in rows)
    if aggregation == Aggregation.SUM:
        return Row(sum((r.value or Decimal(0) for r in rows), Decimal(0)), None, None, approved)
    if aggregation == Aggregation.RATE and all(r.denominator for r in rows):
        # A numerator is stored whenever its denominator is (a constraint of Measurement).
        numerator = sum((r.numerator or Decimal(0) for r in rows), Decimal(0))
        denominator = sum((r.denominator or Decimal(0) for r in rows), Decimal(0))
        return Row(stats.rate(numerator, denominator), numerator, denominator, approved)
    # A level (an index, a cumulative count) or a rate entered without its parts: the latest one stands.
    last = rows[-1]
    return Row(last.value, last.numerator, last.denominator, approved)


def yearly_figures(aggregation: str, periods: dict[Period, Row], today: dt.date) -> dict[int, Figure]:
    """An indicator's yearly figures for one region: the year's own row, or the aggregate of its months
    (or, failing those, its quarters). A year is partial while it runs or when months are missing."""
    by_year: dict[int, dict[Period, Row]] = defaultdict(dict)
    for period, row in periods.items():
        by_year[period.year][period] = row
    figures: dict[int, Figure] = {}
    for year, rows in by_year.items():
        months = sorted(p for p in rows if p.kind == MONTH)
        subs = months or sorted(p for p in rows if p.kind == QUARTER)
        in_progress = year >= today.year
        if Period(year) in rows:
            combined = rows[Period(year)]
            partial = in_progress
        elif subs:
            combined = _combine(aggregation, [rows[p] for p in subs])
            partial = in_progress or len(subs) < (12 if months else 4)
        else:
            continue
        figures[year] = Figure(
            value=combined.value,
            numerator=combined.numerator,
            denominator=combined.denominator,
            partial=partial,
            approved=combined.approved,
        )
    return figures


def _city_from_counties(aggregation: str, county_figures: list[Figure], county_count: int) -> Figure | None:
    """A city figure summed from its counties: flows and rates add up; levels (indices) do not.

    It states its coverage (how many counties reported, of how many), and is incomplete — shown, not judged —
    while counties are missing or any of them covers only part of the year.
    """
    if aggregation == Aggregation.LATEST or not county_figures:
        return None
    rows = [Row(f.value, f.numerator, f.denominator, f.approved) for f in county_figures]
    if aggregation == Aggregation.RATE and not all(r.denominator for r in rows):
        return None
    combined = _combine(aggregation, rows)
    return Figure(
        value=combined.value,
        numerator=combined.numerator,
        denominator=combined.denominator,
        partial=any(f.partial for f in county_figures),
        approved=combined.approved,
        reported=len(county_figures),
        expected=county_count,
    )


def build_series(
    run, indicators: list[Indicator], today: dt.date
) -> dict[tuple[int, int], dict[int, Figure]]:
    """Yearly figures per (indicator, region) for every indicator, the city included."""
    manual = [i for i in indicators if not i.is_derived]
    derived = [i for i in indicators if i.is_derived]
    sources = _statistic_rows(run, derived)
    entered = _measurement_rows(i.pk for i in indicators if i.is_entered)
    aggregation = {i.pk: i.aggregation for i in indicators}
    for key, periods in entered.items():
        # A derived indicator open to other channels (住建's own complaint channels): its entries add to
        # the statistic, period by period. A level (a satisfaction index) does not add up: the statistic (a
        # survey on record) stands, and an entry counts only for a period the statistic does not cover.
        own = sources.setdefault(key, {})
        for period, row in periods.items():
            if period not in own:
                own[period] = row
            elif aggregation[key[0]] != Aggregation.LATEST:
                own[period] = _combine(Aggregation.SUM, [own[period], row])
    series = {key: yearly_figures(aggregation[key[0]], periods, today) for key, periods in sources.items()}
    city = Region.objects.city()
    county_ids = list(Region.objects.counties().values_list("pk", flat=True))
    for indicator in manual:
        city_series = series.setdefault((indicator.pk, city.pk), {})
        by_year: dict[int, list[Figure]] = defaultdict(list)
        for county_id in county_ids:
            for year, figure in series.get((indicator.pk, county_id), {}).items():
                by_year[year].append(figure)
        for year, figures in by_year.items():
            if year not in city_series:
                rolled = _city_from_counties(indicator.aggregation, figures, len(county_ids))
                if rolled is not None:
                    city_series[year] = rolled
    return series


def evaluation_years(
    series: dict, target: Target, judged: set[int], today: dt.date, only: list[int] | None
) -> list[int]:
    """The years a target is evaluated for: every year its indicator has a figure anywhere (or, for a
    milestone, a judgement), and its own year once begun (no figure then is `no_data`); never a year to come."""
    years = {
        year
        for (indicator_id, _), figures in series.items()
        if indicator_id == target.indicator_id
        for year in figures
    }
    years |= judged | {target.year}
    years = {y for y in years if y <= today.year}
    return sorted(years & set(only) if only else years)


@stats.step("targets.attainment", label="目标达成情况", final=True, sources=["targets.Measurement"])
def attainment(ctx: stats.StepContext) -> int:
    today = timezone.localdate()
    targets = list(Target.objects.select_related("indicator"))
    indicators = list({t.indicator_id: t.indicator for t in targets}.values())
    series = build_series(ctx.run, indicators, today)
    city = Region.objects.city()
    counties = list(Region.objects.counties())
    verdicts = {
        (j["target_id"], j["region_id"], j["year"]): j["verdict"]
        for j in Judgement.objects.values("target_id", "region_id", "year", "verdict")
    }
    years = {
        t.pk: evaluation_years(series, t, {y for (pk, _, y) in verdicts if pk == t.pk}, today, ctx.years)
        for t in targets
    }
    rows: list[Attainment] = []
    for target in targets:
        for region in [city, *counties] if target.per_county else [city]:
            figures = series.get((target.indicator_id, region.pk), {})
            for year in years[target.pk]:
                outcome = evaluate(
                    comparator=target.comparator,
                    threshold=target.threshold,
                    tolerance=target.tolerance,
                    target_year=target.year,
                    year=year,
                    series=figures,
                )
                figure = figures.get(year)
                rows.append(
                    Attainment(
                        run=ctx.run,
                        period=str(year),
                        target=target,
                        region=region,
                        value=outcome.value,
                        numerator=figure.numerator if figure and outcome.value is not None else None,
                        denominator=figure.denominator if figure and outcome.value is not None else None,
                        previous_value=outcome.compared_with,
                        status=outcome.status,
                        # Not complete: the year runs, or the counties summed into the city are not all in.
                        partial=bool(figure and not figure.complete),
                        reported=figure.reported if figure else None,
                        expected=figure.expected if figure else None,
                        approved=figure.approved if figure else True,
                        verdict=verdicts.get((target.pk, region.pk, year), ""),
                    )
                )
    Attainment.objects.bulk_create(rows, batch_size=2000)
    ctx.write_statistics("targets.target", _target_statistics(rows))
    ctx.write_statistics("targets.attainment", _attainment_counts(rows))
    return len(rows)


def _target_statistics(rows: list[Attainment]) -> Iterable[dict]:
    for row in rows:
        yield {
            "region_id": row.region_id,
            "period": row.period,
            "dim1": row.target.code,
            "dim2": row.status,
            "value": row.value,
            "numerator": row.numerator,
            "denominator": row.denominator,
        }


def _attainment_counts(rows: list[Attainment]) -> Iterable[dict]:
    """Number of targets per region, year, domain ('' = all) and status, zeros included; once over every
    figure and once over approved data only, where a target whose figure awaits approval counts as no data."""
    counts: dict[tuple, int] = defaultdict(int)
    cells: set[tuple[int, str, str]] = set()
    for row in rows:
        domain = row.target.indicator.domain
        cells |= {(row.region_id, row.period, domain), (row.region_id, row.period, "")}
        approved_status = row.status if row.approved else Status.NO_DATA
        for counted_domain in (domain, ""):
            counts[(row.region_id, row.period, counted_domain, row.status, ALL_FIGURES)] += 1
            counts[(row.region_id, row.period, counted_domain, approved_status, APPROVED_FIGURES)] += 1
    domains = {d for _, _, d in cells}
    for region_id, period in sorted({(r, p) for r, p, _ in cells}):
        for domain in sorted(domains & ({*Domain.values, ""})):
            for status in Status.values:
                for view in (ALL_FIGURES, APPROVED_FIGURES):
                    yield {
                        "region_id": region_id,
                        "period": period,
                        "dim1": domain,
                        "dim2": status,
                        "dim3": view,
                        "value": Decimal(counts[(region_id, period, domain, status, view)]),
                    }
