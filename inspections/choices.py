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
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")
    # Refused, referred or otherwise not tested: kept on record, excluded from pass rates.
    NOT_TESTED = "not_tested", _("未检验")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    DRAWN = "drawn", _("已抽取")
    PUBLISHED = "published", _("已公布")


class ProjectSize(models.TextChoices):
    LARGE = "large", _("大中型")
    OTHER = "other", _("其他")
