"""Report jobs: a report asked for by a user, generated in the background and kept for download."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.choices import ReportFormat, ReportKind
from assessments.models.scheme import Scheme
from core.models import RunStatus
from core.periods import Period, validate_period
from core.querysets import ScopedQuerySet
from core.scoping import ScopeRule


class ReportJob(models.Model):
    """One report generation: what was asked, its progress, and the file kept under MEDIA_ROOT."""

    kind = models.CharField(_("报告类型"), max_length=20, choices=ReportKind)
    fmt = models.CharField(_("格式"), max_length=4, choices=ReportFormat)
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("考核方案"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "organizations.Region",
        verbose_name=_("县区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period = models.CharField(_("期间"), max_length=10, blank=True, validators=[validate_period])
    status = models.CharField(_("状态"), max_length=10, choices=RunStatus, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    file = models.FileField(_("文件"), upload_to="assessments/reports/%Y/", blank=True)
    error = models.TextField(_("错误"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    # Users see the reports they asked for; the office, leaders and the administrator see all.
    scope_rule = ScopeRule(owner="requested_by")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("报告")
        verbose_name_plural = _("报告")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assessments:report_download", args=[self.pk])

    @property
    def title(self) -> str:
        if self.kind == "quality_status":
            return f"{Period.parse(self.period).label()}质量状况分析报告"
        if self.kind == "county" and self.region_id:
            return f"{self.scheme.year}年度{self.region.name}质量工作考核报告"
        return (
            f"{self.scheme.year}年度县区质量工作考核报告" if self.scheme_id else str(self.get_kind_display())
        )

    @property
    def filename(self) -> str:
        return f"{self.title}.{self.fmt}"
