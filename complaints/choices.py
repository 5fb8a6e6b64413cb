from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")
    INQUIRY = "inquiry", _("咨询")


class Domain(models.TextChoices):
    PRODUCT = "product", _("产品质量")
    ENGINEERING = "engineering", _("工程质量")
    SERVICE = "service", _("服务质量")
    FOOD = "food", _("食品药品")


class Status(models.TextChoices):
    RECEIVED = "received", _("已登记")
    ACCEPTED = "accepted", _("已受理")
    REJECTED = "rejected", _("不予受理")
    ASSIGNED = "assigned", _("已交办")
    HANDLED = "handled", _("已办理")
    CLOSED = "closed", _("已办结")


class Outcome(models.TextChoices):
    MEDIATED = "mediated", _("调解成功")
    CORRECTED = "corrected", _("责令改正")
    CASE_OPENED = "case_opened", _("立案查处")
    TRANSFERRED = "transferred", _("移送其他部门")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")
    UNREACHABLE = "unreachable", _("未能回访")


# The lifecycle: from each status, the statuses a complaint may move to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.RECEIVED: (Status.ACCEPTED, Status.REJECTED),
    Status.ACCEPTED: (Status.ASSIGNED,),
    Status.ASSIGNED: (Status.HANDLED,),
    Status.HANDLED: (Status.CLOSED,),
    Status.REJECTED: (),
    Status.CLOSED: (),
}
# What the button that moves a complaint to each status says.
STEP_VERBS: dict[str, str] = {
    Status.ACCEPTED: _("受理"),
    Status.REJECTED: _("不予受理"),
    Status.ASSIGNED: _("交办"),
    Status.HANDLED: _("办理完毕"),
    Status.CLOSED: _("回访办结"),
}
# Statuses that count as accepted for the completion rate.
ACCEPTED_STATUSES = (Status.ACCEPTED, Status.ASSIGNED, Status.HANDLED, Status.CLOSED)
# Statuses whose handling is finished, for the on-time rate.
HANDLED_STATUSES = (Status.HANDLED, Status.CLOSED)
# Statuses still waiting on someone, for the overdue list.
OPEN_STATUSES = (Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED)
