"""Closed sets of the assessment cycle: stages, county statuses, scoring rules, grades, report kinds.

A target's attainment status is the targets app's (`targets.choices.Status`), not a copy of it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where a year's assessment stands; each stage is locked once the office moves past it."""

    DRAFT = "draft", _("方案制定")
    # 国办发〔2013〕47号 第六条（一）: each county files its targets for the year before it assesses itself.
    TARGET_FILING = "target_filing", _("目标备案")
    SELF_ASSESSMENT = "self_assessment", _("县区自评")
    REVIEW = "review", _("书面审核")
    VERIFICATION = "verification", _("实地核查")
    APPROVAL = "approval", _("结果审定")
    ANNOUNCED = "announced", _("结果公布")


STAGE_ORDER = [s.value for s in Stage]


class AssessmentStatus(models.TextChoices):
    PENDING = "pending", _("待自评")
    SUBMITTED = "submitted", _("已提交自评")
    REVIEWED = "reviewed", _("已书面审核")
    VERIFIED = "verified", _("已实地核查")


class Scoring(models.TextChoices):
    AUTO = "auto", _("自动（统计数据）")
    MANUAL = "manual", _("人工评分")
    VETO = "veto", _("一票否决")


class Formula(models.TextChoices):
    THRESHOLD = "threshold", _("达到阈值得满分")
    LINEAR = "linear", _("两阈值之间按比例")
    STATUS = "status", _("按目标达成状态")


class Window(models.TextChoices):
    ASSESSMENT_YEAR = "assessment_year", _("考核年度（逐月汇总）")
    CALENDAR_YEAR = "calendar_year", _("考核期内最近一个完整自然年")


class FilingStatus(models.TextChoices):
    """Where a county's 目标备案 stands: filled in, sent to the office, accepted (filed) by it."""

    PENDING = "pending", _("待报送")
    SUBMITTED = "submitted", _("已报送待备案")
    FILED = "filed", _("已备案")


class Grade(models.TextChoices):
    A = "A", _("A（优秀）")
    B = "B", _("B（良好）")
    C = "C", _("C（合格）")
    D = "D", _("D（不合格）")


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("年度考核报告")
    COUNTY = "county", _("县区考核报告")
    QUALITY_STATUS = "quality_status", _("质量状况分析报告")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel"
