"""Shared machinery: the model base every domain model stands on, background jobs, the nightly statistics
run log and the snapshot rows it writes."""

from __future__ import annotations

import copy
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.importing import RowError
from core.periods import validate_period
from core.querysets import ScopedQuerySet
from core.scoping import ScopeRule
from core.uploads import UploadPath


class ScopedModel(models.Model):
    """Rows users reach only through `objects.for_user(user, action)`, under the model's `scope_rule`.

    The default rule lets the office, leaders and the administrator view, and the office and the
    administrator change; a model ties its rows to a region, department or owner by its own `scope_rule`.
    """

    objects = ScopedQuerySet.as_manager()
    scope_rule = ScopeRule()

    class Meta:
        abstract = True


class PortalHistory(HistoricalRecords):
    """The change history every `PortalModel` inherits, narrowed per model by `history_excluded_fields`.

    simple-history reads a model's own many-to-many fields from an attribute (here `history_m2m_fields`)
    but takes excluded fields only as an argument, which an inherited history cannot vary per model.

    A history is read per object (`obj.history`), by date and by user, so only the object's id, history_date
    and history_user are indexed: simple-history would also index every foreign key and indexed column, which
    made a bulk import's history COPY twice as slow (ten unused indexes on the spot-check results' history).
    """

    def finalize(self, sender, **kwargs) -> None:
        records = copy.copy(self)
        records.excluded_fields = [*self.excluded_fields, *getattr(sender, "history_excluded_fields", ())]
        records.no_db_index = [f.name for f in sender._meta.fields if not f.primary_key]
        return HistoricalRecords.finalize(records, sender, **kwargs)


class PortalModel(ScopedModel):
    """Base of every domain model: scoped (see `ScopedModel`) and audited, one history table per model.

    Per model: `scope_rule`, a custom `objects` manager built on `ScopedQuerySet`, and the history's
    `history_m2m_fields` and `history_excluded_fields` (derived columns, secrets).
    """

    history = PortalHistory(inherit=True, m2m_fields_model_field_name="history_m2m_fields")

    class Meta:
        abstract = True


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


class RunScope(models.TextChoices):
    FULL = "full", _("全部重算")
    CURRENT = "current", _("仅当年")


class RunTrigger(models.TextChoices):
    BEAT = "beat", _("夜间定时")
    WEB = "web", _("网页发起")
    COMMAND = "command", _("命令行")
    BENCHMARK = "benchmark", _("基准测试")
    # Queued after a change (an import confirmed, a value approved, a complaint step) by core.freshness.
    CHANGE = "change", _("数据变更")


class StatsRun(ScopedModel):
    """One run of the statistics job: its log, its progress, and whether its snapshots are the current ones."""

    status = models.CharField(_("状态"), max_length=16, choices=RunStatus, default=RunStatus.QUEUED)
    scope = models.CharField(_("范围"), max_length=16, choices=RunScope, default=RunScope.FULL)
    trigger = models.CharField(_("触发方式"), max_length=16, choices=RunTrigger, default=RunTrigger.COMMAND)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    queued_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    is_current = models.BooleanField(_("当前快照"), default=False)
    steps_total = models.PositiveIntegerField(_("步骤总数"), default=0)
    steps = models.JSONField(_("步骤记录"), default=list, blank=True)
    rows = models.PositiveBigIntegerField(_("写入行数"), default=0)
    error = models.TextField(_("错误"), blank=True)
    # Why a run after a change was queued ("确认导入抽查结果 #12"): the dashboards' freshness line says it.
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]
        verbose_name = _("统计运行")
        verbose_name_plural = _("统计运行")
        constraints = [
            # The lock: at most one run queued or running at a time, across every worker and process.
            # A unique index on a constant over the active rows: a queued and a running run conflict too
            # (a unique index on `status` would let one of each through).
            models.UniqueConstraint(
                models.Value(1),
                condition=Q(status__in=["queued", "running"]),
                name="stats_run_one_active",
                violation_error_message=_("已有一次统计正在运行。"),
            ),
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="stats_run_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"

    @property
    def duration_s(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    @property
    def steps_done(self) -> int:
        return sum(1 for step in self.steps if step.get("finished"))

    @property
    def progress_percent(self) -> int:
        if self.status == RunStatus.SUCCEEDED:
            return 100
        return int(100 * self.steps_done / self.steps_total) if self.steps_total else 0


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    # A check-only job that found no error: nothing written yet, waiting for “确认导入”.
    CHECKED = "checked", _("检查通过，待确认")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")
    CANCELLED = "cancelled", _("已取消")


ACTIVE_JOB_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(PortalModel):
    """Something a user started and waits on (an import, its check, a report): status, progress, errors, result.

    What a kind of job does is its runner (`core.jobs.JobRunner`); the statistics run keeps its own model
    (`StatsRun`), being a versioned snapshot with a lock rather than a job.
    """

    kind = models.CharField(_("任务类型"), max_length=40, db_index=True)
    name = models.CharField(_("名称"), max_length=200)
    status = models.CharField(_("状态"), max_length=16, choices=JobStatus, default=JobStatus.QUEUED)
    check_only = models.BooleanField(_("只检查"), default=False)
    # What the runner needs besides the file: the level and class of a spot-check table, a report's year …
    params = models.JSONField(_("参数"), default=dict, blank=True)
    file = models.FileField(_("上传文件"), upload_to=UploadPath("jobs/uploads"), blank=True)
    checksum = models.CharField(_("文件校验和"), max_length=64, blank=True, db_index=True, editable=False)
    result = models.FileField(_("结果文件"), upload_to=UploadPath("jobs/results"), blank=True)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    # [{"row": Excel row (0: the file as a whole), "field": column as written, "reason": why}], first 1,000.
    errors = models.JSONField(_("错误"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("错误数"), default=0)
    # What was (or, for a check, would be) created, changed and skipped: {"created": 12, "skipped": 3, …}.
    summary = models.JSONField(_("摘要"), default=dict, blank=True)
    preview = models.JSONField(_("预览"), default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    # The member unit whose data the job writes (a spot-check table): that unit's staff see the job too.
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("归属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The check this job imports for real; one to one, so a check is confirmed at most once.
    confirms = models.OneToOneField(
        "self",
        verbose_name=_("确认的检查"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="confirmed_by",
        editable=False,
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    # Progress ticks, row errors, previews and the summary are working data shown on the job's page (the rows
    # a job writes carry their own history); its status, who ran it and when are recorded.
    history_excluded_fields = ("done", "errors", "preview", "summary")
    # The user's own jobs; a member unit's staff also see the jobs writing their unit's data; the office,
    # leaders and the administrator see all (as each app's import and report jobs were seen before).
    scope_rule = ScopeRule(department="department", owner="user")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")

    def __str__(self) -> str:
        return f"#{self.pk} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_JOB_STATUSES

    @property
    def progress_percent(self) -> int:
        if not self.is_active:
            return 100 if self.status != JobStatus.CANCELLED else 0
        return min(100, int(100 * self.done / self.total)) if self.total else 0

    @property
    def error_lines(self) -> list[str]:
        """The errors as people read them: “第 N 行 · 列 · 原因”."""
        return [str(RowError(**error)) for error in self.errors]

    @property
    def kind_label(self) -> str:
        from core.jobs import runner_class

        runner = runner_class(self.kind)
        return str(runner.label) if runner else self.kind


class SnapshotQuerySet(ScopedQuerySet):
    def current(self) -> SnapshotQuerySet:
        """Rows of the current run only: pages never see half a run."""
        return self.filter(run_id=models.Subquery(StatsRun.objects.filter(is_current=True).values("pk")[:1]))


class Snapshot(ScopedModel):
    """Base of every snapshot table: rows belong to the run that wrote them and carry a period.

    Derived data, rewritten by every run: scoped but not audited.
    """

    run = models.ForeignKey(StatsRun, verbose_name=_("统计运行"), on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("期间"), max_length=10, validators=[validate_period])

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        abstract = True


class Statistic(Snapshot):
    """One aggregated figure of the nightly job: a metric for a region, a period and up to three dimensions.

    A blank dimension means "all values of that dimension". Rates keep numerator and denominator;
    `value` is derived from them after aggregating (a percentage for rates, the count otherwise).
    """

    # The job writes ~100k rows a night, taking run and region ids from the database in the same transaction:
    # per-row foreign-key triggers and the single-column indexes (every read goes by statistic_lookup) cost
    # more than the rest of the write. Deletes still cascade, through Django.
    run = models.ForeignKey(
        StatsRun,
        verbose_name=_("统计运行"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    metric = models.CharField(_("指标"), max_length=64)
    region = models.ForeignKey(
        "organizations.Region",
        verbose_name=_("地区"),
        on_delete=models.CASCADE,
        db_constraint=False,
        db_index=False,
    )
    # Wide enough for a target code (indicator code + year, up to 70 characters) in targets.target.
    dim1 = models.CharField(max_length=80, blank=True, default="")
    dim2 = models.CharField(max_length=80, blank=True, default="")
    dim3 = models.CharField(max_length=80, blank=True, default="")
    numerator = models.DecimalField(_("分子"), max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("分母"), max_digits=20, decimal_places=4, null=True, blank=True)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["metric", "region", "period"]
        verbose_name = _("统计快照")
        verbose_name_plural = _("统计快照")
        indexes = [models.Index(fields=["run", "metric", "period", "region"], name="statistic_lookup")]

    # City-wide figures are for everyone; a county's own figures only for that county (and the office, leaders).
    scope_rule = ScopeRule(region="region", public=lambda: Q(region__kind="city"))

    def __str__(self) -> str:
        return f"{self.metric} {self.region_id} {self.period} = {self.value}"

    @property
    def rate(self) -> Decimal | None:
        from core.stats import rate

        return rate(self.numerator, self.denominator)
