"""Fixtures for the job machinery and the dashboards: an isolated step registry and snapshot rows written by hand."""

from __future__ import annotations

import pytest

from core import stats
from core.models import Statistic
from core.periods import Period
from tests.dashboards.factories import StatsRunFactory


@pytest.fixture
def isolated_steps():
    """An empty statistics registry for the test (the apps' real steps come back afterwards)."""
    saved = dict(stats._registry)
    stats._registry.clear()
    yield stats._registry
    stats._registry.clear()
    stats._registry.update(saved)


def figures_rows(regions, years=(2014, 2015), scale: int = 1) -> list[dict]:
    """Statistic rows for every metric the dashboards draw; `scale` multiplies the months and classes written."""
    rows = []
    for region in regions:
        k = 7 if region.kind == "city" else 1
        for year in years:
            y = str(year)
            for month in Period(year).months():
                rows.append(
                    dict(metric="complaints.volume", region_id=region.pk, period=str(month), value=10 * k)
                )
            for quarter in range(1, 5):
                rows.append(
                    dict(
                        metric="inspections.pass_rate",
                        region_id=region.pk,
                        period=f"{y}-Q{quarter}",
                        numerator=90 * k,
                        denominator=100 * k,
                    )
                )
            for level in ["", "national", "provincial", "municipal", "provincial_above"]:
                rows.append(
                    dict(
                        metric="inspections.pass_rate",
                        region_id=region.pk,
                        period=y,
                        dim1=level,
                        numerator=950 * k,
                        denominator=1000 * k,
                    )
                )
            for index in range(4 * scale):
                rows.append(
                    dict(
                        metric="inspections.pass_rate",
                        region_id=region.pk,
                        period=y,
                        dim2=f"class{index}"
                        if index >= 4
                        else ["agricultural", "food", "manufacturing", "key_catalogue"][index],
                        numerator=45 * k,
                        denominator=50 * k,
                    )
                )
            for domain in ["", "product", "engineering", "service"]:
                for status, count in [
                    ("met", 3),
                    ("not_met", 1),
                    ("at_risk", 1),
                    ("no_data", 0),
                    ("qualitative", 2),
                ]:
                    rows.append(
                        dict(
                            metric="targets.attainment",
                            region_id=region.pk,
                            period=y,
                            dim1=domain,
                            dim2=status,
                            value=count * k * (3 if not domain else 1),
                        )
                    )
            for award in ["", "liaoning_brand", "panjin_brand"]:
                rows.append(
                    dict(metric="brands.awards_valid", region_id=region.pk, period=y, dim1=award, value=4 * k)
                )
                rows.append(
                    dict(
                        metric="brands.awards_cumulative",
                        region_id=region.pk,
                        period=y,
                        dim1=award,
                        value=6 * k,
                    )
                )
            for hotline in ["", "12365", "12315"]:
                rows.append(
                    dict(
                        metric="complaints.volume", region_id=region.pk, period=y, dim1=hotline, value=120 * k
                    )
                )
                for metric in ["complaints.completion", "complaints.on_time"]:
                    rows.append(
                        dict(
                            metric=metric,
                            region_id=region.pk,
                            period=y,
                            dim1=hotline,
                            numerator=80 * k,
                            denominator=100 * k,
                        )
                    )
            # Rows the page does not draw (the full complaint cube): more data, the same queries.
            for index in range(50 * (scale - 1)):
                rows.append(
                    dict(
                        metric="complaints.volume",
                        region_id=region.pk,
                        period=y,
                        dim1="12365",
                        dim2=f"k{index}",
                        dim3="product",
                        value=index,
                    )
                )
            if region.kind != "city":
                rows.append(
                    dict(
                        metric="assessments.total_score", region_id=region.pk, period=y, dim1="A", value=91.5
                    )
                )
    return rows


def write_figures(run, rows) -> None:
    from core.stats import rate

    Statistic.objects.bulk_create(
        Statistic(
            run=run, value=row.pop("value", None) or rate(row.get("numerator"), row.get("denominator")), **row
        )
        for row in [dict(r) for r in rows]
    )


@pytest.fixture
def current_figures(city, county, other_county):
    """A current run with figures for the city and two counties, 2014 and 2015."""
    run = StatsRunFactory()
    write_figures(run, figures_rows([city, county, other_county]))
    return run
