"""The complaints step of the nightly job: volume, completion and on-time rates (set-based)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import product

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from complaints.choices import ACCEPTED_STATUSES, HANDLED_STATUSES, Status
from complaints.models import Complaint
from core import stats
from core.periods import QUARTER, Period
from organizations.models import Region

ALL = ""
# Positions of the figures in a rolled-up cell.
RECEIVED, ACCEPTED, CLOSED, HANDLED, ON_TIME = range(5)


def received_in_years(years: list[int] | None):
    """Complaints received in the given local years (None: all)."""
    queryset = Complaint.objects.all()
    if years:
        zone = timezone.get_current_timezone()
        condition = Q()
        for year in years:
            start = dt.datetime(year, 1, 1, tzinfo=zone)
            condition |= Q(received_at__gte=start, received_at__lt=start.replace(year=year + 1))
        queryset = queryset.filter(condition)
    return queryset


def finest_counts(years: list[int] | None) -> list[dict]:
    """One GROUP BY at the finest grain: region (大洼县 counted as 大洼区), hotline, kind, domain, month."""
    return list(
        received_in_years(years)
        .annotate(
            region_key=Coalesce("region__successor_id", "region_id"),
            year=ExtractYear("received_at"),
            month=ExtractMonth("received_at"),
        )
        .values("region_key", "hotline_id", "kind", "domain", "year", "month")
        .annotate(
            received=Count("id"),
            accepted=Count("id", filter=Q(status__in=ACCEPTED_STATUSES)),
            closed=Count("id", filter=Q(status=Status.CLOSED)),
            handled=Count("id", filter=Q(status__in=HANDLED_STATUSES)),
            on_time=Count("id", filter=Q(status__in=HANDLED_STATUSES, handled_at__date__lte=F("handle_due"))),
        )
        .order_by()
    )


def roll_up(rows: list[dict], city_id: int) -> dict[tuple, list[int]]:
    """Sum finest rows into every (region or city, period, hotline|'', kind|'', domain|'') cell.

    Values are [received, accepted, closed, handled, on_time]. Cheap: it works on the small GROUP BY result.
    """
    cube: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for row in rows:
        month = Period(row["year"], month=row["month"])
        periods = (str(month.year_period), str(Period.of_date(month.start, QUARTER)), str(month))
        figures = (row["received"], row["accepted"], row["closed"], row["handled"], row["on_time"])
        for region, period, hotline, kind, domain in product(
            (row["region_key"], city_id),
            periods,
            (row["hotline_id"], ALL),
            (row["kind"], ALL),
            (row["domain"], ALL),
        ):
            cell = cube[(region, period, hotline, kind, domain)]
            for index, figure in enumerate(figures):
                cell[index] += figure
    return cube


@stats.step(
    "complaints.rates",
    label="投诉举报量、办结率与按时办理率",
    sources=["complaints.Complaint"],
)
def complaint_rates(ctx: stats.StepContext) -> int:
    city = Region.objects.city()
    cube = roll_up(finest_counts(ctx.years), city.pk)
    ctx.write_statistics(
        "complaints.volume",
        (
            {
                "region_id": region,
                "period": period,
                "dim1": hotline,
                "dim2": kind,
                "dim3": domain,
                "value": cell[RECEIVED],
            }
            for (region, period, hotline, kind, domain), cell in cube.items()
        ),
    )
    # Rates are by hotline and domain only (the kind summed over); a cell with an empty denominator has no rate.
    rate_cells = {key: cell for key, cell in cube.items() if key[3] == ALL}

    def rates(numerator: int, denominator: int):
        for (region, period, hotline, _, domain), cell in rate_cells.items():
            if cell[denominator]:
                yield {
                    "region_id": region,
                    "period": period,
                    "dim1": hotline,
                    "dim2": domain,
                    "numerator": cell[numerator],
                    "denominator": cell[denominator],
                }

    ctx.write_statistics("complaints.completion", rates(CLOSED, ACCEPTED))
    ctx.write_statistics("complaints.on_time", rates(ON_TIME, HANDLED))
    return 0
