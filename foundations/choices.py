"""Closed sets of the quality-foundation registers (盘政发〔2014〕17号 三(四), 三(二)4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StandardKind(models.TextChoices):
    LEAD = "lead", _("主导制定")
    JOIN = "join", _("参与制定")
    ADOPT = "adopt", _("采用国际标准")
    DEMO_ZONE = "demo_zone", _("标准化示范区")
    PILOT = "pilot", _("标准化试点")


# A standard's kind, as opposed to a demonstration zone or pilot (which are places, not texts).
STANDARD_KINDS = (StandardKind.LEAD, StandardKind.JOIN, StandardKind.ADOPT)


class StandardLevel(models.TextChoices):
    NATIONAL = "national", _("国家")
    INDUSTRY = "industry", _("行业")
    LOCAL = "local", _("地方")
    GROUP = "group", _("团体")
    INTERNATIONAL = "international", _("国际（国外先进）")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")


# Which levels each kind may have: a standard drafted here is national, industry, local or group; an adopted one is
# international; a demonstration zone or pilot is approved nationally, by the province or by the city.
LEVELS_OF_KIND = {
    StandardKind.LEAD: (
        StandardLevel.NATIONAL,
        StandardLevel.INDUSTRY,
        StandardLevel.LOCAL,
        StandardLevel.GROUP,
    ),
    StandardKind.JOIN: (
        StandardLevel.NATIONAL,
        StandardLevel.INDUSTRY,
        StandardLevel.LOCAL,
        StandardLevel.GROUP,
    ),
    StandardKind.ADOPT: (StandardLevel.INTERNATIONAL,),
    StandardKind.DEMO_ZONE: (StandardLevel.NATIONAL, StandardLevel.PROVINCIAL, StandardLevel.MUNICIPAL),
    StandardKind.PILOT: (StandardLevel.NATIONAL, StandardLevel.PROVINCIAL, StandardLevel.MUNICIPAL),
}


class MetrologyCategory(models.TextChoices):
    """The four fields of 强制检定 (《计量法》第九条)."""

    TRADE = "trade", _("贸易结算")
    SAFETY = "safety", _("安全防护")
    MEDICAL = "medical", _("医疗卫生")
    ENVIRONMENT = "environment", _("环境监测")


class EventKind(models.TextChoices):
    QUALITY_MONTH = "quality_month", _("质量月")
    WORLD_STANDARDS_DAY = "standards_day", _("世界标准日")
    WORLD_METROLOGY_DAY = "metrology_day", _("世界计量日")
    CONSUMER_DAY = "consumer_day", _("3·15 消费者权益日")
    OTHER = "other", _("其他质量文化活动")


class ExitKind(models.TextChoices):
    LICENCE_CANCELLED = "licence_cancelled", _("注销（吊销）许可证")
    CLOSED = "closed", _("关停退出")


class ExitReason(models.TextChoices):
    """Why an enterprise left the market (三(二)4: 污染严重、资源浪费、落后产能、不能满足准入条件或保证质量安全)."""

    POLLUTION = "pollution", _("污染严重")
    WASTE = "waste", _("资源浪费")
    OUTDATED = "outdated", _("落后产能淘汰")
    CONDITIONS = "conditions", _("不能满足准入条件")
    SAFETY = "safety", _("不能保证质量安全")
    OTHER = "other", _("其他")
