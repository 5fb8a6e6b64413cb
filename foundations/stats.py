"""The foundations step of the nightly job: the registers' figures per county and year, for the dashboards and
for the assessment items that read them (标准化建设, 计量与检验检测, 质量月)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import product

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear

from core import stats
from core.periods import MAX_YEAR, MIN_YEAR
from foundations import metrics
from foundations.choices import EventKind, ExitKind, ExitReason, MetrologyCategory, StandardKind
from foundations.models import Agency, CultureEvent, MarketExit, MetrologyRecord, QualityStaff, Standard
from organizations.models import Region


def _with_all(value: str) -> tuple[str, str]:
    return value, ""


def _grouped(queryset, dims: list[str], **figures) -> dict[tuple, list]:
    """Figures per (dims…, region, year) in one GROUP BY; the queryset is annotated with `region_key` and `yr`."""
    rows = queryset.values(*dims, "region_key", "yr").annotate(**figures).order_by()
    names = list(figures)
    return {
        (*(row[d] for d in dims), row["region_key"], row["yr"]): [row[n] or 0 for n in names] for row in rows
    }


class Writer:
    """Rolls grouped figures up (regions into their successor and the city, dimension values into 合计) and
    writes one row per county and the city, year and dimension value, zero included: an empty register year
    of a county is a figure, not missing data."""

    def __init__(self, ctx: stats.StepContext, years: list[int]) -> None:
        self.ctx, self.years = ctx, years
        self.counted_as = stats.counted_as()
        self.regions = [*Region.objects.counties().values_list("pk", flat=True), Region.objects.city().pk]

    def write(self, metric: str, totals: dict[tuple, list], dim_values: list[Iterable[str]], *, rate=False):
        widen = [_with_all] * len(dim_values) + [self.counted_as.__getitem__, None]
        rolled = stats.roll_up(totals, widen)
        out = []
        for dims in product(*[[*values, ""] for values in dim_values]):
            for region_id in self.regions:
                for year in self.years:
                    figures = rolled.get((*dims, region_id, year))
                    row = {"region_id": region_id, "period": str(year)}
                    row.update(zip(("dim1", "dim2", "dim3"), dims, strict=False))
                    if rate:
                        if figures is None:
                            continue  # no verification recorded: no rate, never 0%
                        row["numerator"], row["denominator"] = figures
                    else:
                        row["value"] = figures[0] if figures else 0
                    out.append(row)
        self.ctx.write_statistics(metric, out)


def register_years(ctx: stats.StepContext) -> list[int]:
    """The years any register has rows for (not before the portal's first), or those the run asks for."""
    found: set[int] = set()
    for queryset in (
        Standard.objects.values_list("year", flat=True),
        MetrologyRecord.objects.values_list("year", flat=True),
        QualityStaff.objects.values_list("year", flat=True),
        CultureEvent.objects.annotate(y=ExtractYear("held_on")).values_list("y", flat=True),
        MarketExit.objects.annotate(y=ExtractYear("decided_on")).values_list("y", flat=True),
        Agency.objects.annotate(y=ExtractYear("valid_until")).values_list("y", flat=True),
    ):
        found |= set(queryset.distinct().order_by())
    years = sorted(y for y in found if MIN_YEAR <= y <= MAX_YEAR)
    if years:
        years = list(range(years[0], years[-1] + 1))
    return [y for y in years if y in ctx.years] if ctx.years is not None else years


@stats.step(
    "foundations.registers",
    label="质量基础登记",
    sources=[
        "foundations.Standard",
        "foundations.MetrologyRecord",
        "foundations.QualityStaff",
        "foundations.CultureEvent",
        "foundations.MarketExit",
        "foundations.Agency",
    ],
)
def registers(ctx: stats.StepContext) -> int:
    years = register_years(ctx)
    if not years:
        return 0
    writer = Writer(ctx, years)
    by_year = {"yr__in": years}
    standards = Standard.objects.annotate(region_key=F("region_id"), yr=F("year")).filter(**by_year)
    writer.write(metrics.STANDARDS.name, _grouped(standards, ["kind"], n=Count("id")), [StandardKind.values])
    metrology = MetrologyRecord.objects.annotate(region_key=F("region_id"), yr=F("year")).filter(**by_year)
    writer.write(
        metrics.METROLOGY.name,
        _grouped(metrology, ["category"], passed=Sum("passed"), verified=Sum("verified")),
        [MetrologyCategory.values],
        rate=True,
    )
    staff = QualityStaff.objects.annotate(region_key=F("enterprise__region_id"), yr=F("year")).filter(
        **by_year
    )
    grouped = _grouped(staff, [], chiefs=Count("id", filter=~Q(chief_officer="")), trained=Sum("trained"))
    writer.write(metrics.CHIEF_OFFICERS.name, {k: [v[0]] for k, v in grouped.items()}, [])
    writer.write(metrics.TRAINED.name, {k: [v[1]] for k, v in grouped.items()}, [])
    events = CultureEvent.objects.annotate(region_key=F("region_id"), yr=ExtractYear("held_on")).filter(
        evidence__isnull=False, **by_year
    )
    writer.write(
        metrics.EVENTS.name, _grouped(events, ["kind"], n=Count("id", distinct=True)), [EventKind.values]
    )
    exits = MarketExit.objects.annotate(region_key=F("region_id"), yr=ExtractYear("decided_on")).filter(
        **by_year
    )
    writer.write(
        metrics.EXITS.name,
        _grouped(exits, ["kind", "reason"], n=Count("id")),
        [ExitKind.values, ExitReason.values],
    )
    # Agencies in force on each 31 December: one conditional count per year.
    agencies = Agency.objects.annotate(region_key=F("region_id")).values("region_key").order_by()
    counts = agencies.annotate(
        **{
            f"y{y}": Count(
                "id", filter=Q(valid_until__gte=dt.date(y, 12, 31)) & _issued_by(dt.date(y, 12, 31))
            )
            for y in years
        }
    )
    writer.write(
        metrics.AGENCIES.name,
        {(row["region_key"], y): [row[f"y{y}"]] for row in map(dict, counts) for y in years},
        [],
    )
    return 0


def _issued_by(day: dt.date) -> Q:
    return Q(valid_from__isnull=True) | Q(valid_from__lte=day)
