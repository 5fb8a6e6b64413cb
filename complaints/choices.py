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


class Action(models.TextChoices):
    """Steps on the timeline that do not change the status (the empty value is a status change)."""

    EXTEND = "extend", _("延期")
    PAUSE = "pause", _("中止")
    RESUME = "resume", _("恢复办理")
    SUPERVISE = "supervise", _("督办")
    VISIT = "visit", _("回访")
    REOPEN = "reopen", _("重办")


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


class VisitWay(models.TextChoices):
    PHONE = "phone", _("电话")
    SMS = "sms", _("短信")
    VISIT = "visit", _("上门")
    ONLINE = "online", _("网络")


# The lifecycle: from each status, the statuses a complaint may move to. A closed order leaves only through
# 回访 (不满意 reopens it once, back to 已交办).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.RECEIVED: (Status.ACCEPTED, Status.REJECTED),
    Status.ACCEPTED: (Status.ASSIGNED,),
    Status.ASSIGNED: (Status.HANDLED,),
    Status.HANDLED: (Status.CLOSED,),
    Status.REJECTED: (),
    Status.CLOSED: (),
}
# What the button that takes each step says.
STEP_VERBS: dict[str, str] = {
    Status.ACCEPTED: _("受理"),
    Status.REJECTED: _("不予受理"),
    Status.ASSIGNED: _("交办"),
    Status.HANDLED: _("办理完毕"),
    Status.CLOSED: _("办结"),
    Action.EXTEND: _("延期"),
    Action.PAUSE: _("中止（检验、检测、鉴定）"),
    Action.RESUME: _("恢复办理"),
    Action.SUPERVISE: _("督办"),
    Action.VISIT: _("回访"),
}
# What the message after each step says: “工单 X 已受理。”
STEP_DONE: dict[str, str] = {
    Status.ACCEPTED: _("已受理"),
    Status.REJECTED: _("不予受理"),
    Status.ASSIGNED: _("已交办"),
    Status.HANDLED: _("已办理完毕"),
    Status.CLOSED: _("已办结"),
    Action.EXTEND: _("已延期"),
    Action.PAUSE: _("已中止，中止期间不计入办理时限"),
    Action.RESUME: _("已恢复办理"),
    Action.SUPERVISE: _("已列为督办"),
    Action.VISIT: _("已记录回访"),
    Action.REOPEN: _("回访不满意，已退回重办"),
}
# Statuses that count as accepted for the completion rate.
ACCEPTED_STATUSES = (Status.ACCEPTED, Status.ASSIGNED, Status.HANDLED, Status.CLOSED)
# Statuses whose handling is finished, for the on-time rate.
HANDLED_STATUSES = (Status.HANDLED, Status.CLOSED)
# Statuses still waiting on someone, for the overdue list.
OPEN_STATUSES = (Status.RECEIVED, Status.ACCEPTED, Status.ASSIGNED)
# Statuses whose handling may be extended or paused.
HANDLING_STATUSES = (Status.ACCEPTED, Status.ASSIGNED)
# 回访 results that reached the complainant, and those of them that count as satisfied (回访满意率).
VISITED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY, Satisfaction.DISSATISFIED)
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY)
