"""Runs and jobs that recover (issue 19, item 8): a process that dies mid-run frees its lock at once (its
PostgreSQL advisory lock goes with its connection), a broker that cannot be reached fails a run or a job at
once with a message, a worker whose database connection was dropped reconnects.

The fault drills at the end run against the real services (marked `services`): a worker killed with SIGKILL
in the middle of a run, Redis at a closed port, a worker's connection terminated by the server.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection, connections
from django.urls import reverse

from core import locks, stats
from core.jobs import DEAD_JOB_ERROR, JobRunner, job_enqueue, job_run
from core.models import Job, JobStatus, RunStatus, StatsRun
from tests.conftest import start_worker, stop_worker


class OtherSession:
    """A second connection to the test database, standing for another live process."""

    def __init__(self) -> None:
        if connection.vendor != "postgresql":
            pytest.skip("advisory locks exist on PostgreSQL only")
        self.wrapper = connections.create_connection("default")

    def hold(self, kind: locks.Kind, pk: int) -> None:
        with self.wrapper.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [int(kind), pk])

    def close(self) -> None:
        self.wrapper.close()


def wait_for(predicate, seconds: float, step: float = 0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


# ---------------------------------------------------------------- statistics runs


@pytest.mark.django_db
def test_a_run_whose_process_died_frees_the_lock_at_once(isolated_steps):
    """It stayed "running" and refused every run for 6 hours; now the next start fails it and proceeds."""
    crashed = stats.enqueue_run(trigger="test")
    StatsRun.objects.filter(pk=crashed.pk).update(status=RunStatus.RUNNING, started_at=crashed.queued_at)
    fresh = stats.enqueue_run(trigger="test")
    crashed.refresh_from_db()
    assert crashed.status == RunStatus.FAILED and crashed.error.startswith("进程已中止")
    assert crashed.finished_at and fresh.status == RunStatus.QUEUED


@pytest.mark.django_db
def test_a_live_run_keeps_the_lock_until_its_session_ends(isolated_steps):
    running = stats.enqueue_run(trigger="test")
    StatsRun.objects.filter(pk=running.pk).update(status=RunStatus.RUNNING)
    process = OtherSession()
    process.hold(locks.Kind.STATS_RUN, running.pk)
    with pytest.raises(stats.RunAlreadyActive):
        stats.enqueue_run(trigger="test")
    running.refresh_from_db()
    assert running.status == RunStatus.RUNNING and running.error == ""
    process.close()  # the process is gone: the database releases its lock as the backend exits (milliseconds)
    assert wait_for(lambda: not locks.alive(locks.Kind.STATS_RUN, [running.pk]), 5)
    assert stats.enqueue_run(trigger="test").status == RunStatus.QUEUED
    running.refresh_from_db()
    assert running.status == RunStatus.FAILED


@pytest.mark.django_db
def test_a_run_holds_its_lock_while_it_runs_and_gives_it_back(isolated_steps, city):
    seen = []
    stats.step("t.alive", label="锁")(
        lambda ctx: seen.append(locks.alive(locks.Kind.STATS_RUN, [ctx.run.pk])) or 0
    )
    run = stats.run_now(trigger="test")
    assert run.status == RunStatus.SUCCEEDED and seen == [{run.pk}]
    assert locks.alive(locks.Kind.STATS_RUN, [run.pk]) == set()


@pytest.mark.django_db
def test_a_queued_run_is_not_taken_while_another_process_works_on_it(isolated_steps):
    queued = stats.enqueue_run(trigger="test")
    process = OtherSession()
    process.hold(locks.Kind.STATS_RUN, queued.pk)
    try:
        assert stats.execute_run(StatsRun.objects.get(pk=queued.pk)).status == RunStatus.QUEUED
    finally:
        process.close()


# ---------------------------------------------------------------- jobs


class AliveRunner(JobRunner):
    """Records whether its job's lock is held while it runs."""

    kind = "tests.alive"
    label = "测试：锁"

    def run(self) -> None:
        self.job.summary = {"alive": sorted(locks.alive(locks.Kind.JOB, [self.job.pk]))}


@pytest.mark.django_db
def test_a_job_holds_its_lock_while_it_runs(office_user):
    job = job_run(job_enqueue(kind="tests.alive", user=office_user, name="锁"))
    assert job.status == JobStatus.SUCCEEDED and job.summary == {"alive": [job.pk]}
    assert locks.alive(locks.Kind.JOB, [job.pk]) == set()


@pytest.mark.django_db
def test_a_running_job_whose_worker_died_is_failed_when_looked_at(office_user, client_for):
    """Import and report jobs stayed "running" forever when their worker died."""
    live, dead = (
        Job.objects.create(kind="tests.alive", name=name, user=office_user, status=JobStatus.RUNNING)
        for name in ("live", "dead")
    )
    process = OtherSession()
    process.hold(locks.Kind.JOB, live.pk)
    try:
        body = client_for(office_user).get(reverse("jobs:detail", args=[dead.pk])).content.decode()
    finally:
        process.close()
    dead.refresh_from_db(), live.refresh_from_db()
    assert dead.status == JobStatus.FAILED and dead.errors[0]["reason"] == DEAD_JOB_ERROR
    assert "任务进程已中止" in body and dead.finished_at
    assert live.status == JobStatus.RUNNING and live.errors == []
    client_for(office_user).get(reverse("jobs:list"))
    live.refresh_from_db()
    assert live.status == JobStatus.FAILED  # its process is gone too now


# ---------------------------------------------------------------- fault drills against the real services


def slow_run_on_a_worker(user, seconds: int):
    """A worker whose runs include a step that sleeps `seconds`, and a run it is in the middle of (with the
    `celery_worker` fixture, which sends tasks to workers instead of running them here)."""
    from config.celery import app
    from dashboards import services

    queue, proc = start_worker("tests.core.drills.slow_step", env={"DRILL_SLOW_SECONDS": str(seconds)})
    default_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        run = services.run_start(user=user, scope="full")
    finally:
        app.conf.task_default_queue = default_queue

    def in_slow_step():
        run.refresh_from_db()
        return run.status == RunStatus.RUNNING and any(
            s["name"] == "drill.slow" and "started" in s for s in run.steps
        )

    if not wait_for(in_slow_step, 120):
        stop_worker(proc)
        pytest.fail(f"the run never reached the slow step: {run.status} {run.steps} {run.error}")
    assert locks.alive(locks.Kind.STATS_RUN, [run.pk]) == {run.pk}
    return run, queue, proc


def start_next_run(user, queue: str) -> tuple[StatsRun | None, float]:
    """Start a run as the web does, retrying while the lock is taken; the run and how long it took."""
    from config.celery import app
    from dashboards import services

    app.conf.task_default_queue = queue
    started = time.monotonic()

    def attempt():
        try:
            return services.run_start(user=user, scope="full")
        except stats.RunAlreadyActive:
            return None

    return wait_for(attempt, 10), time.monotonic() - started


def wait_until_finished(run: StatsRun, seconds: int = 300) -> StatsRun:
    def finished():
        run.refresh_from_db()
        return run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED)

    wait_for(finished, seconds, 1)
    return run


@pytest.mark.services
def test_drill_worker_killed_mid_run_then_the_next_run_starts_at_once(celery_worker, office_user):
    """SIGKILL the worker in the middle of a (slowed) step: the next run is accepted within seconds (it was
    refused for 6 hours) and succeeds on another worker."""
    doomed, _, proc = slow_run_on_a_worker(office_user, 120)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)

    following, seconds = start_next_run(office_user, celery_worker)
    assert following is not None and seconds < 5, seconds
    doomed.refresh_from_db()
    assert doomed.status == RunStatus.FAILED and doomed.error.startswith("进程已中止")
    assert wait_until_finished(following).status == RunStatus.SUCCEEDED and following.is_current, (
        following.error
    )


@pytest.mark.services
def test_drill_worker_connection_dropped_mid_run(celery_worker, office_user):
    """The server terminates the worker's connection in the middle of a run: the run is taken for dead at
    once, the worker itself lives on and runs the next one in a new connection, and the dropped run, when
    it wakes, writes nothing and does not become current."""
    doomed, queue, proc = slow_run_on_a_worker(office_user, 6)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                "AND classid::bigint = %s AND objid::bigint = %s",
                [int(locks.Kind.STATS_RUN), doomed.pk],
            )
            assert cursor.fetchall() == [(True,)]
        following, seconds = start_next_run(office_user, queue)
        assert following is not None and seconds < 5, seconds
        doomed.refresh_from_db()
        assert doomed.status == RunStatus.FAILED and doomed.error.startswith("进程已中止")
        assert wait_until_finished(following).status == RunStatus.SUCCEEDED, following.error
        assert proc.poll() is None  # the same worker ran it
        doomed.refresh_from_db()
        assert doomed.status == RunStatus.FAILED and not doomed.is_current and following.is_current
    finally:
        stop_worker(proc)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.services
def test_drill_broker_unreachable_answers_at_once_and_holds_nothing(
    redis_service, transactional_db, office_user
):
    """Redis at a closed port: the API and the web page answer within seconds (it was a 500 after 19 s),
    leave no active run, and a job fails at once instead of staying queued forever."""
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "tests.core.drills.broker_down", str(office_user.pk), "12315"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    api, web, job = report["api"], report["web"], report["job"]
    assert api["status"] == 503 and "无法提交到后台任务队列" in json.loads(api["body"])["detail"], api
    assert web["status"] == 302 and any("无法提交到后台任务队列" in m for m in web["messages"]), web
    assert job["status"] == JobStatus.FAILED and "无法提交到后台任务队列" in job["errors"][0]["reason"], job
    assert max(api["seconds"], web["seconds"], job["seconds"]) < 5, report
    assert not StatsRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists()
    assert StatsRun.objects.filter(status=RunStatus.FAILED).count() == 2
    assert time.monotonic() - started < 60
