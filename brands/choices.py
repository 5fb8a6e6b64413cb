from django.db import models
from django.utils.translation import gettext_lazy as _

# The award type whose records a mayor's quality award round writes (brands/data/award_types.json).
MAYOR_AWARD = "mayor_award"


class AwardSubject(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    PRODUCT = "product", _("产品")


class AwardState(models.TextChoices):
    """Where an award stands on a given day (derived, not stored)."""

    VALID = "valid", _("有效")
    EXPIRED = "expired", _("已过期")
    REVOKED = "revoked", _("已撤销")
    PENDING = "pending", _("未生效")


class RoundStatus(models.TextChoices):
    ACCEPTING = "accepting", _("受理申报")
    REVIEWING = "reviewing", _("专家评审")
    DECIDED = "decided", _("已评定")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已申报")
    ACCEPTED = "accepted", _("通过资格审查")
    REJECTED = "rejected", _("不予受理")
    AWARDED = "awarded", _("获奖")
    NOT_AWARDED = "not_awarded", _("未获奖")
