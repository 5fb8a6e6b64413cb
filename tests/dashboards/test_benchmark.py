"""benchmark_recompute on a synthetic source: a test-only step that aggregates the enterprise register."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.db.models import Count
from simple_history.utils import bulk_create_with_history

from core import stats
from core.models import RunStatus, StatsRun
from core.registry import DemoContext
from organizations.demo import demo_enterprises
from organizations.models import Enterprise, Region


def _enterprises_by_region(ctx: stats.StepContext) -> int:
    counts = Enterprise.objects.values("region_id").annotate(n=Count("id")).order_by()
    by_region = {row["region_id"]: row["n"] for row in counts}
    city = Region.objects.city()
    rows = [dict(region_id=region, period="2015", value=n) for region, n in by_region.items()]
    rows.append(dict(region_id=city.pk, period="2015", value=sum(by_region.values())))
    ctx.write_statistics("t.enterprises", rows)
    return 0


@pytest.mark.django_db
def test_benchmark_prints_the_five_figures_for_the_registered_sources(
    isolated_steps, reference, current_figures
):
    regions = list(Region.objects.counties())
    bulk_create_with_history(demo_enterprises(DemoContext(), 300, regions), Enterprise)
    stats.step("t.enterprises", label="企业数", sources=["organizations.Enterprise"])(_enterprises_by_region)
    out = io.StringIO()
    call_command("benchmark_recompute", "--repeat", "2", stdout=out, stderr=io.StringIO())
    figures = dict(line.split(": ", 1) for line in out.getvalue().splitlines())
    assert list(figures) == ["rows", "recompute_s", "bare_scan_s", "ratio", "dashboard_ms"]
    assert int(figures["rows"]) == Enterprise.objects.count() >= 300
    assert all(
        re.fullmatch(r"\d+\.\d+", figures[k]) for k in ["recompute_s", "bare_scan_s", "ratio", "dashboard_ms"]
    )
    # The benchmark ran the real job (it is now current) and left no user or session behind.
    assert StatsRun.objects.get(is_current=True).status == RunStatus.SUCCEEDED
    from accounts.models import User

    assert not User.objects.filter(username="benchmark-recompute").exists()
