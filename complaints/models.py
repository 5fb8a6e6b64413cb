"""The hotlines and their handling rules, the holiday calendar, and complaints with their lifecycle."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractMonth, ExtractYear, TruncDate
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.choices import OPEN_STATUSES, Action, Domain, Kind, Outcome, Satisfaction, Status, VisitWay
from core.models import PortalModel
from core.querysets import ScopedQuerySet
from core.scoping import ScopeRule
from core.uploads import UploadPath, UploadValidator

# The hotline's own setting, edited by the office (its time limits are HandlingLimit rows, by the rule in force).
HOTLINE_RULES = ["warn_days"]
LIMIT_FIELDS = [
    "effective_from",
    "accept_days",
    "accept_working_days",
    "handle_days",
    "handle_working_days",
    "extension_max_days",
    "rule",
    "accept_confirmed",
    "handle_confirmed",
    "extension_confirmed",
]
# A complaint's particulars as received, and what its lifecycle adds (set by the services only).
PARTICULARS = [
    "number",
    "hotline",
    "received_at",
    "kind",
    "domain",
    "is_sanbao",
    "region",
    "enterprise",
    "enterprise_name",
    "subject",
    "description",
    "complainant_name",
    "complainant_phone",
]
LIFECYCLE = [
    "status",
    "department",
    "accept_due",
    "accepted_at",
    "reject_reason",
    "handle_due",
    "assigned_at",
    "handled_at",
    "outcome",
    "handling_note",
    "closed_at",
    "assigned_region",
    "decided_at",
    "extension_days",
    "paused_since",
    "supervised",
    "visited_on",
    "visit_way",
    "satisfaction",
    "reopen_count",
    "reopened_at",
]


class Hotline(PortalModel):
    """A complaint hotline (12365, 12315, 96151, 12331); its time limits are the HandlingLimit rows in force."""

    code = models.CharField(_("号码"), max_length=8, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("受理单位"),
        on_delete=models.PROTECT,
        related_name="hotlines",
        help_text=_("登记、受理并交办本热线工单的成员单位。"),
    )
    warn_days = models.PositiveSmallIntegerField(
        _("临期提醒（工作日）"),
        default=3,
        validators=[MaxValueValidator(30)],
        help_text=_("距时限不足这些工作日的工单列入临期清单。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("投诉热线")
        verbose_name_plural = _("投诉热线")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("complaints:hotline_list")


class HandlingLimit(PortalModel):
    """A hotline's time limits as one rule writes them, in force from a date until the next rule's."""

    hotline = models.ForeignKey(
        Hotline, verbose_name=_("热线"), on_delete=models.CASCADE, to_field="code", related_name="limits"
    )
    effective_from = models.DateField(_("施行日期"), help_text=_("此日及以后登记的工单适用本时限。"))
    accept_days = models.PositiveSmallIntegerField(
        _("受理时限（天）"), validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    accept_working_days = models.BooleanField(_("受理时限按工作日计"), default=True)
    handle_days = models.PositiveSmallIntegerField(
        _("办理时限（天）"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    handle_working_days = models.BooleanField(_("办理时限按工作日计"), default=True)
    extension_max_days = models.PositiveSmallIntegerField(
        _("最多延期（天）"),
        default=0,
        validators=[MaxValueValidator(365)],
        help_text=_("经批准可延长办理时限的天数上限（与办理时限同样计日）；0 表示不得延期。"),
    )
    rule = models.CharField(_("依据"), max_length=300, help_text=_("规章名称、文号和条款。"))
    accept_confirmed = models.BooleanField(_("受理时限已按原文核实"), default=False)
    handle_confirmed = models.BooleanField(_("办理时限已按原文核实"), default=False)
    extension_confirmed = models.BooleanField(_("延期上限已按原文核实"), default=False)

    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["hotline", "-effective_from"]
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        constraints = [
            models.UniqueConstraint(
                fields=["hotline", "effective_from"],
                name="limit_unique_start",
                violation_error_message=_("该热线在同一施行日期已有一条时限。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.hotline_id} {self.effective_from:%Y-%m-%d} 起"

    def get_absolute_url(self) -> str:
        return reverse("complaints:hotline_list")

    @staticmethod
    def unit(working: bool) -> str:
        return "个工作日" if working else "日"

    def describe(self) -> str:
        """受理 5 个工作日，办理 60 日（延期至多 30 日）."""
        text = (
            f"受理 {self.accept_days} {self.unit(self.accept_working_days)}，"
            f"办理 {self.handle_days} {self.unit(self.handle_working_days)}"
        )
        if self.extension_max_days:
            text += f"（延期至多 {self.extension_max_days} {self.unit(self.handle_working_days)}）"
        return text


class CalendarYear(PortalModel):
    """A year whose holidays and make-up working days are on record (from the library or entered by the office).

    A deadline that runs into a year without this row is provisional: it follows the weekday rule only.
    """

    year = models.PositiveSmallIntegerField(
        _("年份"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    source = models.CharField(
        _("来源"), max_length=120, help_text=_("如：chinese-calendar 1.11.0，或通知文号。")
    )
    notice = models.TextField(
        _("通知原文"), blank=True, help_text=_("办公室按通知录入时的原文（按日期区间）。")
    )

    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("节假日安排年度")
        verbose_name_plural = _("节假日安排年度")

    def __str__(self) -> str:
        return f"{self.year} 年"

    def get_absolute_url(self) -> str:
        return f"{reverse('complaints:calendar')}?year={self.year}"


class CalendarDay(PortalModel):
    """A day that breaks the Monday–Friday rule: an official holiday on a weekday, or a make-up working day (调休)."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("上班"), help_text=_("勾选：调休上班日；不勾选：放假日。"))
    name = models.CharField(_("说明"), max_length=40, blank=True)

    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {'上班' if self.is_working_day else '放假'} {self.name}".strip()

    def get_absolute_url(self) -> str:
        return f"{reverse('complaints:calendar')}?year={self.date.year}"


class ComplaintQuerySet(ScopedQuerySet):
    def open(self) -> ComplaintQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class Complaint(PortalModel):
    """A complaint, report or inquiry received on a hotline, from receipt to closure."""

    number = models.CharField(_("工单编号"), max_length=40)
    # Keyed by the hotline's number, so `hotline_id` is "12365" in queries, statistics and exports.
    hotline = models.ForeignKey(Hotline, verbose_name=_("热线"), on_delete=models.PROTECT, to_field="code")
    received_at = models.DateTimeField(_("登记时间"))
    kind = models.CharField(_("类别"), max_length=12, choices=Kind)
    domain = models.CharField(_("领域"), max_length=12, choices=Domain)
    is_sanbao = models.BooleanField(
        _("三包纠纷"), default=False, help_text=_("产品修理、更换、退货（三包）争议。")
    )
    region = models.ForeignKey("organizations.Region", verbose_name=_("所属县区"), on_delete=models.PROTECT)
    enterprise = models.ForeignKey(
        "organizations.Enterprise",
        verbose_name=_("被投诉企业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    enterprise_name = models.CharField(
        _("被投诉对象"), max_length=120, blank=True, help_text=_("企业不在企业库中时，照登记的名称填写。")
    )
    subject = models.CharField(_("诉求标题"), max_length=200)
    description = models.TextField(_("诉求内容"), blank=True)
    complainant_name = models.CharField(_("投诉人"), max_length=40, blank=True)
    complainant_phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    status = models.CharField(_("状态"), max_length=12, choices=Status, default=Status.RECEIVED)
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    accept_due = models.DateField(_("受理时限"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    reject_reason = models.TextField(_("不予受理理由"), blank=True)
    handle_due = models.DateField(_("办理时限"), null=True, blank=True)
    # The deadline the complaint is waiting on now (accepting, then handling); empty once handled or rejected.
    due_on = models.DateField(_("当前时限"), null=True, blank=True, db_index=True)
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    handled_at = models.DateTimeField(_("办理时间"), null=True, blank=True)
    outcome = models.CharField(_("处理结果"), max_length=12, choices=Outcome, blank=True)
    handling_note = models.TextField(_("办理情况"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    assigned_region = models.ForeignKey(
        "organizations.Region",
        verbose_name=_("承办县区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_complaints",
        help_text=_("交办给县区政府办理时，该县区在平台上办理本工单。"),
    )
    # When it was accepted or refused: the acceptance is on time when this falls by accept_due.
    decided_at = models.DateTimeField(_("受理决定时间"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("已延期（天）"), default=0)
    paused_since = models.DateField(_("中止自"), null=True, blank=True)
    supervised = models.BooleanField(_("督办"), default=False)
    visited_on = models.DateField(_("回访日期"), null=True, blank=True)
    visit_way = models.CharField(_("回访方式"), max_length=12, choices=VisitWay, blank=True)
    satisfaction = models.CharField(_("回访结果"), max_length=12, choices=Satisfaction, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    # Handling starts again from here after a 不满意 回访.
    reopened_at = models.DateTimeField(_("重办时间"), null=True, blank=True)
    import_batch = models.ForeignKey(
        "core.Job",
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    # Kept by the database on every write path (forms, transitions, import, COPY), so the nightly job groups
    # raw columns through the covering index below instead of converting every row. Local time: the
    # migration's SQL is compiled in the current time zone, settings.TIME_ZONE.
    received_month = models.GeneratedField(
        expression=ExtractYear("received_at") * 100 + ExtractMonth("received_at"),
        output_field=models.IntegerField(),
        db_persist=True,
        verbose_name=_("登记年月"),
    )
    # Handled by the end of the handling deadline (a local date); null while not handled or without a deadline.
    handled_in_time = models.GeneratedField(
        expression=LessThanOrEqual(TruncDate("handled_at"), F("handle_due")),
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name=_("按时办理"),
    )

    # Accepted or refused by the end of the accepting deadline; null while not decided.
    accepted_in_time = models.GeneratedField(
        expression=LessThanOrEqual(TruncDate("decided_at"), F("accept_due")),
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name=_("按时受理"),
    )

    # The derived columns follow from fields that history already records.
    history_excluded_fields = ["received_month", "handled_in_time", "accepted_in_time"]
    objects = ComplaintQuerySet.as_manager()
    # Counties see their region's complaints and handle those assigned to them; the handling department sees
    # and works on its own.
    scope_rule = ScopeRule(
        region="region",
        department="department",
        department_change=True,
        county_change=True,
        region_change="assigned_region",
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")
        constraints = [
            models.UniqueConstraint(
                fields=["hotline", "number"],
                name="complaint_unique_number",
                violation_error_message=_("该热线已有相同工单编号的工单。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""),
                name="complaint_rejected_has_reason",
                violation_error_message=_("不予受理必须写明理由。"),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["handled", "closed"]) | ~Q(outcome=""),
                name="complaint_handled_has_outcome",
                violation_error_message=_("已办理的工单必须有处理结果。"),
            ),
        ]
        indexes = [
            models.Index(fields=["received_at"], name="complaint_received"),
            models.Index(fields=["region", "received_at"], name="complaint_region_received"),
            models.Index(fields=["status", "due_on"], name="complaint_status_due"),
            # The open work orders in the list's order: the overdue filter walks it and stops at a page (on the
            # large demo 11,893 overdue orders were fetched and sorted: 79 ms).
            models.Index(
                fields=["-received_at", "-id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="complaint_open_order",
            ),
            # Covers the nightly GROUP BY (an index-only scan).
            models.Index(
                fields=["region", "received_month", "hotline", "kind", "domain", "status", "handled_in_time"],
                name="complaint_stats",
                include=["accepted_in_time", "satisfaction", "reopen_count", "due_on"],
            ),
        ]

    def __str__(self) -> str:
        # Hotline systems often begin their numbers with the hotline (12365…): say it once.
        if self.number.startswith(str(self.hotline_id)):
            return self.number
        return f"{self.hotline_id}-{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("complaints:complaint_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        # A minute of leeway for clocks that differ a little between the hotline system and ours.
        if self.received_at and self.received_at > timezone.now() + dt.timedelta(minutes=1):
            raise ValidationError({"received_at": "登记时间不能晚于当前时间。"})


class Transition(PortalModel):
    """One step of a complaint's lifecycle: from which status to which, by whom and when."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("工单"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("原状态"), max_length=12, choices=Status, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=Status)
    action = models.CharField(
        _("环节"), max_length=12, choices=Action, blank=True, help_text=_("空：状态变化。")
    )
    days = models.PositiveSmallIntegerField(_("天数"), null=True, blank=True)
    approver = models.CharField(_("批准人"), max_length=60, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("说明"), blank=True)

    scope_rule = ScopeRule(region="complaint__region", department="complaint__department")

    class Meta:
        ordering = ["complaint", "at", "pk"]
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self) -> str:
        return f"{self.complaint} → {self.label}"

    @property
    def label(self) -> str:
        return self.get_action_display() if self.action else self.get_to_status_display()


class Attachment(PortalModel):
    """A file that belongs to a complaint (a photo, an invoice, the handling report)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("工单"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("文件"), upload_to=UploadPath("complaints"), validators=[UploadValidator("attachment")]
    )
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    # Attachments may carry personal data: only the complaint's handlers reach them.
    scope_rule = ScopeRule(
        department="complaint__department", department_change=True, view_all=frozenset({"office", "admin"})
    )

    class Meta:
        ordering = ["complaint", "uploaded_at", "pk"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("complaints:attachment", args=[self.pk])
