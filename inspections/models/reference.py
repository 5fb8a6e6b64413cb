"""Reference data of spot checks: product classes (seeded, extendable by the office) and the inspector roster."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel
from core.scoping import ScopeRule


class ProductClass(PortalModel):
    """A product class of the spot checks (农产品, 食品, 工业产品 …); finer classes roll up into their parent."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("主管单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("负责该类产品抽查的成员单位；结果默认归属该单位。"),
    )
    target_rate = models.DecimalField(
        _("目标合格率（%）"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("低于此值即发出风险预警；留空则只看骤降。"),
    )
    industries = models.JSONField(
        _("对应行业"),
        default=list,
        blank=True,
        help_text=_("企业名录中生产此类产品的行业，双随机抽取从这些行业的企业中抽。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("产品类别")
        verbose_name_plural = _("产品类别")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inspections:class_edit", args=[self.pk])


class Inspector(PortalModel):
    """A law-enforcement inspector on the roster from which the random draw picks (双随机的执法检查人员名录)."""

    name = models.CharField(_("姓名"), max_length=30)
    badge_no = models.CharField(_("执法证号"), max_length=30, unique=True)
    department = models.ForeignKey(
        "organizations.Department", verbose_name=_("所属单位"), on_delete=models.PROTECT
    )
    is_active = models.BooleanField(_("在岗"), default=True)
    conflicts = models.ManyToManyField(
        "organizations.Enterprise",
        verbose_name=_("回避企业"),
        blank=True,
        related_name="+",
        help_text=_("与本人有利害关系、抽取时须回避的企业。"),
    )

    history_m2m_fields = [conflicts]
    scope_rule = ScopeRule(department="department")

    class Meta:
        ordering = ["department__sort_order", "name"]
        verbose_name = _("执法检查人员")
        verbose_name_plural = _("执法检查人员")

    def __str__(self) -> str:
        return f"{self.name}（{self.badge_no}）"

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspector_edit", args=[self.pk])
