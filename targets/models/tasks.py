"""The strategy's key tasks (三、重点工作 and 四、组织实施) and the departments' yearly progress reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel
from core.scoping import ScopeRule
from core.uploads import UploadPath, UploadValidator
from targets.choices import ProgressStatus, TaskSection


class KeyTask(PortalModel):
    """One task of the policy with its clause, lead department and supporting departments."""

    clause = models.CharField(_("条款"), max_length=20, unique=True, help_text=_("如 三(三)2、四(一)。"))
    section = models.CharField(_("部分"), max_length=16, choices=TaskSection)
    title = models.CharField(_("任务"), max_length=100)
    text = models.TextField(_("政策原文"))
    lead = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("牵头单位"),
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    supporting = models.ManyToManyField(
        "organizations.Department", verbose_name=_("配合单位"), blank=True, related_name="supported_tasks"
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history_m2m_fields = [supporting]
    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["sort_order", "clause"]
        verbose_name = _("重点工作")
        verbose_name_plural = _("重点工作")

    def __str__(self) -> str:
        return f"{self.clause} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("targets:task_detail", args=[self.pk])

    def responsible_ids(self) -> set[int]:
        return {self.lead_id, *(d.pk for d in self.supporting.all())}


class TaskReport(PortalModel):
    """A department's progress on a key task in one year."""

    task = models.ForeignKey(
        KeyTask, verbose_name=_("重点工作"), on_delete=models.PROTECT, related_name="reports"
    )
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("报告单位"),
        on_delete=models.PROTECT,
        related_name="task_reports",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("进展"), max_length=12, choices=ProgressStatus)
    text = models.TextField(_("工作进展"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报告人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope_rule = ScopeRule(department="department", department_change=True)

    class Meta:
        ordering = ["-year", "task__sort_order", "department__sort_order"]
        verbose_name = _("工作进展报告")
        verbose_name_plural = _("工作进展报告")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "department", "year"],
                name="task_report_unique_task_department_year",
                violation_error_message=_("本单位该年度已报告过这项工作的进展，请修改原报告。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.clause} · {self.department} · {self.year}年"

    def get_absolute_url(self) -> str:
        return reverse("targets:report_edit", args=[self.pk])


class TaskAttachment(PortalModel):
    """A file attached to a progress report (a document, photos, minutes)."""

    report = models.ForeignKey(
        TaskReport, verbose_name=_("进展报告"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("附件"), upload_to=UploadPath("targets/task_reports"), validators=[UploadValidator("attachment")]
    )
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    scope_rule = ScopeRule(department="report__department", department_change=True)

    class Meta:
        ordering = ["report", "uploaded_at"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name
