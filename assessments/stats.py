"""The assessment app's step of the nightly job: announced totals by county, for the dashboards' ranking."""

from __future__ import annotations

from django.db.models import CharField, F
from django.db.models.functions import Cast

from assessments.choices import Stage
from assessments.models import Assessment
from core import stats


@stats.step(
    "assessments.total_score",
    label="县区质量工作考核得分",
    sources=["assessments.Assessment"],
)
def total_score(ctx: stats.StepContext) -> int:
    """`assessments.total_score`: dim1 = grade, value = total score, per county, for announced years only.

    One row per county and year is already the finest grain, and a sum of county scores means nothing,
    so no city row is written.
    """
    rows = Assessment.objects.filter(scheme__stage=Stage.ANNOUNCED, total__isnull=False)
    if ctx.years is not None:
        rows = rows.filter(scheme__year__in=ctx.years)
    values = rows.annotate(period=Cast(F("scheme__year"), CharField())).values(
        "region_id", "period", "grade", "total"
    )
    ctx.write_statistics(
        "assessments.total_score",
        (
            {"region_id": r["region_id"], "period": r["period"], "dim1": r["grade"], "value": r["total"]}
            for r in values
        ),
    )
    return 0
