from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    PRODUCT = "product", _("产品质量")
    ENGINEERING = "engineering", _("工程质量")
    SERVICE = "service", _("服务质量")
    FOOD = "food", _("食品药品")


class Grade(models.TextChoices):
    """The four grades of 突发事件 (《国家突发公共事件总体应急预案》), most serious first."""

    EXTRAORDINARY = "extraordinary", _("特别重大")
    MAJOR = "major", _("重大")
    LARGE = "large", _("较大")
    GENERAL = "general", _("一般")


class Status(models.TextChoices):
    REPORTED = "reported", _("已报告")
    RESPONDING = "responding", _("应急处置中")
    INVESTIGATING = "investigating", _("调查处理中")
    CLOSED = "closed", _("已结案")


class PartyKind(models.TextChoices):
    UNIT = "unit", _("单位")
    PERSON = "person", _("个人")
