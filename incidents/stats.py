"""The incidents step of the nightly job: incidents by grade, domain and extent per county and month, rolled up."""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear

from core import stats
from incidents.models import Incident

COUNT = "incidents.count"


def _with_all(value: str) -> tuple[str, str]:
    return value, ""


@stats.step("incidents.count", label="质量安全事故数", sources=["incidents.Incident"])
def incident_counts(ctx: stats.StepContext) -> int:
    queryset = Incident.objects.all()
    if ctx.years is not None:
        queryset = queryset.filter(occurred_on__year__in=ctx.years)
    rows = (
        queryset.annotate(y=ExtractYear("occurred_on"), m=ExtractMonth("occurred_on"))
        .values("region_id", "y", "m", "grade", "domain")
        .annotate(n=Count("pk"), veto=Count("pk", filter=Q(regional=True) | Q(systemic=True)))
    )
    finest: dict[tuple, list[int]] = {}
    for row in rows:
        key = (row["region_id"], row["y"] * 100 + row["m"], row["grade"], row["domain"])
        finest[key] = [row["n"], row["veto"]]
    counted_as = stats.counted_as()
    totals = stats.roll_up(finest, [counted_as.__getitem__, stats.month_periods, _with_all, _with_all])
    return ctx.write_statistics(
        COUNT,
        (
            {
                "region_id": region_id,
                "period": period,
                "dim1": grade,
                "dim2": domain,
                "dim3": dim3,
                "value": n,
            }
            for (region_id, period, grade, domain), (total, veto) in totals.items()
            for dim3, n in (("", total), ("veto", veto))
        ),
    )
