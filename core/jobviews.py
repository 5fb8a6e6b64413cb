"""The job pages every kind of job shares: the user's jobs, one job's page (polled by htmx while it runs),
confirming a passed check, cancelling a queued job and downloading a job's result file."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View, generic

from accounts import policy
from core import jobs, todo, uploads
from core.filtersets import FilterSet
from core.models import Job, JobStatus
from core.views import HtmxPartialMixin, ObjectListView, PolicyMixin, history_of


class JobTable(tables.Table):
    pk = tables.Column(verbose_name="编号", linkify=True)
    kind = tables.Column(verbose_name="类型", accessor="kind_label", orderable=False)
    name = tables.Column(linkify=True)
    status = tables.Column()
    progress = tables.TemplateColumn(
        "{% if record.is_active %}{{ record.progress_percent }}%{% elif record.error_count %}"
        '<span class="text-danger">{{ record.error_count }} 处错误</span>{% endif %}',
        verbose_name="进度",
        orderable=False,
    )
    created_at = tables.DateTimeColumn(format="Y-m-d H:i")
    finished_at = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta:
        model = Job
        fields = ["pk", "kind", "name", "status", "progress", "created_at", "finished_at"]
        attrs = {"class": "table table-hover table-sm align-middle"}
        empty_text = "还没有后台任务。"


class JobFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(label="类型", choices=lambda: jobs.kind_choices())
    status = django_filters.ChoiceFilter(label="状态", choices=JobStatus.choices)

    class Meta:
        model = Job
        fields = ["kind", "status"]


class JobListView(ObjectListView):
    """The signed-in user's own jobs, newest first."""

    model = Job
    table_class = JobTable
    filterset_class = JobFilterSet
    title = "我的任务"

    def get_queryset(self):
        jobs.job_release_dead()
        return super().get_queryset().filter(user=self.request.user)


def runner_capability(kind: str) -> str | None:
    runner = jobs.runner_class(kind)
    return runner.capability if runner else None


class JobDetailView(HtmxPartialMixin, PolicyMixin, generic.DetailView):
    """One job: status and progress (htmx polls the status card while it runs), its summary, preview and errors."""

    model = Job
    template_name = "jobs/job_detail.html"
    htmx_template_name = "jobs/_job_status.html"

    def get_queryset(self):
        jobs.job_release_dead()
        return super().get_queryset().select_related("user", "confirms", "department")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.object
        runner = jobs.runner_class(job.kind)
        user = self.request.user
        may_change = policy.can(user, policy.CHANGE, job) and (
            runner is None or runner.capability is None or policy.allowed(user, runner.capability)
        )
        context.update(
            title=f"{job.kind_label} #{job.pk}：{job.name}",
            history=history_of(job),
            summary_template=runner.summary_template if runner else None,
            details=runner.describe(job) if runner else [],
            start_page=(runner.start_page[0], reverse(runner.start_page[1]))
            if runner and runner.start_page
            else None,
            confirmed_by=Job.objects.for_user(user).filter(confirms=job).first() if job.check_only else None,
            result_url=runner.result_url(job) if runner and job.status == JobStatus.SUCCEEDED else None,
            may_confirm=may_change and job.status == JobStatus.CHECKED,
            may_cancel=may_change and job.status == JobStatus.QUEUED,
        )
        return context


class JobActionView(PolicyMixin, View):
    """A POST on a job the user may change, with the capability of the job's kind; a refusal is a message."""

    def act(self, job: Job) -> Job:
        raise NotImplementedError

    def post(self, request, pk: int):
        # The kind's capability first, as the upload page refuses those without it: 403 whoever owns the job.
        kind = Job.objects.filter(pk=pk).values_list("kind", flat=True).first()
        capability = runner_capability(kind) if kind else None
        if capability and not policy.allowed(request.user, capability):
            raise PermissionDenied("您的角色无权操作这项任务。")
        job = get_object_or_404(Job.objects.for_user(request.user, policy.CHANGE), pk=pk)
        try:
            job = self.act(job)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            todo.forget(request.user)  # a confirmed check leaves the to-do list now, not in a minute
        return HttpResponseRedirect(job.get_absolute_url())


class JobConfirmView(JobActionView):
    """“确认导入” on a passed check: the same stored file is imported for real as a new job, shown next."""

    def act(self, job: Job) -> Job:
        return jobs.job_confirm(check=job, user=self.request.user)


class JobCancelView(JobActionView):
    def act(self, job: Job) -> Job:
        job = jobs.job_cancel(job=job, user=self.request.user)
        messages.success(self.request, f"已取消任务 #{job.pk}。")
        return job


class JobResultView(PolicyMixin, View):
    """A finished job's result file (a report), served through the policy, never from a public media URL."""

    def get(self, request, pk: int):
        job = get_object_or_404(Job.objects.for_user(request.user), pk=pk)
        if job.status != JobStatus.SUCCEEDED or not job.result:
            raise Http404("结果文件尚未生成。")
        return uploads.serve(request, job.result, job.params.get("filename"))


class JobFileView(PolicyMixin, View):
    """The file a job was started with (an uploaded table), for those who may see the job."""

    def get(self, request, pk: int):
        job = get_object_or_404(Job.objects.for_user(request.user), pk=pk)
        return uploads.serve(request, job.file)
