"""The nightly job machinery (core.stats): order, lock, crash, atomic swap, current-year refresh, run log."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import locks, stats
from core.models import RunScope, RunStatus, Statistic, StatsRun
from dashboards import selectors
from tests.dashboards.conftest import figures_rows, write_figures
from tests.dashboards.factories import StatsRunFactory


def _pass_rate_step(registry, numerator: int, name: str = "t.pass_rate", **kwargs):
    """Register a step writing one city pass rate per year (honouring ctx.years), numerator as given."""

    def step(ctx: stats.StepContext) -> int:
        from organizations.models import Region

        city = Region.objects.city()
        years = ctx.years or [2014, 2015, timezone.localdate().year]
        ctx.write_statistics(
            "inspections.pass_rate",
            [
                dict(region_id=city.pk, period=str(y), numerator=numerator, denominator=200)
                for y in set(years)
            ],
        )
        return 0

    stats.step(name, label="测试合格率", **kwargs)(step)
    return step


@pytest.mark.django_db
def test_registered_steps_run_in_dependency_order_with_final_steps_last(isolated_steps):
    for name, depends, final in [
        ("b.second", ["a.first"], False),
        ("z.final", [], True),
        ("a.first", [], False),
        ("c.third", ["b.second", "not.installed"], False),
    ]:
        stats.step(name, label=name, depends=depends, final=final)(lambda ctx: 0)
    assert [s.name for s in stats.registered_steps()] == ["a.first", "b.second", "c.third", "z.final"]


@pytest.mark.django_db
def test_registered_steps_refuse_a_cycle(isolated_steps):
    stats.step("a", label="a", depends=["b"])(lambda ctx: 0)
    stats.step("b", label="b", depends=["a"])(lambda ctx: 0)
    with pytest.raises(RuntimeError, match="circular"):
        stats.registered_steps()


@pytest.mark.django_db
def test_run_writes_rows_under_its_id_logs_steps_and_becomes_current(isolated_steps, city):
    _pass_rate_step(isolated_steps, 180)
    run = stats.run_now(trigger="test")
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED and run.is_current and run.finished_at >= run.started_at
    assert run.rows == 3 and run.steps_total == 1
    [step] = run.steps
    assert step["name"] == "t.pass_rate" and step["rows"] == 3 and step["finished"] and step["seconds"] >= 0
    row = Statistic.objects.current().get(period="2015")
    assert (row.numerator, row.denominator, row.value) == (180, 200, 90)


@pytest.mark.django_db
def test_lock_refuses_a_second_run_while_one_is_queued_or_running(isolated_steps):
    first = stats.enqueue_run(trigger="test")
    with pytest.raises(stats.RunAlreadyActive):
        stats.enqueue_run(trigger="test")
    # Running holds the lock as well: a queued and a running run must not coexist either. (Its process is
    # alive: it holds the run's advisory lock, here in this very session.)
    StatsRun.objects.filter(pk=first.pk).update(status=RunStatus.RUNNING)
    assert locks.hold(locks.Kind.STATS_RUN, first.pk)
    with pytest.raises(stats.RunAlreadyActive):
        stats.enqueue_run(trigger="test")
    locks.release(locks.Kind.STATS_RUN, first.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatsRun.objects.create(status=RunStatus.QUEUED)
    StatsRun.objects.filter(pk=first.pk).update(status=RunStatus.SUCCEEDED)
    assert stats.enqueue_run(trigger="test").status == RunStatus.QUEUED


@pytest.mark.django_db
def test_lock_is_released_by_a_run_that_crashed_long_ago(isolated_steps, settings):
    crashed = stats.enqueue_run(trigger="test")
    long_ago = timezone.now() - timezone.timedelta(hours=settings.STATS_RUN_STALE_AFTER_HOURS + 1)
    StatsRun.objects.filter(pk=crashed.pk).update(
        status=RunStatus.RUNNING, started_at=long_ago, queued_at=long_ago
    )
    # A process still holding the run's advisory lock but hung (SQLite has no such locks at all): the age limit.
    assert locks.hold(locks.Kind.STATS_RUN, crashed.pk)
    fresh = stats.enqueue_run(trigger="test")
    locks.release(locks.Kind.STATS_RUN, crashed.pk)
    crashed.refresh_from_db()
    assert crashed.status == RunStatus.FAILED and "中断" in crashed.error
    assert fresh.status == RunStatus.QUEUED


@pytest.mark.django_db
def test_a_run_is_executed_once_even_when_its_task_is_delivered_twice(isolated_steps, city):
    calls = []
    stats.step("t.count", label="计数")(lambda ctx: calls.append(1) or 0)
    run = stats.enqueue_run(trigger="test")
    stats.execute_run(StatsRun.objects.get(pk=run.pk))
    again = stats.execute_run(StatsRun.objects.get(pk=run.pk))
    assert calls == [1] and again.status == RunStatus.SUCCEEDED


@pytest.mark.django_db
def test_recompute_command_refuses_while_a_run_is_active(isolated_steps):
    stats.enqueue_run(trigger="test")
    with pytest.raises(CommandError, match="正在运行"):
        call_command("recompute", stdout=io.StringIO())


@pytest.mark.django_db
def test_recompute_command_prints_each_step(isolated_steps, city):
    _pass_rate_step(isolated_steps, 150)
    out = io.StringIO()
    call_command("recompute", stdout=out)
    assert "t.pass_rate: 3 rows" in out.getvalue() and "run #" in out.getvalue()


@pytest.mark.django_db
def test_crashing_step_keeps_the_last_good_snapshot_and_logs_the_failure(
    isolated_steps, city, client_for, office_user
):
    _pass_rate_step(isolated_steps, 180)
    good = stats.run_now(trigger="test")

    def crash(ctx: stats.StepContext) -> int:
        ctx.write_statistics("t.partial", [dict(region_id=city.pk, period="2015", value=1)])
        raise ValueError("源数据有误")

    stats.step("z.crash", label="会失败的步骤", depends=["t.pass_rate"])(crash)
    failed = stats.run_now(trigger="test")
    failed.refresh_from_db()
    good.refresh_from_db()
    assert failed.status == RunStatus.FAILED and not failed.is_current and failed.finished_at
    assert "ValueError: 源数据有误" in failed.error
    assert failed.steps[0]["finished"] and failed.steps[1]["error"] == "ValueError: 源数据有误"
    assert good.is_current
    assert not Statistic.objects.filter(run=failed).exists()
    assert Statistic.objects.current().get(period="2015").numerator == 180
    # The failure is visible on the runs page and the run's page; the lock is free again.
    runs_page = client_for(office_user).get("/dashboards/runs/").content.decode()
    assert "失败" in runs_page
    detail = client_for(office_user).get(f"/dashboards/runs/{failed.pk}/").content.decode()
    assert "源数据有误" in detail and "会失败的步骤" in detail
    assert stats.enqueue_run(trigger="test").status == RunStatus.QUEUED


@pytest.mark.django_db
def test_pages_never_see_half_a_run(isolated_steps, city, office_user):
    _pass_rate_step(isolated_steps, 180)
    stats.run_now(trigger="test")
    seen_mid_run = {}

    def look_while_running(ctx: stats.StepContext) -> int:
        # The new run has written its first step's rows; what does a dashboard read now?
        assert Statistic.objects.filter(run=ctx.run).exists()
        data = selectors.dashboard(office_user, city, year="2015")
        seen_mid_run["rate"] = data["pass_rates"]["overall"]["rate"]
        seen_mid_run["run"] = data["freshness"].run.pk
        return 0

    isolated_steps.clear()
    _pass_rate_step(isolated_steps, 100)
    stats.step("z.look", label="查看", depends=["t.pass_rate"])(look_while_running)
    new = stats.run_now(trigger="test")
    assert new.status == RunStatus.SUCCEEDED, new.error
    assert seen_mid_run["rate"] == 90 and seen_mid_run["run"] != new.pk
    assert selectors.dashboard(office_user, city, year="2015")["pass_rates"]["overall"]["rate"] == 50


@pytest.mark.django_db
def test_swap_keeps_the_previous_runs_rows_for_pages_mid_render_and_drops_older(isolated_steps, city):
    _pass_rate_step(isolated_steps, 180)
    first = stats.run_now(trigger="test")
    second = stats.run_now(trigger="test")
    assert (
        Statistic.objects.filter(run=first).count() == 3
    )  # a page that looked up `first` just before the swap
    third = stats.run_now(trigger="test")
    assert not Statistic.objects.filter(run=first).exists()
    assert set(Statistic.objects.values_list("run", flat=True).distinct()) == {second.pk, third.pk}
    assert list(StatsRun.objects.filter(is_current=True)) == [third]


@pytest.mark.django_db
def test_current_year_refresh_recomputes_this_year_and_carries_over_the_rest(isolated_steps, city):
    this_year = timezone.localdate().year
    _pass_rate_step(isolated_steps, 180)
    full = stats.run_now(trigger="test")
    isolated_steps.clear()
    seen_years = []

    def this_year_only(ctx: stats.StepContext) -> int:
        seen_years.append(ctx.years)
        ctx.write_statistics(
            "inspections.pass_rate",
            [dict(region_id=city.pk, period=str(y), numerator=100, denominator=200) for y in ctx.years],
        )
        return 0

    stats.step("t.pass_rate", label="测试合格率")(this_year_only)
    refresh = stats.run_now(trigger="test", scope=RunScope.CURRENT)
    assert refresh.status == RunStatus.SUCCEEDED and refresh.is_current and seen_years == [[this_year]]
    current = {row.period: row.numerator for row in Statistic.objects.current()}
    assert current == {"2014": 180, "2015": 180, str(this_year): 100}
    assert refresh.rows == 3  # two carried over, one recomputed
    assert Statistic.objects.filter(run=full).count() == 3


@pytest.mark.django_db
def test_current_year_refresh_without_a_previous_run_computes_every_year(isolated_steps, city):
    seen_years = []
    stats.step("t.years", label="年份")(lambda ctx: seen_years.append(ctx.years) or 0)
    stats.run_now(trigger="test", scope=RunScope.CURRENT)
    assert seen_years == [None]


@pytest.mark.django_db
def test_write_statistics_computes_rates_after_summing(isolated_steps, city, county):
    run = StatsRunFactory(is_current=False, status=RunStatus.RUNNING)
    ctx = stats.StepContext(run=run)
    written = ctx.write_statistics(
        "t.rate",
        [
            dict(region_id=county.pk, period="2015", numerator=1, denominator=3),
            dict(region_id=city.pk, period="2015", value=7),
        ],
        batch_size=1,
    )
    assert written == 2 and ctx.rows_written == 2
    assert Statistic.objects.get(run=run, region=county).value == Decimal("33.33")
    assert Statistic.objects.get(run=run, region=city).value == 7


@pytest.mark.django_db
def test_write_statistics_keeps_awkward_text_and_nulls_intact(city):
    run = StatsRunFactory(is_current=False, status=RunStatus.RUNNING)
    ctx = stats.StepContext(run=run)
    odd = "a\tb\\c\nd"
    ctx.write_statistics(
        "t.odd", [dict(region_id=city.pk, period="2015-Q3", dim1=odd, dim3="甲", value=None)]
    )
    row = Statistic.objects.get(run=run)
    assert (row.dim1, row.dim2, row.dim3, row.period, row.value, row.numerator) == (
        odd,
        "",
        "甲",
        "2015-Q3",
        None,
        None,
    )
    with pytest.raises(TypeError, match="unknown statistic fields"):
        ctx.write_statistics("t.odd", [dict(region_id=city.pk, period="2015", colour="red")])


@pytest.mark.services
def test_beat_scheduled_recompute_runs_through_a_real_worker(celery_worker, settings, city, county):
    """What beat sends at 02:00, sent now to a real worker on Redis against this PostgreSQL database."""
    from config.celery import app

    previous = StatsRunFactory()
    write_figures(previous, figures_rows([city, county]))
    entry = settings.CELERY_BEAT_SCHEDULE["nightly-recompute"]
    result = app.send_task(entry["task"], kwargs=entry["kwargs"], queue=celery_worker)
    outcome = result.get(timeout=300)
    run = StatsRun.objects.get(pk=outcome["run"])
    assert outcome["status"] == RunStatus.SUCCEEDED, run.error
    assert run.trigger == "beat" and run.is_current and run.finished_at
    assert all(step.get("finished") for step in run.steps) and run.steps_total == len(
        stats.registered_steps()
    )
    previous.refresh_from_db()
    assert not previous.is_current


@pytest.mark.services
def test_web_started_run_is_picked_up_by_a_real_worker(celery_worker, office_user):
    from dashboards import services

    run = services.run_start(user=office_user, scope=RunScope.FULL)  # commits, then queues the task
    for _ in range(300):
        run.refresh_from_db()
        if run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
            break
        import time

        time.sleep(1)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.started_by == office_user and run.trigger == "web" and run.is_current


@pytest.mark.services
def test_beat_run_is_skipped_while_another_holds_the_lock(celery_worker):
    from core.tasks import recompute

    held = stats.enqueue_run(trigger="test")
    outcome = recompute.apply_async(kwargs={"trigger": "beat"}, queue=celery_worker).get(timeout=60)
    assert outcome["status"] == "skipped" and "正在运行" in outcome["reason"]
    assert list(StatsRun.objects.all()) == [held]


def test_beat_schedule_is_configurable_from_the_environment():
    import importlib
    import os

    from config import settings as config_settings

    os.environ.update(RECOMPUTE_HOUR="3", RECOMPUTE_MINUTE="30")
    try:
        reloaded = importlib.reload(config_settings)
        schedule = reloaded.CELERY_BEAT_SCHEDULE["nightly-recompute"]["schedule"]
        assert schedule.hour == {3} and schedule.minute == {30}
    finally:
        del os.environ["RECOMPUTE_HOUR"], os.environ["RECOMPUTE_MINUTE"]
        importlib.reload(config_settings)
