from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    PRODUCT = "product", _("产品质量")
    ENGINEERING = "engineering", _("工程质量")
    SERVICE = "service", _("服务质量")
    # The policy's overall 2020 goal (二、发展目标, first paragraph) belongs to no single domain.
    OVERALL = "overall", _("总体目标")


class Comparator(models.TextChoices):
    GT = "gt", _("超过")
    GTE = "gte", _("以上 / 不低于")
    EQ = "eq", _("达到")
    LTE = "lte", _("不超过")
    LT = "lt", _("低于")
    APPROX = "approx", _("左右")
    DECREASE = "decrease", _("呈下降趋势")
    INCREASE = "increase", _("不断提高")
    QUALITATIVE = "qualitative", _("定性目标")


TREND_COMPARATORS = (Comparator.DECREASE, Comparator.INCREASE)


class Unit(models.TextChoices):
    PERCENT = "percent", _("%")
    COUNT = "count", _("个数")
    INDEX = "index", _("指数（满分100）")
    NONE = "none", _("无")


class Aggregation(models.TextChoices):
    """How sub-periods and counties add up to a year and to the city."""

    RATE = "rate", _("比率：分子之和 / 分母之和")
    SUM = "sum", _("求和（流量，如投诉件数）")
    LATEST = "latest", _("取最近一期（存量或测评值，如满意度、累计数）")


class TargetScope(models.TextChoices):
    CITY = "city", _("全市")
    COUNTY = "county", _("全市及各县区")


class Status(models.TextChoices):
    """The one set of status words for a target's attainment: pages, reports, exports and the API use these
    (assessments reads them from here too)."""

    MET = "met", _("已达成")
    NOT_MET = "not_met", _("未达成")
    AT_RISK = "at_risk", _("有风险")
    # A figure that is not complete yet: the year is still running, or a city figure summed from counties
    # has not heard from all of them. It is shown with its reason (年度未完 / 已报 4/6 县区), never judged.
    INCOMPLETE = "incomplete", _("暂不评判")
    NO_DATA = "no_data", _("无数据")
    QUALITATIVE = "qualitative", _("定性评价")


# Statuses that judge a figure (coloured as met or missed); the others say why there is no judgement.
JUDGED_STATUSES = (Status.MET, Status.NOT_MET, Status.AT_RISK)


class Verdict(models.TextChoices):
    """Office staff's judgement of a qualitative milestone."""

    ACHIEVED = "achieved", _("已实现")
    ON_TRACK = "on_track", _("稳步推进")
    LAGGING = "lagging", _("进展滞后")
    NOT_STARTED = "not_started", _("尚未启动")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("已报送待审核")
    APPROVED = "approved", _("已审核锁定")


class TaskSection(models.TextChoices):
    KEY_WORK = "key_work", _("三、重点工作")
    IMPLEMENTATION = "implementation", _("四、组织实施")


class ProgressStatus(models.TextChoices):
    DONE = "done", _("已完成")
    ON_TRACK = "on_track", _("按计划推进")
    LAGGING = "lagging", _("进展滞后")
    NOT_STARTED = "not_started", _("尚未开展")


# dim3 of the targets.attainment statistic: counts over every figure, or over approved figures only (what
# users shown approved data only see; a target whose figure awaits approval counts as no data there).
ALL_FIGURES, APPROVED_FIGURES = "", "approved"
