"""Customer-satisfaction surveys (顾客满意度测评, 盘政发〔2014〕17号 三(三)3): one survey report each."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PortalModel
from core.periods import MAX_YEAR, MIN_YEAR
from core.scoping import ScopeRule
from core.uploads import UploadPath, UploadValidator
from surveys.choices import Method, ResultKind, Sector


def _city_wide() -> Q:
    return Q(region__kind="city")


class Survey(PortalModel):
    """One satisfaction survey: what, where and how it was surveyed, by whom, and its result."""

    year = models.PositiveSmallIntegerField(
        _("测评年度"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    sector = models.CharField(_("测评领域"), max_length=20, choices=Sector)
    region = models.ForeignKey(
        "organizations.Region",
        verbose_name=_("测评地区"),
        on_delete=models.PROTECT,
        related_name="surveys",
        help_text=_("全市测评选盘锦市；在某一县区开展的测评选该县区。"),
    )
    department = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("组织单位"),
        on_delete=models.PROTECT,
        related_name="surveys",
        help_text=_("服务业测评一般为服务业委，工程和住宅为住建委。"),
    )
    title = models.CharField(_("测评名称"), max_length=120)
    method = models.CharField(_("测评方式"), max_length=16, choices=Method)
    sample_size = models.PositiveIntegerField(_("样本量"), validators=[MinValueValidator(1)])
    agency = models.CharField(_("测评机构"), max_length=100)
    result_kind = models.CharField(_("结果类型"), max_length=8, choices=ResultKind, default=ResultKind.INDEX)
    result = models.DecimalField(
        _("测评结果"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("指数为满分100的得分；满意率为满意样本占全部样本的百分比。"),
    )
    completed_on = models.DateField(_("报告日期"), null=True, blank=True)
    report = models.FileField(
        _("测评报告"),
        upload_to=UploadPath("surveys/reports"),
        validators=[UploadValidator("attachment")],
        blank=True,
    )
    report_name = models.CharField(_("报告文件名"), max_length=200, blank=True, editable=False)
    notes = models.TextField(_("备注"), blank=True)

    # City-wide results are published; a county's own survey is seen by that county; the organising unit keeps
    # its surveys.
    scope_rule = ScopeRule(
        region="region", department="department", department_change=True, public=_city_wide
    )

    class Meta:
        ordering = ["-year", "sector", "region__sort_order", "-completed_on", "-pk"]
        verbose_name = _("满意度测评")
        verbose_name_plural = _("满意度测评")
        constraints = [
            models.CheckConstraint(
                condition=Q(result__gte=0) & Q(result__lte=100),
                name="survey_result_0_100",
                violation_error_message=_("测评结果须在 0 到 100 之间。"),
            ),
            models.CheckConstraint(
                condition=Q(sample_size__gte=1),
                name="survey_sample_positive",
                violation_error_message=_("样本量至少为 1。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey_detail", args=[self.pk])

    def clean(self) -> None:
        if self.completed_on and self.completed_on.year not in (self.year, self.year + 1):
            raise ValidationError({"completed_on": _("报告日期应在测评年度内或次年。")})
