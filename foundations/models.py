"""The registers of the quality foundations (盘政发〔2014〕17号 三(四)) and of market exits (三(二)4).

Each row names the member unit that entered it (`department`): which units enter which register is decided in
`accounts.policy.REGISTER_DEPARTMENTS`; counties see the rows of their own county.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel
from core.periods import MAX_YEAR, MIN_YEAR
from core.scoping import ScopeRule
from core.uploads import UploadPath, UploadValidator
from foundations.choices import (
    LEVELS_OF_KIND,
    STANDARD_KINDS,
    EventKind,
    ExitKind,
    ExitReason,
    MetrologyCategory,
    StandardKind,
    StandardLevel,
)

YEAR_VALIDATORS = [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
# Rows tie to their county and to the unit that entered them; that unit changes them.
REGISTER_SCOPE = ScopeRule(region="region", department="department", department_change=True)


def _department():
    return models.ForeignKey(
        "organizations.Department", verbose_name=_("录入单位"), on_delete=models.PROTECT, related_name="+"
    )


def _region(help_text: str = ""):
    return models.ForeignKey(
        "organizations.Region",
        verbose_name=_("县区"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=help_text,
    )


class Standard(PortalModel):
    """A standard an enterprise of the city led or joined in drafting, or adopted from abroad; or a
    标准化示范区 / 试点 (三(四)1)."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    kind = models.CharField(_("类别"), max_length=16, choices=StandardKind)
    level = models.CharField(_("层级"), max_length=16, choices=StandardLevel)
    code = models.CharField(
        _("标准号"), max_length=60, blank=True, help_text=_("如 GB/T 19580-2012；示范区、试点可填批准文号。")
    )
    title = models.CharField(_("名称"), max_length=200)
    enterprise = models.ForeignKey(
        "organizations.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standards",
    )
    holder_name = models.CharField(
        _("承担单位"), max_length=120, help_text=_("主导、参与或采用的企业，示范区、试点的承建单位，照原文。")
    )
    region = _region()
    published_on = models.DateField(_("发布（批准）日期"), null=True, blank=True)
    department = _department()
    notes = models.CharField(_("备注"), max_length=200, blank=True)

    scope_rule = REGISTER_SCOPE

    class Meta:
        ordering = ["-year", "region__sort_order", "kind", "pk"]
        verbose_name = _("标准化成果")
        verbose_name_plural = _("标准化成果")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code", "holder_name"],
                condition=~Q(code=""),
                name="standard_unique_per_holder",
                violation_error_message=_("该单位的这项标准已登记。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("foundations:standard_detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.kind and self.level and self.level not in LEVELS_OF_KIND[self.kind]:
            allowed = "、".join(str(StandardLevel(level).label) for level in LEVELS_OF_KIND[self.kind])
            errors["level"] = _("“%(kind)s”的层级应为：%(allowed)s。") % {
                "kind": StandardKind(self.kind).label,
                "allowed": allowed,
            }
        if self.kind in STANDARD_KINDS and not self.code:
            errors["code"] = _("标准须填写标准号。")
        if self.published_on and self.year and self.published_on.year != self.year:
            errors["published_on"] = _("发布日期应在登记年度内。")
        if errors:
            raise ValidationError(errors)


CMA_NUMBER = RegexValidator(r"^\d{12}$", _("CMA 资质认定证书编号应为 12 位数字。"))


class Agency(PortalModel):
    """A testing agency (检验检测机构) with its CMA 资质认定 (三(四)3); spot-check results name it."""

    name = models.CharField(_("机构名称"), max_length=120, unique=True)
    cma_number = models.CharField(_("CMA 证书编号"), max_length=12, unique=True, validators=[CMA_NUMBER])
    scope = models.TextField(_("资质认定范围"), help_text=_("能检验检测的产品类别或项目。"))
    region = _region()
    valid_from = models.DateField(_("发证日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"))
    department = _department()
    notes = models.CharField(_("备注"), max_length=200, blank=True)

    # The register of CMA-accredited agencies is published: everyone signed in reads it.
    scope_rule = ScopeRule(reference=True, department="department", department_change=True)

    class Meta:
        ordering = ["region__sort_order", "name"]
        verbose_name = _("检验检测机构")
        verbose_name_plural = _("检验检测机构")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_until__gt=F("valid_from")),
                name="agency_validity_ordered",
                violation_error_message=_("有效期至应晚于发证日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("foundations:agency_detail", args=[self.pk])


class MetrologyRecord(PortalModel):
    """强制检定 of one year in one county and field: instruments verified and passed (三(四)2)."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    region = _region()
    category = models.CharField(_("检定领域"), max_length=16, choices=MetrologyCategory)
    verified = models.PositiveIntegerField(_("检定台件数"))
    passed = models.PositiveIntegerField(_("合格台件数"))
    department = _department()
    notes = models.CharField(_("备注"), max_length=200, blank=True)

    scope_rule = REGISTER_SCOPE

    class Meta:
        ordering = ["-year", "region__sort_order", "category"]
        verbose_name = _("强制检定")
        verbose_name_plural = _("强制检定")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region", "category"],
                name="metrology_unique_year_region_category",
                violation_error_message=_("该县区这一年该领域的强制检定已登记。"),
            ),
            models.CheckConstraint(
                condition=Q(passed__lte=F("verified")),
                name="metrology_passed_within_verified",
                violation_error_message=_("合格台件数不能多于检定台件数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.region} {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("foundations:metrology_detail", args=[self.pk])


class QualityStaff(PortalModel):
    """An enterprise's quality staff in a year: its 首席质量官 and the staff trained or qualified (三(四)4)."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    enterprise = models.ForeignKey(
        "organizations.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="quality_staff",
    )
    chief_officer = models.CharField(
        _("首席质量官"), max_length=40, blank=True, help_text=_("姓名；未设立的留空。")
    )
    trained = models.PositiveIntegerField(_("培训人次"), default=0)
    qualified = models.PositiveIntegerField(
        _("取得资质人数"), default=0, help_text=_("质量专业职业资格、注册计量师、注册设备监理师等。")
    )
    department = _department()
    notes = models.CharField(_("备注"), max_length=200, blank=True)

    scope_rule = ScopeRule(region="enterprise__region", department="department", department_change=True)

    class Meta:
        ordering = ["-year", "enterprise__name"]
        verbose_name = _("质量人才")
        verbose_name_plural = _("质量人才")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                name="quality_staff_unique_enterprise_year",
                violation_error_message=_("该企业这一年的质量人才已登记。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("foundations:staff_detail", args=[self.pk])


class CultureEvent(PortalModel):
    """A 质量月 or other quality-culture event (三(五), 四(四)), with its evidence files."""

    title = models.CharField(_("活动名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=16, choices=EventKind)
    region = _region(_("全市性活动选盘锦市。"))
    held_on = models.DateField(_("举办日期"))
    organizer = models.CharField(_("主办单位"), max_length=120)
    participants = models.PositiveIntegerField(_("参与人数"), null=True, blank=True)
    summary = models.TextField(_("活动情况"), blank=True)
    department = _department()

    # City-wide events are for everyone; a county's own events for that county (and the office, leaders).
    scope_rule = ScopeRule(
        region="region",
        department="department",
        department_change=True,
        public=lambda: Q(region__kind="city"),
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("质量文化活动")
        verbose_name_plural = _("质量文化活动")

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("foundations:event_detail", args=[self.pk])


class CultureEvidence(PortalModel):
    """A file showing an event took place (通知、照片、报道), served only through the policy."""

    event = models.ForeignKey(
        CultureEvent, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(
        _("文件"), upload_to=UploadPath("foundations/evidence"), validators=[UploadValidator("attachment")]
    )
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    scope_rule = ScopeRule(
        region="event__region",
        department="event__department",
        department_change=True,
        public=lambda: Q(event__region__kind="city"),
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("活动佐证")
        verbose_name_plural = _("活动佐证")

    def __str__(self) -> str:
        return self.name


class MarketExit(PortalModel):
    """An enterprise made to leave the market: a licence cancelled or the enterprise closed (三(二)4)."""

    kind = models.CharField(_("退出方式"), max_length=20, choices=ExitKind)
    reason = models.CharField(_("退出原因"), max_length=16, choices=ExitReason)
    decided_on = models.DateField(_("决定日期"))
    region = _region()
    enterprise = models.ForeignKey(
        "organizations.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="market_exits",
    )
    enterprise_name = models.CharField(_("企业名称"), max_length=120, help_text=_("照决定书原文。"))
    licence_no = models.CharField(_("许可证编号"), max_length=60, blank=True)
    product = models.CharField(_("产品或行业"), max_length=120, blank=True)
    decision_no = models.CharField(_("决定文号"), max_length=60, blank=True)
    department = _department()
    notes = models.CharField(_("备注"), max_length=200, blank=True)

    scope_rule = REGISTER_SCOPE

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("准入退出")
        verbose_name_plural = _("准入退出")

    def __str__(self) -> str:
        return f"{self.decided_on:%Y-%m-%d} {self.enterprise_name} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("foundations:exit_detail", args=[self.pk])

    def clean(self) -> None:
        if self.kind == ExitKind.LICENCE_CANCELLED and not self.licence_no:
            raise ValidationError({"licence_no": _("注销（吊销）许可证须填写许可证编号。")})
