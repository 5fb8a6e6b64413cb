"""The complaints step of the nightly job: volume, completion, on-time acceptance and handling, 回访满意率 and
reopened orders (set-based).

What each figure counts (统计口径):
- complaints.volume: complaints received (by received month).
- complaints.completion (办结率): closed / accepted.
- complaints.on_time (按期办结率): handled by the handling deadline (extensions and pauses counted in the
  deadline) / (handled + accepted orders still open past their deadline on the day of the run): an order that
  is late and not yet handled counts against the rate at once, not only when it is finally handled.
- complaints.accept_on_time (按时受理率): accepted or refused by the accepting deadline / accepted or refused.
- complaints.satisfaction (回访满意率): 满意 + 基本满意 / orders reached by the 回访 (未能回访 left out).
- complaints.reopened (重办工单): orders that a 不满意 回访 sent back for 重办.
"""

from __future__ import annotations

from typing import cast

from django.db.models import Count, Q
from django.utils import timezone

from complaints.choices import (
    ACCEPTED_STATUSES,
    HANDLED_STATUSES,
    HANDLING_STATUSES,
    SATISFIED,
    VISITED,
    Status,
)
from complaints.models import Complaint
from core import stats

ALL = ""
# Positions of the figures in a rolled-up cell.
(
    RECEIVED,
    ACCEPTED,
    CLOSED,
    HANDLED,
    ON_TIME,
    DUE,
    DECIDED,
    ACCEPTED_ON_TIME,
    VISITS,
    SATISFIED_VISITS,
    REOPENED,
) = range(11)
FIGURES = (
    "received",
    "accepted",
    "closed",
    "handled",
    "on_time",
    "due",
    "decided",
    "accept_on_time",
    "visits",
    "satisfied",
    "reopened",
)


def received_in_years(years: list[int] | None) -> Q:
    """Complaints received in the given local years, as ranges of the indexed month key (None: all)."""
    condition = Q()
    for year in years or ():
        condition |= Q(received_month__range=(year * 100 + 1, year * 100 + 12))
    return condition


def finest_counts(years: list[int] | None, today=None) -> list[dict]:
    """One GROUP BY at the finest grain: region, hotline, kind, domain, month (also given as year and month).

    Only raw columns of the complaint_stats index (keys and included columns): an index-only scan, no join,
    no time-zone arithmetic. `today` decides which open orders are past their deadline.
    """
    today = today or timezone.localdate()
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
                due=Count(
                    "status",
                    filter=Q(status__in=HANDLED_STATUSES) | Q(status__in=HANDLING_STATUSES, due_on__lt=today),
                ),
                decided=Count("status", filter=Q(accepted_in_time__isnull=False)),
                accept_on_time=Count("status", filter=Q(accepted_in_time=True)),
                visits=Count("status", filter=Q(satisfaction__in=VISITED)),
                satisfied=Count("status", filter=Q(satisfaction__in=SATISFIED)),
                reopened=Count("status", filter=Q(reopen_count__gt=0)),
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

    Values are the FIGURES in order; 大洼县 counts for 大洼区 (see stats.counted_as).
    Cheap: it works on the small GROUP BY result.
    """
    totals = {
        (row["region_id"], row["received_month"], row["hotline_id"], row["kind"], row["domain"]): [
            row[name] for name in FIGURES
        ]
        for row in rows
    }
    return stats.roll_up(
        totals, [counted_as.__getitem__, stats.month_periods, _with_all, _with_all, _with_all]
    )


@stats.step(
    "complaints.rates",
    label="投诉举报量、办结率、按期办结率、按时受理率、回访满意率与重办工单",
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
    ctx.write_statistics("complaints.on_time", rates(ON_TIME, DUE))
    ctx.write_statistics("complaints.accept_on_time", rates(ACCEPTED_ON_TIME, DECIDED))
    ctx.write_statistics("complaints.satisfaction", rates(SATISFIED_VISITS, VISITS))
    ctx.write_statistics(
        "complaints.reopened",
        (
            {"region_id": region, "period": period, "dim1": hotline, "dim2": domain, "value": cell[REOPENED]}
            for (region, period, hotline, _, domain), cell in rate_cells.items()
            if cell[REOPENED]
        ),
    )
    return 0
