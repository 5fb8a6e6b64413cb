"""Background jobs (NetBox's `JobRunner`, in small): one kind of job is one runner class; the services here
queue a job after commit, run it on a worker, confirm a passed check at most once and cancel a queued job.

A runner's `run()` reads `self.job` (its params and file), reports progress with `self.progress()`, and
records what it found with `self.fail()` (row errors: nothing was written) or `self.job.summary`. The job
ends failed when it has errors or raised, checked when it only checked, succeeded otherwise.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import policy
from core import locks
from core.importing import RowError
from core.models import Job, JobStatus

logger = logging.getLogger(__name__)
MAX_ERRORS = 1000
RUNNERS: dict[str, type[JobRunner]] = {}


class JobRunner:
    """What one kind of job does. Subclasses set `kind` and `label` and implement `run()`."""

    kind: ClassVar[str]
    label: ClassVar[str]
    # Who may start, confirm and cancel jobs of this kind (besides being the job's owner or the office).
    capability: ClassVar[str | None] = None
    # The page where such jobs are started (label, URL name): the job page leads back to it.
    start_page: ClassVar[tuple[str, str] | None] = None
    # Template showing what the job created / changed / skipped, and its preview, on the job page (`job`).
    summary_template: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        RUNNERS[cls.kind] = cls

    def __init__(self, job: Job, **options) -> None:
        self.job = job
        # What a caller in this process passes besides the job (the command line's open file).
        self.options = options

    def run(self) -> None:
        raise NotImplementedError

    def progress(self, done: int, total: int | None = None) -> None:
        """Record progress with a plain UPDATE: ticks are not audited, and the job page polls the row."""
        self.job.done = done
        fields = {"done": done}
        if total is not None:
            self.job.total = fields["total"] = total
        Job.objects.filter(pk=self.job.pk).update(**fields)

    def fail(self, errors: list[RowError], count: int | None = None) -> None:
        """Record the errors that refuse the input (the first MAX_ERRORS of `count`)."""
        self.job.errors = [e.as_dict() for e in errors[:MAX_ERRORS]]
        self.job.error_count = len(errors) if count is None else count

    @classmethod
    def describe(cls, job: Job) -> list[tuple[str, str]]:
        """The job's parameters as (label, value) lines for its page."""
        return []

    @classmethod
    def result_url(cls, job: Job) -> str | None:
        """Where the job's outcome is seen (the imported rows); None for none beyond the job page."""
        return None


class ExportRunner(JobRunner):
    """A list page's export too large to answer inline: the same rows, written to the job's result file."""

    kind = "core.export"
    label = "数据导出"

    def run(self) -> None:
        import tempfile

        from django.core.files import File

        from core import exports
        from core.views import list_view_at

        params = self.job.params
        view = list_view_at(params["path"], params.get("query", ""), self.job.user)
        rows = view.export_rows()
        self.progress(0, rows.count())
        with tempfile.TemporaryFile() as handle:
            if params.get("format") == "csv":
                exports.write_csv(handle, rows.headers, rows)
            else:
                exports.write_xlsx(handle, [view.export_sheet(rows)], progress=self.progress)
            handle.seek(0)
            self.job.result.save(params["filename"], File(handle), save=False)

    @classmethod
    def describe(cls, job: Job) -> list[tuple[str, str]]:
        return [("列表", job.params.get("path", "")), ("筛选条件", job.params.get("query") or "无")]

    @classmethod
    def result_url(cls, job: Job) -> str | None:
        query = job.params.get("query")
        return job.params.get("path", "") + (f"?{query}" if query else "")


def runner_class(kind: str) -> type[JobRunner] | None:
    return RUNNERS.get(kind)


def kind_choices() -> list[tuple[str, str]]:
    return [(kind, str(runner.label)) for kind, runner in sorted(RUNNERS.items())]


@transaction.atomic
def job_enqueue(
    *,
    kind: str,
    user,
    name: str,
    params: dict | None = None,
    file=None,
    check_only: bool = False,
    department=None,
    confirms: Job | None = None,
) -> Job:
    """Record a queued job (keeping its uploaded file) and send it to a worker once the transaction commits."""
    if kind not in RUNNERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(
        kind=kind,
        name=name[:200],
        user=user,
        params=params or {},
        check_only=check_only,
        department=department,
        confirms=confirms,
    )
    job._history_user = user
    if isinstance(file, str):  # a file already stored (a confirmed check's): the same file, not a copy
        job.file.name = file
    elif file is not None:
        job.file.save(getattr(file, "name", None) or name, file, save=False)
    job.full_clean()
    job.save()
    transaction.on_commit(partial(_send, job.pk))
    return job


def _send(job_id: int) -> None:
    """Hand a job to the broker; a job the broker cannot take fails at once instead of waiting forever."""
    from core.tasks import run_job

    try:
        run_job.delay(job_id)
    except Exception as exc:
        logger.exception("could not queue job %s", job_id)
        error = RowError(
            0,
            "",
            f"无法提交到后台任务队列：{exc.__class__.__name__}，任务未开始；请检查 Redis 和后台进程是否在运行，稍后重新提交。",
        )
        Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.FAILED, errors=[error.as_dict()], error_count=1, finished_at=timezone.now()
        )


def job_run(job: Job, **options) -> Job:
    """Run a queued job here and now (a worker, the command line); a job no longer queued is left alone.

    The job's advisory lock is held from before it is taken until its outcome is saved, so a running job
    whose process died is recognised by `job_release_dead`.
    """
    if not locks.hold(locks.Kind.JOB, job.pk):
        job.refresh_from_db()
        return job
    try:
        return _run(job, **options)
    finally:
        locks.release(locks.Kind.JOB, job.pk)


def _run(job: Job, **options) -> Job:
    # Taken under a row lock, so two workers given the same job run it once.
    with transaction.atomic():
        taken = (
            Job.objects.select_for_update(skip_locked=True).filter(pk=job.pk, status=JobStatus.QUEUED).first()
        )
        if taken is None:
            job.refresh_from_db()
            return job
        job = taken
        # Outside a request the history rows still name who started the job.
        job._history_user = job.user
        job.status, job.started_at = JobStatus.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
    runner = RUNNERS[job.kind](job, **options)
    try:
        runner.run()
    except Exception as exc:
        # The job page says what went wrong instead of spinning; the worker's log keeps the traceback.
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        runner.fail([RowError(0, "", f"处理失败：{exc.__class__.__name__}: {exc}")])
    if job.error_count:
        job.status = JobStatus.FAILED
    else:
        job.status = JobStatus.CHECKED if job.check_only else JobStatus.SUCCEEDED
    if job.status != JobStatus.FAILED and job.total:
        job.done = job.total
    job.finished_at = timezone.now()
    job.save()
    return job


DEAD_JOB_ERROR = (
    "任务进程已中止：运行它的后台进程已退出（被终止或崩溃），任务未完成，没有写入数据；请重新提交。"
)


def job_release_dead() -> int:
    """Mark failed every running job whose process no longer holds its advisory lock (it died); the job pages
    call this, so a killed worker's job shows failed when it is next looked at. Returns how many."""
    running = list(Job.objects.filter(status=JobStatus.RUNNING).values_list("pk", flat=True))
    dead = set(running) - locks.alive(locks.Kind.JOB, running)
    if not dead:
        return 0
    error = RowError(0, "", DEAD_JOB_ERROR)
    return Job.objects.filter(pk__in=dead, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED, errors=[error.as_dict()], error_count=1, finished_at=timezone.now()
    )


@transaction.atomic
def job_confirm(*, check: Job, user) -> Job:
    """Queue the real run of a passed check on the same stored file, as a new job; a check is confirmed once."""
    # Locked, so two clicks on 确认导入 queue one import; the one-to-one `confirms` is the last guard.
    check = Job.objects.select_for_update().get(pk=check.pk)
    if not policy.can(user, policy.CHANGE, check):
        raise PermissionDenied("您无权确认这项任务。")
    if not check.check_only:
        raise ValidationError(f"任务 #{check.pk} 是正式导入，不是检查，不能再确认导入。")
    if check.is_active:
        raise ValidationError(
            f"检查 #{check.pk} 还没有完成（{check.get_status_display()}），检查通过后才能确认导入。"
        )
    if check.status != JobStatus.CHECKED:
        raise ValidationError(
            f"检查 #{check.pk} 未通过（{check.get_status_display()}），不能确认导入；请改正后重新上传。"
        )
    done = Job.objects.filter(confirms=check).first()
    if done is not None:
        raise ValidationError(f"检查 #{check.pk} 已确认导入过（任务 #{done.pk}），不再重复导入。")
    if not check.file or not check.file.storage.exists(check.file.name):
        raise ValidationError(f"检查 #{check.pk} 的文件已不存在，不能确认导入；请重新上传。")
    return job_enqueue(
        kind=check.kind,
        user=user,
        name=check.name,
        params=check.params,
        file=check.file.name,
        department=check.department,
        confirms=check,
    )


@transaction.atomic
def job_cancel(*, job: Job, user) -> Job:
    """Cancel a job no worker has taken yet; a running or finished job cannot be cancelled."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if not policy.can(user, policy.CHANGE, job):
        raise PermissionDenied("您无权取消这项任务。")
    if job.status != JobStatus.QUEUED:
        raise ValidationError(
            f"任务 #{job.pk} 当前状态为“{job.get_status_display()}”，只能取消排队中的任务。"
        )
    job._history_user = user
    job.status = JobStatus.CANCELLED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    return job
