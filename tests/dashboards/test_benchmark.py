"""benchmark_recompute on a synthetic source: a test-only step that aggregates the enterprise register."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from simple_history.utils import bulk_create_with_history

from core import stats
from core.models import RunStatus, StatsRun
from core.registry import DemoContext
from dashboards.management.commands.benchmark_recompute import SourceReadTimer
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
def test_benchmark_prints_its_figures_for_the_registered_sources(isolated_steps, reference, current_figures):
    regions = list(Region.objects.counties())
    bulk_create_with_history(demo_enterprises(DemoContext(), 300, regions), Enterprise)
    stats.step("t.enterprises", label="企业数", sources=["organizations.Enterprise"])(_enterprises_by_region)
    out = io.StringIO()
    call_command("benchmark_recompute", "--repeat", "2", stdout=out, stderr=io.StringIO())
    figures = dict(line.split(": ", 1) for line in out.getvalue().splitlines())
    # The contract's five figures first, in order; then how much of the job went into reading the source.
    assert list(figures) == [
        "rows",
        "recompute_s",
        "bare_scan_s",
        "ratio",
        "dashboard_ms",
        "source_read_s",
        "source_read_ratio",
    ]
    assert int(figures["rows"]) == Enterprise.objects.count() >= 300
    assert all(re.fullmatch(r"\d+\.\d+", value) for key, value in figures.items() if key != "rows")
    # Reading the source is part of the whole job, not more.
    assert float(figures["source_read_s"]) <= float(figures["recompute_s"])
    # The benchmark ran the real job (it is now current) and left no user or session behind.
    assert StatsRun.objects.get(is_current=True).status == RunStatus.SUCCEEDED
    from accounts.models import User

    assert not User.objects.filter(username="benchmark-recompute").exists()


@pytest.mark.django_db
def test_source_read_timer_counts_only_selects_over_the_source_tables(reference):
    timer = SourceReadTimer([Enterprise])
    with connection.execute_wrapper(timer):
        Region.objects.count()
        assert timer.seconds == 0
        Enterprise.objects.values("region_id").annotate(n=Count("id")).order_by().count()
        read = timer.seconds
        assert read > 0
        Enterprise.objects.filter(name="无此企业").update(name="仍无此企业")
    assert timer.seconds == read
