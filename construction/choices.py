from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """The five responsible units of a construction project (五方责任主体)."""

    BUILDER = "builder", _("建设单位")
    SURVEYOR = "surveyor", _("勘察单位")
    DESIGNER = "designer", _("设计单位")
    CONTRACTOR = "contractor", _("施工单位")
    SUPERVISOR = "supervisor", _("监理单位")


class DepositState(models.TextChoices):
    DUE = "due", _("未缴纳")
    HELD = "held", _("已缴纳")
    PARTLY_SETTLED = "partly_settled", _("部分退还或没收")
    SETTLED = "settled", _("已结清")
