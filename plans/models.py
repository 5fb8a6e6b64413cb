"""The yearly action plan (年度行动计划, 盘政发〔2014〕17号 四(三)): items with their lead and supporting units,
deadlines and outputs, and the lead unit's progress reports with evidence."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel
from core.periods import MAX_YEAR, MIN_YEAR
from core.scoping import ScopeRule
from core.uploads import UploadPath, UploadValidator
from targets.choices import ProgressStatus


class Plan(PortalModel):
    """The action plan of one year, as the leading group issues it."""

    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    title = models.CharField(_("计划名称"), max_length=120)
    document_no = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)

    # The plan is circulated to every unit; the office writes it.
    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度行动计划")
        verbose_name_plural = _("年度行动计划")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan_detail", args=[self.pk])


class PlanItem(PortalModel):
    """One task of a year's plan: what, by when, with what output, led by a department or a county."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("年度行动计划"), on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    task = models.TextField(_("工作任务"))
    clause = models.CharField(_("政策条款"), max_length=20, blank=True, help_text=_("如 三(一)1、三(三)5。"))
    key_task = models.ForeignKey(
        "targets.KeyTask",
        verbose_name=_("重点工作"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    lead_department = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("牵头部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_plan_items",
    )
    lead_region = models.ForeignKey(
        "organizations.Region",
        verbose_name=_("牵头县区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_plan_items",
    )
    supporting_departments = models.ManyToManyField(
        "organizations.Department",
        verbose_name=_("配合部门"),
        blank=True,
        related_name="supported_plan_items",
    )
    supporting_regions = models.ManyToManyField(
        "organizations.Region", verbose_name=_("配合县区"), blank=True, related_name="supported_plan_items"
    )
    deadline = models.DateField(_("完成时限"))
    output = models.CharField(
        _("预期成果"), max_length=200, help_text=_("可检验的成果，如“出台实施方案”“完成测评并发布结果”。")
    )
    # The lead unit's latest report, kept on the item for the circulated table (进展).
    status = models.CharField(
        _("进展"), max_length=12, choices=ProgressStatus, default=ProgressStatus.NOT_STARTED, editable=False
    )
    progress = models.TextField(_("最新进展"), blank=True, editable=False)

    history_m2m_fields = [supporting_departments, supporting_regions]
    # Everyone sees the plan; its lead unit (a department or a county) reports on the items it leads.
    scope_rule = ScopeRule(
        reference=True,
        region="lead_region",
        department="lead_department",
        county_change=True,
        department_change=True,
    )

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("行动计划任务")
        verbose_name_plural = _("行动计划任务")
        constraints = [
            models.CheckConstraint(
                condition=Q(lead_department__isnull=True, lead_region__isnull=False)
                | Q(lead_department__isnull=False, lead_region__isnull=True),
                name="plan_item_one_lead",
                violation_error_message=_("牵头单位须为一个部门或一个县区（二者选一）。"),
            ),
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="plan_item_number_unique",
                violation_error_message=_("同一计划中序号不能重复。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.year}年第{self.number}项：{self.task[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("plans:item_detail", args=[self.pk])

    @property
    def lead(self):
        return self.lead_department or self.lead_region

    @property
    def lead_name(self) -> str:
        return self.lead_department.short_name if self.lead_department else str(self.lead_region or "")

    @property
    def supporting_names(self) -> str:
        names = [d.short_name for d in self.supporting_departments.all()]
        return "、".join(names + [r.name for r in self.supporting_regions.all()])

    @property
    def progress_text(self) -> str:
        label = self.get_status_display()
        return f"{label}：{self.progress}" if self.progress else label


class PlanProgress(PortalModel):
    """A progress report of an item's lead unit, with its evidence file."""

    item = models.ForeignKey(
        PlanItem, verbose_name=_("计划任务"), on_delete=models.CASCADE, related_name="reports"
    )
    reported_on = models.DateField(_("报告日期"))
    status = models.CharField(_("进展"), max_length=12, choices=ProgressStatus)
    text = models.TextField(_("工作进展"))
    evidence = models.FileField(
        _("佐证材料"),
        upload_to=UploadPath("plans/evidence"),
        validators=[UploadValidator("attachment")],
        blank=True,
    )
    evidence_name = models.CharField(_("文件名"), max_length=200, blank=True, editable=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报告人"), null=True, blank=True, on_delete=models.SET_NULL
    )

    # The lead unit sees its own reports and evidence; the office and leaders all of them.
    scope_rule = ScopeRule(
        region="item__lead_region",
        department="item__lead_department",
        county_change=True,
        department_change=True,
    )

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("计划进展报告")
        verbose_name_plural = _("计划进展报告")

    def __str__(self) -> str:
        return f"{self.item} · {self.reported_on}"

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()
