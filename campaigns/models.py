"""Anti-counterfeiting and special rectification campaigns (三(三)5) and the cases counties file under them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.choices import CampaignKind
from core.models import PortalModel
from core.scoping import ScopeRule


class Campaign(PortalModel):
    """One campaign: its period, the units that run it, the counties and products it covers."""

    name = models.CharField(_("行动名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=12, choices=CampaignKind)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    lead = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("牵头单位"),
        on_delete=models.PROTECT,
        related_name="led_campaigns",
    )
    supporting = models.ManyToManyField(
        "organizations.Department", verbose_name=_("配合单位"), blank=True, related_name="supported_campaigns"
    )
    regions = models.ManyToManyField(
        "organizations.Region",
        verbose_name=_("开展县区"),
        blank=True,
        related_name="campaigns",
        help_text=_("不选表示全市各县区。"),
    )
    products = models.TextField(
        _("重点产品"), blank=True, help_text=_("如 农资、食品、建材、成品油，一行一类或用顿号分隔。")
    )
    notes = models.TextField(_("工作要求"), blank=True)

    history_m2m_fields = [supporting, regions]
    # A campaign is announced to every unit; its lead department and the office keep it.
    scope_rule = ScopeRule(reference=True, department="lead", department_change=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("专项行动")
        verbose_name_plural = _("专项行动")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign_detail", args=[self.pk])


class Case(PortalModel):
    """A case investigated under a campaign in one county: 案由, product, value of goods, fines, referrals."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项行动"), on_delete=models.PROTECT, related_name="cases"
    )
    region = models.ForeignKey(
        "organizations.Region",
        verbose_name=_("县区"),
        on_delete=models.PROTECT,
        related_name="campaign_cases",
    )
    number = models.CharField(_("案件编号"), max_length=60, blank=True)
    cause = models.CharField(_("案由"), max_length=200)
    product = models.CharField(_("涉案产品"), max_length=100)
    enterprise = models.ForeignKey(
        "organizations.Enterprise",
        verbose_name=_("涉案企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaign_cases",
    )
    party = models.CharField(
        _("当事人"), max_length=120, blank=True, help_text=_("不在企业名录中的当事人名称。")
    )
    opened_on = models.DateField(_("立案日期"))
    goods_value = models.DecimalField(
        _("货值（元）"), max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    fines = models.DecimalField(
        _("罚没款（元）"), max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    referred_to_police = models.BooleanField(_("移送公安"), default=False)
    major = models.BooleanField(_("大案要案"), default=False)
    notes = models.TextField(_("备注"), blank=True)

    # A county files and sees its own cases; the campaign's lead department sees and corrects them all.
    scope_rule = ScopeRule(
        region="region", department="campaign__lead", county_change=True, department_change=True
    )

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        constraints = [
            models.CheckConstraint(
                condition=Q(goods_value__gte=0) & Q(fines__gte=0),
                name="case_amounts_not_negative",
                violation_error_message=_("货值和罚没款不能为负数。"),
            ),
            models.UniqueConstraint(
                fields=["campaign", "number"],
                condition=~Q(number=""),
                name="case_number_unique_per_campaign",
                violation_error_message=_("同一专项行动中案件编号不能重复。"),
            ),
        ]
        indexes = [models.Index(fields=["region", "opened_on"], name="case_region_opened")]

    def __str__(self) -> str:
        return f"{self.cause}（{self.product}）"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:case_detail", args=[self.pk])

    def clean(self) -> None:
        if self.campaign_id is None or self.opened_on is None:
            return
        errors = {}
        if not self.campaign.starts_on <= self.opened_on <= self.campaign.ends_on:
            errors["opened_on"] = _("立案日期不在专项行动期间（%(start)s 至 %(end)s）。") % {
                "start": self.campaign.starts_on,
                "end": self.campaign.ends_on,
            }
        if self.region_id and self.campaign.pk:
            covered = set(self.campaign.regions.values_list("pk", flat=True))
            if covered and self.region_id not in covered:
                errors["region"] = _("该县区不在专项行动的开展范围内。")
        if errors:
            raise ValidationError(errors)
