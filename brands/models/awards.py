"""Award types and the awards enterprises and their products hold."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from brands.choices import AwardState, AwardSubject
from core.models import PortalModel
from core.periods import MAX_YEAR, MIN_YEAR
from core.querysets import ScopedQuerySet
from core.scoping import ScopeRule


class AwardType(PortalModel):
    """A kind of award or recognition the policy names (辽宁名牌产品, 省长质量奖, 地理标志产品 …)."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    awarding_body = models.CharField(_("授予机关"), max_length=60)
    subject = models.CharField(_("授予对象"), max_length=12, choices=AwardSubject)
    default_validity_years = models.PositiveSmallIntegerField(
        _("默认有效期（年）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("新增获奖记录时据此推算有效期截止日；留空表示长期有效。"),
    )
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("主管成员单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("负责登记此类获奖的成员单位（名牌、质量奖、地理标志：质监局；商标：工商局）。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    scope_rule = ScopeRule(reference=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("奖项类型")
        verbose_name_plural = _("奖项类型")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """Its awards: the list filtered to this type."""
        return f"{reverse('brands:award_list')}?award_type={self.code}"

    @property
    def for_products(self) -> bool:
        return self.subject == AwardSubject.PRODUCT

    def default_valid_until(self, valid_from: dt.date) -> dt.date | None:
        """The last day of validity counted from `valid_from` (3 years from 2015-03-01 end 2018-02-28)."""
        if not self.default_validity_years:
            return None
        years = valid_from.year + self.default_validity_years
        try:
            anniversary = valid_from.replace(year=years)
        except ValueError:  # 29 February
            anniversary = valid_from.replace(year=years, day=28) + dt.timedelta(days=1)
        return anniversary - dt.timedelta(days=1)


def valid_on_q(day: dt.date, prefix: str = "") -> Q:
    """Awards in force on `day`: started, not yet ended, not revoked by then."""
    return (
        Q(**{f"{prefix}valid_from__lte": day})
        & (Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day}))
        & (Q(**{f"{prefix}revoked_on__isnull": True}) | Q(**{f"{prefix}revoked_on__gt": day}))
    )


class AwardQuerySet(ScopedQuerySet):
    def valid_on(self, day: dt.date) -> AwardQuerySet:
        return self.filter(valid_on_q(day))

    def expiring(self, today: dt.date, days: int = 90) -> AwardQuerySet:
        """Awards in force today whose validity ends within `days` days."""
        return self.valid_on(today).filter(valid_until__lte=today + dt.timedelta(days=days))


class Award(PortalModel):
    """One award held by an enterprise (or one of its products): certificate, validity, revocation, city reward."""

    award_type = models.ForeignKey(
        AwardType, verbose_name=_("奖项类型"), on_delete=models.PROTECT, related_name="awards"
    )
    enterprise = models.ForeignKey(
        "organizations.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="awards"
    )
    product = models.CharField(
        _("产品"), max_length=100, blank=True, help_text=_("产品类奖项（名牌产品、地理标志、商标）必填。")
    )
    year = models.PositiveSmallIntegerField(
        _("获奖年度"), validators=[MinValueValidator(MIN_YEAR - 30), MaxValueValidator(MAX_YEAR)]
    )
    certificate_no = models.CharField(_("证书编号"), max_length=60, blank=True)
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(
        _("有效期至"),
        null=True,
        blank=True,
        help_text=_("留空则按奖项类型的默认有效期推算；长期有效的奖项为空。"),
    )
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    reward_amount = models.DecimalField(
        _("市级奖励金额（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    reward_paid_on = models.DateField(_("奖励兑现日期"), null=True, blank=True)
    application = models.OneToOneField(
        "brands.Application",
        verbose_name=_("市长质量奖申报"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award",
        editable=False,
    )
    notes = models.TextField(_("备注"), blank=True)

    objects = AwardQuerySet.as_manager()
    # Counties see their enterprises' awards; the unit in charge of a type (质监局, 工商局) keeps its records.
    scope_rule = ScopeRule(
        region="enterprise__region", department="award_type__department", department_change=True
    )

    class Meta:
        ordering = ["-year", "award_type__sort_order", "enterprise__name", "product"]
        verbose_name = _("获奖记录")
        verbose_name_plural = _("获奖记录")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="award_valid_until_after_valid_from",
                violation_error_message=_("有效期至不能早于有效期起。"),
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | ~Q(revoke_reason=""),
                name="award_revocation_has_reason",
                violation_error_message=_("撤销获奖须写明撤销原因。"),
            ),
            models.CheckConstraint(
                condition=Q(reward_paid_on__isnull=True) | Q(reward_amount__isnull=False),
                name="award_reward_paid_has_amount",
                violation_error_message=_("填写了奖励兑现日期，须同时填写奖励金额。"),
            ),
            models.UniqueConstraint(
                fields=["award_type", "certificate_no"],
                condition=~Q(certificate_no=""),
                name="award_certificate_unique_per_type",
                violation_error_message=_("同一奖项类型下证书编号不能重复。"),
            ),
            # A renewal is a new award in a later year; twice in one year is the same award entered twice.
            models.UniqueConstraint(
                fields=["award_type", "enterprise", "product", "year"],
                name="award_once_per_holder_and_year",
                violation_error_message=_("该企业（产品）在这一年度已有同一奖项的记录，不能重复登记。"),
            ),
        ]
        indexes = [models.Index(fields=["valid_until"], name="award_valid_until")]

    def __str__(self) -> str:
        what = f"{self.enterprise.name}·{self.product}" if self.product else self.enterprise.name
        return f"{self.year}年{self.award_type.name}：{what}"

    def get_absolute_url(self) -> str:
        return reverse("brands:award_detail", args=[self.pk])

    def clean(self) -> None:
        self.product = " ".join(self.product.split())
        if self.award_type_id is None:
            return
        if self.award_type.for_products and not self.product:
            raise ValidationError(
                {"product": _("“%(type)s”授予产品，请填写产品名称。") % {"type": self.award_type}}
            )
        if not self.award_type.for_products and self.product:
            raise ValidationError(
                {"product": _("“%(type)s”授予企业，不填写产品名称。") % {"type": self.award_type}}
            )

    def state_on(self, day: dt.date) -> str:
        if self.revoked_on and self.revoked_on <= day:
            return AwardState.REVOKED
        if self.valid_from > day:
            return AwardState.PENDING
        if self.valid_until and self.valid_until < day:
            return AwardState.EXPIRED
        return AwardState.VALID
