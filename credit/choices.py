from django.db import models
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    """The enterprise quality credit grades, best first (so a later letter is a worse grade)."""

    A = "A", _("A 守信")
    B = "B", _("B 基本守信")
    C = "C", _("C 失信")
    D = "D", _("D 严重失信")


GRADE_BADGES = {
    Grade.A: "text-bg-success",
    Grade.B: "text-bg-info",
    Grade.C: "text-bg-warning",
    Grade.D: "text-bg-danger",
}


class Effect(models.TextChoices):
    CAP = "cap", _("最高评为")
    POINTS = "points", _("加减分")


class SubjectKind(models.TextChoices):
    """行政相对人类别 as the 双公示 standard names them."""

    LEGAL_PERSON = "legal_person", _("法人及非法人组织")
    INDIVIDUAL_BUSINESS = "individual_business", _("个体工商户")


class PenaltyCategory(models.TextChoices):
    """处罚类别: the kinds of 《行政处罚法》（2021）第九条."""

    WARNING = "warning", _("警告")
    CRITICISM = "criticism", _("通报批评")
    FINE = "fine", _("罚款")
    CONFISCATE_GAINS = "confiscate_gains", _("没收违法所得")
    CONFISCATE_PROPERTY = "confiscate_property", _("没收非法财物")
    SUSPEND_LICENCE = "suspend_licence", _("暂扣许可证件")
    DOWNGRADE = "downgrade", _("降低资质等级")
    REVOKE_LICENCE = "revoke_licence", _("吊销许可证件")
    RESTRICT = "restrict", _("限制开展生产经营活动")
    SUSPEND_BUSINESS = "suspend_business", _("责令停产停业")
    CLOSE = "close", _("责令关闭")
    OTHER = "other", _("其他")
