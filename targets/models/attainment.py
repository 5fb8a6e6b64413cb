"""Target attainment: a snapshot table written by the nightly job's final step."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Snapshot
from core.scoping import ScopeRule
from targets.choices import Status, Verdict


class Attainment(Snapshot):
    """How a target stands for a region and a year, as computed by the run that wrote it."""

    target = models.ForeignKey(
        "targets.Target", verbose_name=_("目标"), on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "organizations.Region", verbose_name=_("地区"), on_delete=models.CASCADE, related_name="+"
    )
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("分子"), max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("分母"), max_digits=20, decimal_places=4, null=True, blank=True)
    previous_value = models.DecimalField(_("比较值"), max_digits=20, decimal_places=4, null=True, blank=True)
    status = models.CharField(_("达成情况"), max_length=12, choices=Status)
    partial = models.BooleanField(
        _("数据未完整"),
        default=False,
        help_text=_("数值只覆盖该年的一部分（年度未完），或由县区汇总而县区未报齐；不作达成评判。"),
    )
    # A city figure summed from county figures: how many counties reported, of how many (null: the figure is
    # measured city-wide, or it is a county's own).
    reported = models.PositiveSmallIntegerField(_("已报县区数"), null=True, blank=True)
    expected = models.PositiveSmallIntegerField(_("应报县区数"), null=True, blank=True)
    approved = models.BooleanField(_("已审核"), default=True, help_text=_("数值只依据已审核的数据。"))
    verdict = models.CharField(_("定性评价"), max_length=12, choices=Verdict, blank=True)

    # City-wide attainment is for everyone; a county's own only for that county (and the office, leaders).
    scope_rule = ScopeRule(region="region", public=lambda: Q(region__kind="city"))

    class Meta:
        ordering = ["target__year", "target__sort_order", "region__sort_order", "period"]
        verbose_name = _("目标达成情况")
        verbose_name_plural = _("目标达成情况")
        indexes = [models.Index(fields=["run", "period", "region"], name="attainment_lookup")]

    def __str__(self) -> str:
        return f"{self.target.code} {self.region_id} {self.period}: {self.status}"

    @property
    def coverage(self) -> str:
        """“已报 4/6 县区” for a city figure summed from counties that did not all report; '' otherwise."""
        if self.reported is None or self.expected is None or self.reported >= self.expected:
            return ""
        return f"已报 {self.reported}/{self.expected} 县区"

    @property
    def reason(self) -> str:
        """Why a figure is not judged: the counties missing, or the year still running ('' when judged)."""
        if self.coverage:
            return self.coverage
        if self.partial:
            return "年度未完" if int(self.period[:4]) >= timezone.localdate().year else "缺部分月份或季度"
        return ""
