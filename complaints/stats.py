"""The complaints step of the nightly job: volume, completion and on-time rates (set-based)."""

from __future__ import annotations

from typing import cast

from django.db.models import Count, Q

from complaints.choices import ACCEPTED_STATUSES, HANDLED_STATUSES, Status
from complaints.models import Complaint
from core import stats

ALL = ""
# Positions of the figures in a rolled-up cell.
RECEIVED, ACCEPTED, CLOSED, HANDLED, ON_TIME = range(5)


def received_in_years(years: list[int] | None) -> Q:
    """Complaints received in the given local years, as ranges of the indexed month key (None: all)."""
    condition = Q()
    for year in years or ():
        condition |= Q(received_month__range=(year * 100 + 1, year * 100 + 12))
    return condition


def finest_counts(years: list[int] | None) -> list[dict]:
    """One GROUP BY at the finest grain: region, hotline, kind, domain, month (also given as year and month).

    Only raw columns of the complaint_stats index: an index-only scan, no join, no time-zone arithmetic.
    """
    # Plain dicts: the year and month are added to each row below.
    rows = cast(
        list[dict],
        list(
            Complaint.objects.filter(received_in_years(years))
            .order_by()
            .values("region_id", "received_month", "hotline_id", "kind", "domain")
            .annotate(
                received=Count("status"),
                accepted=Count("status", filter=Q(status__in=ACCEPTED_STATUSES)),
                closed=Count("status", filter=Q(status=Status.CLOSED)),
                handled=Count("status", filter=Q(status__in=HANDLED_STATUSES)),
                on_time=Count("status", filter=Q(status__in=HANDLED_STATUSES, handled_in_time=True)),
            )
        ),
    )
    for row in rows:
        row["year"], row["month"] = divmod(row["received_month"], 100)
    return rows


def _with_all(value: str) -> tuple[str, str]:
    return value, ALL


def roll_up(rows: list[dict], counted_as: dict[int, tuple[int, ...]]) -> dict[tuple, list[int]]:
    """Sum finest rows into every (region or city, period, hotline|'', kind|'', domain|'') cell.

    Values are [received, accepted, closed, handled, on_time]; 大洼县 counts for 大洼区 (see stats.counted_as).
    Cheap: it works on the small GROUP BY result.
    """
    totals = {
        (row["region_id"], row["received_month"], row["hotline_id"], row["kind"], row["domain"]): [
            row["received"],
            row["accepted"],
            row["closed"],
            row["handled"],
            row["on_time"],
        ]
        for row in rows
    }
    return stats.roll_up(
        totals, [counted_as.__getitem__, stats.month_periods, _with_all, _with_all, _with_all]
    )


@stats.step(
    "complaints.rates",
    label="投诉举报量、办结率与按时办理率",
    sources=["complaints.Complaint"],
)
def complaint_rates(ctx: stats.StepContext) -> int:
    # The step's only reads: one small query for the regions, then one GROUP BY over the complaints.
    counted_as = stats.counted_as()
    cube = roll_up(finest_counts(ctx.years), counted_as)
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
