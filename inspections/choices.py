"""Closed sets of the inspections app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    NATIONAL = "national", _("国家监督抽查")
    PROVINCIAL = "provincial", _("省级监督抽查")
    MUNICIPAL = "municipal", _("市级监督抽查")


# Statistic dimension value for national + provincial together (the policy's 省级以上监督抽查合格率).
PROVINCIAL_ABOVE = "provincial_above"
PROVINCIAL_ABOVE_LABEL = _("省级及以上")


class Conclusion(models.TextChoices):
    """A sample's verdict; a 复检 (re-test) verdict, when there is one, is the one that counts."""

    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")
    # Refused, referred or otherwise not tested: kept on record, excluded from pass rates.
    NOT_TESTED = "not_tested", _("未检验")


class CheckKind(models.TextChoices):
    """The kind of check a bulletin reports; monitoring finds risks and is not a verdict on the market."""

    SUPERVISION = "supervision", _("监督抽查")
    SPECIAL = "special", _("专项抽查")
    # 风险监测: kept on record, never counted in pass rates.
    MONITORING = "monitoring", _("风险监测")


class Counted(models.TextChoices):
    """What a result contributes to pass rates (SpotCheckResult.counted, kept by the database)."""

    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")
    NOT_TESTED = "not_tested", _("未检验，不计")
    MONITORING = "monitoring", _("风险监测，不计")
    IN_TOTAL = "in_total", _("计入公告合计")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    DRAWN = "drawn", _("已抽取")
    PUBLISHED = "published", _("已公布")


class ProjectSize(models.TextChoices):
    LARGE = "large", _("大中型")
    OTHER = "other", _("其他")
