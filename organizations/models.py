"""Reference data everything hangs from: regions, the leading group's member departments, enterprises."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel
from core.querysets import ScopedQuerySet
from core.scoping import ScopeRule
from organizations.choices import RegionKind
from organizations.names import normalize_name
from organizations.uscc import normalize_uscc, validate_uscc


class RegionQuerySet(ScopedQuerySet):
    def counties(self) -> RegionQuerySet:
        """The county-level units that are assessed and have dashboards: districts, counties, zones, current ones."""
        return self.exclude(kind=RegionKind.CITY).filter(valid_until__isnull=True)

    def city(self) -> Region:
        return self.get(kind=RegionKind.CITY, valid_until__isnull=True)


class Region(PortalModel):
    """The city and its counties, districts and functional zones (GB/T 2260 codes where one exists)."""

    code = models.CharField(
        _("代码"),
        max_length=12,
        unique=True,
        help_text=_(
            "GB/T 2260 行政区划代码；辽东湾新区、辽河口生态经济区没有国家代码，使用本平台自定的稳定代码（2111A1、2111A2）。"
        ),
    )
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类型"), max_length=12, choices=RegionKind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    national_code = models.BooleanField(_("国家标准代码"), default=True, help_text=_("否：本平台自定代码。"))
    valid_from = models.DateField(_("启用日期"), null=True, blank=True)
    valid_until = models.DateField(_("停用日期"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("继承地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("撤并或更名后的地区，例如大洼县（211121）→ 大洼区（211104）。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = RegionQuerySet.as_manager()
    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("地区")
        verbose_name_plural = _("地区")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:region_detail", args=[self.pk])


class Department(PortalModel):
    """A member unit of the leading group (附件：领导小组人员名单)."""

    code = models.CharField(_("简码"), max_length=16, unique=True)
    short_name = models.CharField(_("简称"), max_length=30)
    name = models.CharField(_("全称"), max_length=60)
    member_name = models.CharField(_("领导小组成员"), max_length=30, blank=True)
    member_title = models.CharField(_("成员职务"), max_length=60, blank=True)
    group_role = models.CharField(_("小组职务"), max_length=20, blank=True, default="成员")
    is_office = models.BooleanField(_("办公室所在单位"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("成员单位")
        verbose_name_plural = _("成员单位")

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("organizations:department_detail", args=[self.pk])


class Enterprise(PortalModel):
    """An enterprise in the register: producers, sampled units, award winners, complained-about firms."""

    name = models.CharField(_("企业名称"), max_length=120)
    name_key = models.CharField(_("名称匹配键"), max_length=120, editable=False, db_index=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    region = models.ForeignKey(
        Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="enterprises"
    )
    industry = models.CharField(_("行业"), max_length=60, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # The register is public within the portal; counties maintain their own enterprises.
    scope_rule = ScopeRule(region="region", reference=True, county_change=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # name_key is derived data, not a rule: keep it in step on every save path.
        self.name_key = normalize_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("organizations:enterprise_detail", args=[self.pk])

    def clean(self) -> None:
        self.uscc = normalize_uscc(self.uscc)
        self.name = " ".join(self.name.split())
        self.name_key = normalize_name(self.name)
