"""Every write of the targets app that has rules: measurements, approval and locking, judgements, progress reports."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import policy
from core.freshness import refresh_after_commit
from core.periods import Period
from core.stats import rate
from organizations.choices import RegionKind
from organizations.models import Department, Region
from targets import selectors
from targets.choices import SubmissionStatus, TargetScope
from targets.models import (
    Indicator,
    Judgement,
    KeyTask,
    Measurement,
    PeriodClosure,
    Submission,
    Target,
    TaskAttachment,
    TaskReport,
)

# A rate entered with its parts may differ from numerator/denominator by rounding, not more.
RATE_SLACK = Decimal("0.05")


def submission_unit(*, indicator: Indicator, region: Region) -> dict:
    """Whose submission a value belongs to: the county's for its own values, the owner department's for the city's."""
    if region.kind == RegionKind.CITY:
        return {"department": indicator.department}
    return {"region": region.successor or region}


def lock_reason(*, user, indicator: Indicator, region: Region, year: int) -> str | None:
    """Why values of this indicator, region and year cannot be entered or changed now (None: they can)."""
    unit = submission_unit(indicator=indicator, region=region)
    name = next(iter(unit.values()))
    submission = Submission.objects.filter(year=year, **unit).first()
    if submission and submission.status == SubmissionStatus.APPROVED:
        return (
            f"{name}{year}年的数据已于{timezone.localtime(submission.approved_at):%Y-%m-%d}审核通过并锁定；"
            "如需修改，请领导小组办公室先取消审核。"
        )
    # The office, who approves and closes periods, may still correct submitted values and closed years.
    if policy.allowed(user, "targets.approve"):
        return None
    if submission and submission.status == SubmissionStatus.SUBMITTED:
        return f"{name}{year}年的数据已报送，正在等待办公室审核；如需修改，请联系办公室退回。"
    closure = PeriodClosure.objects.filter(year=year).first()
    if closure and timezone.localdate() > closure.closes_on:
        return f"{year}年数据已于{closure.closes_on:%Y-%m-%d}截止填报。"
    return None


def _validate_measurement(
    *, indicator: Indicator, region: Region, period: str, value, numerator, denominator
) -> dict:
    """The rules a value must meet, with Chinese messages naming the field; returns the cleaned figures."""
    if not indicator.is_entered:
        raise ValidationError({"indicator": indicator.derived_message()})
    if not Indicator.objects.enterable().filter(pk=indicator.pk).exists():
        raise ValidationError({"indicator": f"“{indicator}”是定性目标，由领导小组办公室评价，不填报数值。"})
    parsed = Period.parse(period)
    if parsed.start > timezone.localdate():
        raise ValidationError({"period": f"期间“{parsed.label()}”尚未开始，不能填报。"})
    if region.kind != RegionKind.CITY and not indicator.targets.filter(scope=TargetScope.COUNTY).exists():
        raise ValidationError({"region": f"“{indicator}”只按全市填报，不分县区。"})
    errors = {}
    if (numerator is None) != (denominator is None):
        errors["denominator" if denominator is None else "numerator"] = "分子和分母须同时填写。"
    elif denominator is not None:
        if denominator <= 0:
            errors["denominator"] = "分母必须大于 0。"
        elif numerator < 0:
            errors["numerator"] = "分子不能为负数。"
        elif numerator > denominator:
            errors["numerator"] = f"分子（{numerator}）不能大于分母（{denominator}）。"
        elif not indicator.is_rate:
            errors["numerator"] = f"“{indicator}”不是比率指标，不填分子和分母。"
        else:
            computed = rate(numerator, denominator)
            if value is None:
                value = computed
            elif abs(value - computed) > RATE_SLACK:
                errors["value"] = f"数值 {value} 与分子/分母算出的 {computed} 不符。"
    if value is None:
        errors.setdefault("value", "请填写数值，或填写分子和分母。")
    elif value < 0:
        errors["value"] = "数值不能为负数。"
    elif indicator.bounded_by_100 and value > 100:
        errors["value"] = f"“{indicator}”是百分比或百分制指数，数值应在 0–100 之间（填的是 {value}）。"
    if errors:
        raise ValidationError(errors)
    return {"period": str(parsed), "value": value, "numerator": numerator, "denominator": denominator}


@transaction.atomic
def measurement_save(
    *,
    user,
    indicator: Indicator,
    region: Region,
    period: str,
    value: Decimal | None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    source: str = "",
    note: str = "",
    measurement: Measurement | None = None,
) -> Measurement:
    """Create or update a value of a manual indicator, within the user's scope and outside any lock."""
    cleaned = _validate_measurement(
        indicator=indicator,
        region=region,
        period=period,
        value=value,
        numerator=numerator,
        denominator=denominator,
    )
    if not policy.can_change_in(user, Measurement, region=region, department=indicator.department):
        raise PermissionDenied(f"无权填报{region}的“{indicator}”。")
    years = {Period.parse(cleaned["period"]).year}
    if measurement is not None:
        if not policy.can(user, policy.CHANGE, measurement):
            raise PermissionDenied("无权修改这条数据。")
        years.add(measurement.year)
    for year in sorted(years):
        reason = lock_reason(user=user, indicator=indicator, region=region, year=year)
        if reason:
            raise ValidationError(reason)
    obj = measurement or Measurement(entered_by=user)
    obj.indicator, obj.region = indicator, region
    obj.period, obj.value = cleaned["period"], cleaned["value"]
    obj.numerator, obj.denominator = cleaned["numerator"], cleaned["denominator"]
    obj.source, obj.note = source, note
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def measurement_delete(*, user, measurement: Measurement) -> None:
    if not policy.can(user, policy.CHANGE, measurement):
        raise PermissionDenied("无权删除这条数据。")
    reason = lock_reason(
        user=user, indicator=measurement.indicator, region=measurement.region, year=measurement.year
    )
    if reason:
        raise ValidationError(reason)
    measurement.delete()


def _submission_for(*, region: Region | None, department: Department | None, year: int) -> Submission:
    submission = (
        Submission.objects.order_by("pk")
        .select_for_update()
        .filter(region=region, department=department, year=year)
        .first()
    )
    return submission or Submission(region=region, department=department, year=year)


def _save_with_reason(submission: Submission, reason: str, fields: list[str]) -> Submission:
    submission.full_clean()
    # simple-history keeps the reason with the change record, so the audit trail shows why.
    submission._change_reason = reason  # type: ignore[attr-defined]
    submission.save() if submission.pk is None else submission.save(update_fields=fields)
    return submission


def missing_message(missing: list[Indicator]) -> str:
    names = "、".join(i.name for i in missing[:10]) + ("等" if len(missing) > 10 else "")
    return f"尚有 {len(missing)} 项指标没有数值：{names}。"


@transaction.atomic
def submission_submit(
    *,
    user,
    year: int,
    region: Region | None = None,
    department: Department | None = None,
    gap_note: str = "",
) -> Submission:
    """A county or department hands its values for a year to the office for approval; with indicators still
    empty only when it says why (`gap_note`), which the office sees when it approves."""
    if not policy.can_change_in(user, Submission, region=region, department=department):
        raise PermissionDenied("无权报送该单位的数据。")
    submission = _submission_for(region=region, department=department, year=year)
    if submission.status != SubmissionStatus.DRAFT:
        raise ValidationError(f"{submission}已{submission.get_status_display()}，不能重复报送。")
    missing = selectors.missing_indicators(year=year, region=region, department=department)
    gap_note = gap_note.strip() if missing else ""
    if missing and not gap_note:
        raise ValidationError(missing_message(missing) + "请补齐后再报送，或填写缺项说明后报送。")
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_by, submission.submitted_at = user, timezone.now()
    submission.gap_note = gap_note
    reason = f"报送（缺 {len(missing)} 项：{gap_note}）" if missing else "报送"
    return _save_with_reason(submission, reason, ["status", "submitted_by", "submitted_at", "gap_note"])


@transaction.atomic
def submission_approve(*, user, submission: Submission) -> Submission:
    """The office approves submitted values; they are locked from then on."""
    if not policy.allowed(user, "targets.approve"):
        raise PermissionDenied("只有领导小组办公室可以审核。")
    submission = Submission.objects.order_by("pk").select_for_update().get(pk=submission.pk)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(
            f"{submission}当前为“{submission.get_status_display()}”，只有已报送的数据可以审核。"
        )
    submission.status = SubmissionStatus.APPROVED
    submission.approved_by, submission.approved_at = user, timezone.now()
    submission.reason = ""
    refresh_after_commit(f"审核通过{submission}")
    return _save_with_reason(submission, "审核通过", ["status", "approved_by", "approved_at", "reason"])


@transaction.atomic
def submission_reopen(*, user, submission: Submission, reason: str) -> Submission:
    """The office returns submitted values or unapproves approved ones, with a reason; the unit may edit again."""
    if not policy.allowed(user, "targets.approve"):
        raise PermissionDenied("只有领导小组办公室可以退回或取消审核。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回或取消审核的原因。"})
    submission = Submission.objects.order_by("pk").select_for_update().get(pk=submission.pk)
    if submission.status == SubmissionStatus.DRAFT:
        raise ValidationError(f"{submission}尚未报送，无需退回。")
    action = "取消审核" if submission.status == SubmissionStatus.APPROVED else "退回"
    submission.status = SubmissionStatus.DRAFT
    submission.approved_by, submission.approved_at = None, None
    submission.reason = reason.strip()
    return _save_with_reason(
        submission, f"{action}：{submission.reason}", ["status", "approved_by", "approved_at", "reason"]
    )


@transaction.atomic
def judgement_save(
    *, user, target: Target, region: Region, year: int, verdict: str, evidence: str
) -> Judgement:
    """The office judges a qualitative milestone for a year, with its evidence."""
    if not policy.allowed(user, "targets.judge"):
        raise PermissionDenied("只有领导小组办公室可以评价定性目标。")
    if not target.is_qualitative:
        raise ValidationError({"target": f"“{target}”是定量目标，由数据自动判定，无需人工评价。"})
    judgement = Judgement.objects.filter(target=target, region=region, year=year).first() or Judgement(
        target=target, region=region, year=year
    )
    judgement.verdict, judgement.evidence, judgement.judged_by = verdict, evidence, user
    judgement.full_clean()
    judgement.save()
    return judgement


@transaction.atomic
def task_report_save(
    *,
    user,
    task: KeyTask,
    department: Department,
    year: int,
    status: str,
    text: str,
    files=(),
    report: TaskReport | None = None,
) -> TaskReport:
    """A department reports its yearly progress on a key task it leads or supports, with attachments."""
    if not policy.allowed(user, "targets.report_progress") or not policy.can_change_in(
        user, TaskReport, department=department
    ):
        raise PermissionDenied(f"无权以{department}的名义报告工作进展。")
    if report is not None and not policy.can(user, policy.CHANGE, report):
        raise PermissionDenied("无权修改这份进展报告。")
    if department.pk not in task.responsible_ids():
        raise ValidationError({"department": f"{department}不是“{task}”的牵头或配合单位。"})
    report = report or TaskReport(reported_by=user)
    report.task, report.department, report.year = task, department, year
    report.status, report.text = status, text
    report.full_clean()
    report.save()
    for upload in files:
        attachment = TaskAttachment(report=report, file=upload, name=upload.name[:200], uploaded_by=user)
        attachment.full_clean()
        attachment.save()
    return report
