"""Time the nightly job against a bare scan of the rows it reads, and the dashboards that read its result."""

from __future__ import annotations

import statistics
import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from accounts.choices import Role
from accounts.models import User
from core import stats
from core.models import RunStatus, RunTrigger
from organizations.models import Region


def source_models() -> list[type[models.Model]]:
    """The distinct models the registered steps declare they scan."""
    names = dict.fromkeys(source for step in stats.registered_steps() for source in step.sources)
    return [apps.get_model(name) for name in names]


def _group_column(model: type[models.Model]) -> str:
    """The column a bare GROUP BY uses: the region when the model has one, else its first foreign key."""
    foreign_keys = [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]
    for field in foreign_keys:
        if field.related_model is Region:
            return field.column
    return foreign_keys[0].column if foreign_keys else model._meta.pk.column


def bare_scan(models_: list[type[models.Model]]) -> tuple[int, float]:
    """One `SELECT col, COUNT(*) ... GROUP BY col` per source table: rows scanned and seconds taken."""
    rows = 0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for model in models_:
            table = connection.ops.quote_name(model._meta.db_table)
            column = connection.ops.quote_name(_group_column(model))
            cursor.execute(f"SELECT {column}, COUNT(*) FROM {table} GROUP BY {column}")
            rows += sum(count for _, count in cursor.fetchall())
    return rows, time.perf_counter() - started


class SourceReadTimer:
    """A query wrapper that adds up the time the job spends in SELECTs over its source tables.

    That time (the steps' finest-grain GROUP BYs, rows fetched) is the part of the job that no design
    recomputing from the source rows can avoid; the rest is rolling up and storing the snapshot.
    """

    def __init__(self, models_: list[type[models.Model]]):
        self.tables = [connection.ops.quote_name(model._meta.db_table) for model in models_]
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        if not (sql.lstrip()[:6].upper() == "SELECT" and any(table in sql for table in self.tables)):
            return execute(sql, params, many, context)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def dashboard_timings(repeat: int) -> list[float]:
    """Milliseconds to render the city and a county dashboard through the test client, after a warm-up."""
    county = Region.objects.counties().first()
    urls = [reverse("dashboards:city")] + (
        [reverse("dashboards:county", args=[county.code])] if county else []
    )
    timings = []
    # A throw-away office user and session, rolled back with everything else at the end.
    with transaction.atomic(), override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        user = User.objects.create(username="benchmark-recompute", role=Role.OFFICE)
        client = Client()
        client.force_login(user)
        for url in urls:
            if client.get(url).status_code != 200:
                raise CommandError(f"看板 {url} 无法打开。")
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
        transaction.set_rollback(True)
    return timings


class Command(BaseCommand):
    help = (
        "基准测试：完整统计任务用时、同一批源数据上一次简单 GROUP BY 的用时、两者之比、看板渲染用时，"
        "以及统计任务读取源数据所用的时间。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="每个看板计时的次数（取中位数）")

    def handle(self, *args, repeat: int, **options):
        sources = source_models()
        bare_scan(sources)  # warm the cache, so neither measurement pays for the first read from disk
        source_reads = SourceReadTimer(sources)
        # The whole job as the worker runs it: taking the lock, the steps, the swap and removing old rows.
        started = time.perf_counter()
        try:
            with connection.execute_wrapper(source_reads):
                run = stats.run_now(trigger=RunTrigger.BENCHMARK)
        except stats.RunAlreadyActive as exc:
            raise CommandError(str(exc)) from exc
        recompute_s = time.perf_counter() - started
        if run.status != RunStatus.SUCCEEDED:
            raise CommandError(f"统计运行 #{run.pk} 失败：{run.error.splitlines()[0] if run.error else ''}")
        rows, bare_s = bare_scan(sources)
        for step in run.steps:
            self.stderr.write(f"  {step['name']}: {step.get('seconds', 0):.3f} s, {step.get('rows', 0)} rows")
        dashboard_ms = statistics.median(dashboard_timings(repeat))
        self.stdout.write(f"rows: {rows}")
        self.stdout.write(f"recompute_s: {recompute_s:.3f}")
        self.stdout.write(f"bare_scan_s: {bare_s:.3f}")
        self.stdout.write(f"ratio: {recompute_s / bare_s:.2f}" if bare_s else "ratio: n/a")
        self.stdout.write(f"dashboard_ms: {dashboard_ms:.1f}")
        # Beyond the contract's five: how much of recompute_s went into reading the source rows.
        self.stdout.write(f"source_read_s: {source_reads.seconds:.3f}")
        self.stdout.write(
            f"source_read_ratio: {source_reads.seconds / bare_s:.2f}" if bare_s else "source_read_ratio: n/a"
        )
