"""The nightly statistics job: a registry of steps that apps contribute, run in dependency order.

An app registers its step in its own `stats.py`:

    @stats.step("inspections.pass_rates", label="抽查合格率")
    def pass_rates(ctx: stats.StepContext) -> int:
        ...  # set-based SQL into ctx.write_statistics(...); return rows written to the app's own snapshot tables

Steps marked `final=True` (target attainment) run after every other step. A run writes its
snapshot rows under its own id and becomes current in one transaction at the end; a run that fails
deletes what it wrote and leaves the previous current run in place.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import traceback
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from operator import add
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import bulk, locks
from core.models import RunScope, RunStatus, RunTrigger, Snapshot, Statistic, StatsRun
from core.periods import periods_of
from organizations.choices import RegionKind
from organizations.models import Region

logger = logging.getLogger(__name__)
HUNDRED = Decimal(100)


class RunAlreadyActive(Exception):
    """Another run is queued or running: the lock is taken."""


class RunNotQueued(Exception):
    """The broker did not take the run: it was marked failed (the lock is free) and the message says why."""


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    func: Callable[[StepContext], int]
    depends: tuple[str, ...] = ()
    final: bool = False
    # Models ("app_label.Model") whose rows the step scans; the benchmark times a bare GROUP BY over them.
    sources: tuple[str, ...] = ()


@dataclass
class StepContext:
    """What a step gets: the run it writes under, and the years it must cover (None: every year)."""

    run: StatsRun
    years: list[int] | None = None
    rows_written: int = field(default=0)

    def write_statistics(self, metric: str, rows: Iterable[dict], batch_size: int = 20000) -> int:
        """Insert Statistic rows for this run; each row has region_id, period and optional dims and figures.

        Snapshot rows are plain derived data (no audit, no signals), so they skip model instances and go
        through the one bulk writer (`core.bulk.write_rows`): COPY on PostgreSQL, executemany elsewhere.
        """
        count = 0
        batch: list[tuple] = []
        run_id = self.run.pk
        for row in rows:
            if not row.keys() <= _STATISTIC_KEYS:
                unknown = row.keys() - _STATISTIC_KEYS
                raise TypeError(f"{metric}: unknown statistic fields {sorted(unknown)}")
            get = row.get
            numerator, denominator, value = get("numerator"), get("denominator"), get("value")
            if value is None and denominator is not None:
                value = rate(numerator, denominator)
            batch.append(
                (
                    run_id,
                    metric,
                    row["region_id"],
                    row["period"],
                    get("dim1", ""),
                    get("dim2", ""),
                    get("dim3", ""),
                    numerator,
                    denominator,
                    value,
                )
            )
            if len(batch) >= batch_size:
                count += _insert_statistics(batch)
                batch = []
        if batch:
            count += _insert_statistics(batch)
        self.rows_written += count
        return count


_STATISTIC_KEYS = {"region_id", "period", "dim1", "dim2", "dim3", "numerator", "denominator", "value"}
_STATISTIC_COLUMNS = [
    "run_id",
    "metric",
    "region_id",
    "period",
    "dim1",
    "dim2",
    "dim3",
    "numerator",
    "denominator",
    "value",
]


def _copy_lines(batch: Sequence[Sequence], columns: Sequence[str]) -> list[str]:
    """Statistic rows in COPY's text format; text columns escaped once per distinct value, figures inline."""
    texts, null = bulk.CopyTexts(), bulk.NULL
    return [
        f"{run}\t{texts[metric]}\t{region}\t{texts[period]}\t{texts[dim1]}\t{texts[dim2]}\t{texts[dim3]}\t"
        f"{null if numerator is None else numerator}\t{null if denominator is None else denominator}\t"
        f"{null if value is None else value}"
        for run, metric, region, period, dim1, dim2, dim3, numerator, denominator, value in batch
    ]


def _insert_statistics(batch: list[tuple]) -> int:
    return bulk.write_rows(Statistic._meta.db_table, _STATISTIC_COLUMNS, batch, lines=_copy_lines)


_registry: dict[str, Step] = {}


def step(
    name: str, *, label: str, depends: Iterable[str] = (), final: bool = False, sources: Iterable[str] = ()
):
    """Register a function as a step of the nightly job."""

    def decorator(func: Callable[[StepContext], int]) -> Callable[[StepContext], int]:
        _registry[name] = Step(
            name=name, label=label, func=func, depends=tuple(depends), final=final, sources=tuple(sources)
        )
        return func

    return decorator


def registered_steps() -> list[Step]:
    """Steps in dependency order (Kahn's algorithm, ties by name); final steps last."""
    pending = dict(_registry)
    done: list[Step] = []
    done_names: set[str] = set()
    for final in (False, True):
        while True:
            ready = sorted(
                (
                    s
                    for s in pending.values()
                    if s.final == final and all(d in done_names or d not in _registry for d in s.depends)
                ),
                key=lambda s: s.name,
            )
            if not ready:
                break
            for s in ready:
                done.append(s)
                done_names.add(s.name)
                del pending[s.name]
    if pending:
        raise RuntimeError(f"statistics steps with circular dependencies: {sorted(pending)}")
    return done


def rate(numerator, denominator) -> Decimal | None:
    """A percentage with two decimals, computed from summed numerator and denominator."""
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def roll_up(
    totals: dict[tuple, list[Any]], widen: Sequence[Callable[[Any], Iterable[Hashable]] | None]
) -> dict[tuple, list[Any]]:
    """Sum finest-grain figures into every coarser cell, one key position at a time.

    The one roll-up of the nightly job: every step that sums regions into their successors and the city
    (`counted_as`), months into quarters and years (`month_periods`) or values into '' (all) does it here.

    `widen[i]` maps the value at key position i to the values it counts for (itself, its parents, '' for
    all); None leaves the position as it is. Widening position by position works on the already summed
    result of the previous position, so the cost follows the size of the output, not that of the input
    times every combination. Each distinct value is widened once.
    """
    for position, values_of in enumerate(widen):
        if values_of is None:
            continue
        cache: dict[Hashable, tuple] = {}
        widened: dict[tuple, list[int]] = {}
        get = widened.get
        for key, figures in totals.items():
            value = key[position]
            targets = cache.get(value)
            if targets is None:
                targets = cache[value] = tuple(values_of(value))
            head, tail = key[:position], key[position + 1 :]
            for target in targets:
                cell_key = head + (target,) + tail
                cell = get(cell_key)
                # Cells are never changed in place, so a figure list may be shared until it is summed.
                widened[cell_key] = figures if cell is None else list(map(add, cell, figures))
        totals = widened
    return totals


def counted_as(*, city: bool = True) -> dict[int, tuple[int, ...]]:
    """Each region id → the regions its figures count for: itself, or its successor (大洼县 → 大洼区), and the city
    (unless `city=False`, for figures whose city value is not the sum of its counties').

    The one place a region is mapped to its successor: one small query, applied to the finest-grain result
    (as a `roll_up` widener) instead of joining the region table on every source row.
    """
    regions = list(Region.objects.values_list("pk", "successor_id", "kind", "valid_until"))
    if not city:
        return {pk: (successor or pk,) for pk, successor, _, _ in regions}
    cities = [pk for pk, _, kind, valid_until in regions if kind == RegionKind.CITY and valid_until is None]
    if len(cities) != 1:
        raise Region.DoesNotExist("找不到（唯一的）本市地区记录，请先运行 seed_reference。")
    return {pk: tuple(dict.fromkeys([successor or pk, cities[0]])) for pk, successor, _, _ in regions}


def month_periods(yyyymm: int, *, months: bool = True) -> tuple[str, ...]:
    """The year, quarter and month codes of a month written yyyymm (the grouping key of the finest queries);
    without the month when `months=False`, for figures published by quarter and year only."""
    year, month = divmod(yyyymm, 100)
    periods = tuple(str(period) for period in periods_of(dt.date(year, month, 1)))
    return periods if months else periods[:2]


def vacuum_analyze(*models_: type[Model]) -> None:
    """After a bulk load on PostgreSQL: mark the new pages all-visible, so the job reads its covering indexes
    without visiting the table (an index-only scan), and refresh the planner's statistics.

    VACUUM cannot run inside a transaction; within one (a test), only ANALYZE runs.
    """
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def snapshot_models() -> list[type[Snapshot]]:
    return [m for m in apps.get_models() if issubclass(m, Snapshot)]


def current_run() -> StatsRun | None:
    return StatsRun.objects.filter(is_current=True).first()


def _release_stale_runs() -> None:
    """A run left queued or running past the limit crashed; mark it failed so the lock frees."""
    now = timezone.now()
    limit = now - dt.timedelta(hours=settings.STATS_RUN_STALE_AFTER_HOURS)
    StatsRun.objects.annotate(since=Coalesce("started_at", "queued_at")).filter(
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING], since__lt=limit
    ).update(status=RunStatus.FAILED, error="运行超时未结束，视为中断。", finished_at=now)


DEAD_RUN_ERROR = "进程已中止：运行这次统计的进程已退出（被终止或崩溃），统计未完成，已释放锁。"


def _release_dead_runs() -> None:
    """A running run whose process no longer holds its advisory lock died: mark it failed so the lock frees.

    The run holds the lock from before it is claimed until after its outcome is saved, so "running and
    not held" means dead; the conditional update leaves a run that finished meanwhile as it ended.
    """
    running = list(StatsRun.objects.filter(status=RunStatus.RUNNING).values_list("pk", flat=True))
    dead = set(running) - locks.alive(locks.Kind.STATS_RUN, running)
    if dead:
        StatsRun.objects.filter(pk__in=dead, status=RunStatus.RUNNING).update(
            status=RunStatus.FAILED, error=DEAD_RUN_ERROR, finished_at=timezone.now()
        )


def enqueue_run(*, trigger: str, scope: str = RunScope.FULL, user=None, reason: str = "") -> StatsRun:
    """Take the lock by creating a queued run; raise RunAlreadyActive when one is queued or running.

    Two guards: the partial unique index over queued and running runs, and before it the advisory lock
    each running run holds (a run whose process died is failed here, so the next one proceeds at once).
    """
    _release_dead_runs()
    _release_stale_runs()
    try:
        with transaction.atomic():
            return StatsRun.objects.create(
                trigger=trigger,
                scope=scope,
                started_by=user,
                steps_total=len(registered_steps()),
                reason=reason[:200],
            )
    except IntegrityError as exc:
        raise RunAlreadyActive("已有一次统计正在运行，请稍后再试。") from exc


def _carry_over(run: StatsRun, previous: StatsRun, years: list[int]) -> int:
    """For a current-year refresh, copy the previous run's rows for the other years under the new run."""
    copied = 0
    for model in snapshot_models():
        columns = [
            f.column for f in model._meta.concrete_fields if f.column and f.column not in ("id", "run_id")
        ]
        table = connection.ops.quote_name(model._meta.db_table)
        cols = ", ".join(connection.ops.quote_name(c) for c in columns)
        year_clause = " AND ".join(["substr(period, 1, 4) <> %s"] * len(years))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (run_id, {cols}) SELECT %s, {cols} FROM {table} "
                f"WHERE run_id = %s AND {year_clause}",
                [run.pk, previous.pk, *[str(y) for y in years]],
            )
            copied += cursor.rowcount
    return copied


def _claim(run: StatsRun) -> bool:
    """Move a queued run to running; False when another worker got it first (a redelivered task)."""
    started_at = timezone.now()
    claimed = StatsRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=started_at
    )
    if claimed:
        run.status, run.started_at = RunStatus.RUNNING, started_at
    return bool(claimed)


def execute_run(run: StatsRun) -> StatsRun:
    """Run every registered step for a queued run, then make it current; on failure keep the last good run.

    The run's advisory lock is held throughout (taken before the claim, given back after the outcome is
    saved), so a process that dies mid-run is seen as dead by the next `enqueue_run`.
    """
    if not locks.hold(locks.Kind.STATS_RUN, run.pk):
        run.refresh_from_db()
        return run
    try:
        if not _claim(run):
            run.refresh_from_db()
            return run
        return _execute(run)
    finally:
        locks.release(locks.Kind.STATS_RUN, run.pk)


def _execute(run: StatsRun) -> StatsRun:
    steps = registered_steps()
    previous = current_run()
    years = [timezone.localdate().year] if run.scope == RunScope.CURRENT and previous else None
    run.steps_total = len(steps)
    run.steps = [{"name": s.name, "label": s.label} for s in steps]
    run.save(update_fields=["steps_total", "steps"])
    ctx = StepContext(run=run, years=years)
    index = -1
    try:
        if years and previous:
            with transaction.atomic():
                ctx.rows_written += _carry_over(run, previous, years)
        for index, s in enumerate(steps):
            started = time.perf_counter()
            before = ctx.rows_written
            run.steps[index]["started"] = timezone.now().isoformat()
            run.save(update_fields=["steps"])
            # One transaction per step: a failing step leaves nothing behind, and bulk inserts commit once.
            with transaction.atomic():
                # A step returns how many rows it wrote to snapshot tables of its own, beside write_statistics
                # (which counts its rows itself, so call the step before reading the counter).
                own_rows = s.func(ctx) or 0
            ctx.rows_written += own_rows
            run.steps[index].update(
                seconds=round(time.perf_counter() - started, 3), rows=ctx.rows_written - before, finished=True
            )
            run.rows = ctx.rows_written
            run.save(update_fields=["steps", "rows"])
    except Exception as exc:
        logger.exception("statistics run %s failed", run.pk)
        for model in snapshot_models():
            model.objects.filter(run=run).delete()
        if 0 <= index < len(steps):
            run.steps[index]["error"] = f"{exc.__class__.__name__}: {exc}"
        run.status = RunStatus.FAILED
        run.error = f"{exc.__class__.__name__}: {exc}\n\n{traceback.format_exc(limit=8)}"
        run.finished_at = timezone.now()
        run.save(update_fields=["steps", "status", "error", "finished_at"])
        return run
    with transaction.atomic():
        # A run taken for dead meanwhile (its connection was dropped and it went on in a new one) has been
        # failed and superseded: it must not become current.
        if not StatsRun.objects.select_for_update().filter(pk=run.pk, status=RunStatus.RUNNING).exists():
            run.refresh_from_db()
            for model in snapshot_models():
                model.objects.filter(run=run).delete()
            return run
        StatsRun.objects.filter(is_current=True).update(is_current=False)
        run.status = RunStatus.SUCCEEDED
        run.is_current = True
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "is_current", "finished_at"])
    # The previous run's rows stay until the next run, so a page that looked up the current run just
    # before the swap still finds its rows; anything older (and rows of crashed runs) goes.
    keep = [run.pk, previous.pk] if previous else [run.pk]
    for model in snapshot_models():
        model.objects.exclude(run__in=keep).delete()
        if connection.vendor == "postgresql":
            # The table's contents were just replaced: fresh planner statistics keep the pages on their indexes.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return run


def run_now(*, trigger: str = RunTrigger.COMMAND, scope: str = RunScope.FULL, user=None) -> StatsRun:
    """Take the lock and run the job in this process."""
    return execute_run(enqueue_run(trigger=trigger, scope=scope, user=user))
