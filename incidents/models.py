"""Quality-safety incidents (质量安全事故/事件, 盘政发〔2014〕17号 三(三)): what happened, the emergency response,
the investigation, who was held responsible, and whether the incident vetoes its county's assessment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel
from core.scoping import ScopeRule
from core.uploads import UploadPath, UploadValidator
from incidents.choices import Domain, Grade, PartyKind, Status


class Incident(PortalModel):
    """One incident in a county; a 区域性 or 系统性 one vetoes the county's assessment of its year (第五条)."""

    title = models.CharField(_("事件名称"), max_length=120)
    occurred_on = models.DateField(_("发生日期"))
    region = models.ForeignKey(
        "organizations.Region", verbose_name=_("县区"), on_delete=models.PROTECT, related_name="+"
    )
    domain = models.CharField(_("领域"), max_length=12, choices=Domain)
    grade = models.CharField(_("事件等级"), max_length=16, choices=Grade)
    regional = models.BooleanField(_("区域性"), default=False, help_text=_("在一定区域内集中发生或蔓延。"))
    systemic = models.BooleanField(_("系统性"), default=False, help_text=_("源于行业或监管体系的共性问题。"))
    enterprise = models.ForeignKey(
        "organizations.Enterprise",
        verbose_name=_("涉事企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    summary = models.TextField(_("事件经过"))
    response = models.TextField(_("应急处置"), blank=True)
    investigation = models.TextField(_("调查处理"), blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status, default=Status.REPORTED)
    # The office may lift the veto with a reason (kept in the history as the change reason too).
    veto_lifted_at = models.DateTimeField(_("解除否决时间"), null=True, blank=True, editable=False)
    veto_lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("解除否决人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    veto_lift_reason = models.TextField(_("解除否决理由"), blank=True, editable=False)

    # Counties see their own incidents; the office records and changes them.
    scope_rule = ScopeRule(region="region")

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("质量安全事故")
        verbose_name_plural = _("质量安全事故")
        indexes = [models.Index(fields=["region", "occurred_on"], name="incident_region_day")]

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("incidents:incident_detail", args=[self.pk])

    @property
    def vetoes(self) -> bool:
        """Whether the incident is of the kind that vetoes (区域性 or 系统性), lifted or not."""
        return self.regional or self.systemic

    @property
    def veto_active(self) -> bool:
        return self.vetoes and self.veto_lifted_at is None

    @property
    def extent_label(self) -> str:
        return "、".join(
            label for flag, label in ((self.regional, "区域性"), (self.systemic, "系统性")) if flag
        )


class Accountability(PortalModel):
    """责任追究: a unit or person held responsible for an incident and the measures taken."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("事故"), on_delete=models.CASCADE, related_name="accountabilities"
    )
    party_kind = models.CharField(_("对象"), max_length=8, choices=PartyKind)
    name = models.CharField(_("单位或人员"), max_length=100)
    affiliation = models.CharField(_("所在单位及职务"), max_length=120, blank=True)
    measure = models.TextField(_("追究措施"))
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    document_no = models.CharField(_("决定文号"), max_length=60, blank=True)

    scope_rule = ScopeRule(region="incident__region")

    class Meta:
        ordering = ["incident", "party_kind", "pk"]
        verbose_name = _("责任追究")
        verbose_name_plural = _("责任追究")

    def __str__(self) -> str:
        return f"{self.get_party_kind_display()} {self.name}"

    def get_absolute_url(self) -> str:
        return self.incident.get_absolute_url()


class Attachment(PortalModel):
    """A file of an incident (the report, the investigation's findings, photos)."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("事故"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("文件"), upload_to=UploadPath("incidents"), validators=[UploadValidator("attachment")]
    )
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    scope_rule = ScopeRule(region="incident__region")

    class Meta:
        ordering = ["incident", "uploaded_at", "pk"]
        verbose_name = _("事故附件")
        verbose_name_plural = _("事故附件")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("incidents:attachment", args=[self.pk])
