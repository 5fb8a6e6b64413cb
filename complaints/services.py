"""Writes with rules: receiving complaints, their lifecycle, attachments, and keeping deadlines in step with the calendar."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from accounts import policy
from complaints import workdays
from complaints.choices import OPEN_STATUSES, TRANSITIONS, Outcome, Satisfaction, Status
from complaints.models import Attachment, CalendarDay, Complaint, Hotline, Transition
from core.freshness import refresh_after_commit
from core.models import Job
from organizations.models import Department, Region


def accept_due_on(*, hotline: Hotline, received_on: dt.date, exceptions: dict | None = None) -> dt.date:
    """The accepting deadline of a complaint the hotline received on that day."""
    return workdays.add_days(
        received_on, hotline.accept_days, working=hotline.accept_working_days, exceptions=exceptions
    )


def receiving_department_id(*, user, hotline: Hotline) -> int | None:
    """Who handles a received complaint: a member unit registering a call keeps it; else the hotline's own unit."""
    return getattr(user, "department_id", None) or hotline.department_id


def _accept_due(complaint: Complaint, exceptions: dict | None = None) -> dt.date:
    return accept_due_on(
        hotline=complaint.hotline,
        received_on=timezone.localdate(complaint.received_at),
        exceptions=exceptions,
    )


def _handle_due(complaint: Complaint, exceptions: dict | None = None) -> dt.date:
    hotline = complaint.hotline
    return workdays.add_days(
        timezone.localdate(complaint.accepted_at),
        hotline.handle_days,
        working=hotline.handle_working_days,
        exceptions=exceptions,
    )


def receipt_prepare(*, complaint: Complaint, user, batch: Job | None = None) -> None:
    """Fill what receipt decides on an unsaved complaint: status, handling department, accepting deadline."""
    complaint.status = Status.RECEIVED
    complaint.department_id = receiving_department_id(user=user, hotline=complaint.hotline)
    complaint.accept_due = complaint.due_on = _accept_due(complaint)
    complaint.import_batch = batch


@transaction.atomic
def complaint_receive(*, complaint: Complaint, user, batch: Job | None = None) -> Complaint:
    """Register a new complaint and record its receipt."""
    receipt_prepare(complaint=complaint, user=user, batch=batch)
    complaint.full_clean()
    complaint._history_user = user  # type: ignore[attr-defined]
    complaint.save()
    Transition.objects.create(
        complaint=complaint,
        to_status=Status.RECEIVED,
        user=user,
        at=complaint.received_at,
        note=f"导入：{batch.name}" if batch else "",
    )
    return complaint


@transaction.atomic
def complaint_update(*, complaint: Complaint, user) -> Complaint:
    """Save corrections to a complaint's particulars; a complaint not yet accepted gets its deadline recomputed."""
    if complaint.status == Status.RECEIVED:
        complaint.accept_due = complaint.due_on = _accept_due(complaint)
    complaint.full_clean()
    complaint._history_user = user  # type: ignore[attr-defined]
    complaint.save()
    return complaint


def _refuse(complaint: Complaint, to: str) -> ValidationError:
    current = Status(complaint.status).label
    if to not in Status.values:
        return ValidationError({"to": f"工单 {complaint}：未知的目标状态“{to}”。"})
    nexts = "、".join(str(Status(s).label) for s in TRANSITIONS[complaint.status]) or "无（流程已结束）"
    return ValidationError(
        {"to": f"工单 {complaint} 当前为“{current}”，不能转为“{Status(to).label}”；可转为：{nexts}。"}
    )


@transaction.atomic
def complaint_transition(
    *,
    complaint: Complaint,
    to: str,
    user,
    reason: str = "",
    department: Department | None = None,
    region: Region | None = None,
    outcome: str = "",
    satisfaction: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> Complaint:
    """Move a complaint one step along its lifecycle and record who did it, when and why."""
    complaint = (
        Complaint.objects.select_for_update(of=("self",)).select_related("hotline").get(pk=complaint.pk)
    )
    if not policy.can(user, policy.CHANGE, complaint):
        raise PermissionDenied(f"您无权办理工单 {complaint}。")
    if to not in TRANSITIONS.get(complaint.status, ()):
        raise _refuse(complaint, to)
    now = at or timezone.now()
    previous = complaint.status
    fields = ["status", "due_on"]
    if to == Status.ACCEPTED:
        complaint.accepted_at = now
        complaint.handle_due = complaint.due_on = _handle_due(complaint)
        fields += ["accepted_at", "handle_due"]
    elif to == Status.REJECTED:
        if not reason.strip():
            raise ValidationError({"reason": f"工单 {complaint}：不予受理必须写明理由。"})
        complaint.reject_reason = reason.strip()
        complaint.due_on = None
        fields += ["reject_reason"]
    elif to == Status.ASSIGNED:
        if department is None or region is None:
            raise ValidationError({"department": f"工单 {complaint}：交办须指定承办单位和县区。"})
        complaint.department, complaint.region, complaint.assigned_at = department, region, now
        fields += ["department", "region", "assigned_at"]
        note = note or f"交办{department.short_name}（{region.name}）"
    elif to == Status.HANDLED:
        if outcome not in Outcome.values:
            raise ValidationError({"outcome": f"工单 {complaint}：请选择处理结果。"})
        complaint.outcome, complaint.handling_note, complaint.handled_at = outcome, note, now
        complaint.due_on = None
        fields += ["outcome", "handling_note", "handled_at"]
    elif to == Status.CLOSED:
        if satisfaction not in Satisfaction.values:
            raise ValidationError({"satisfaction": f"工单 {complaint}：办结须记录投诉人满意度。"})
        complaint.satisfaction, complaint.closed_at = satisfaction, now
        fields += ["satisfaction", "closed_at"]
    complaint.status = to
    complaint.full_clean()
    complaint._history_user = user  # type: ignore[attr-defined]
    complaint.save(update_fields=fields)
    Transition.objects.create(
        complaint=complaint,
        from_status=previous,
        to_status=to,
        user=user,
        at=now,
        note=reason.strip() if to == Status.REJECTED else note,
    )
    refresh_after_commit(f"工单 {complaint.number} {complaint.get_status_display()}")
    return complaint


@transaction.atomic
def attachment_add(*, complaint: Complaint, file, user) -> Attachment:
    """Attach a file to a complaint its handlers work on."""
    if not policy.can(user, policy.CHANGE, complaint):
        raise PermissionDenied(f"您无权为工单 {complaint} 上传附件。")
    attachment = Attachment(complaint=complaint, file=file, name=file.name[:200], uploaded_by=user)
    attachment.full_clean()
    attachment.save()
    return attachment


def deadlines_refresh(*, since: dt.date, user=None) -> int:
    """Recompute the pending deadlines that run across `since` (after the holiday calendar changed there)."""
    pending = list(
        Complaint.objects.filter(status__in=OPEN_STATUSES, due_on__gte=since).select_related("hotline")
    )
    if not pending:
        return 0
    longest = max(max(c.hotline.accept_days, c.hotline.handle_days) for c in pending)
    exceptions = workdays.calendar_exceptions(
        since - dt.timedelta(days=workdays.window(longest)),
        max(c.due_on for c in pending if c.due_on) + dt.timedelta(days=workdays.window(longest)),
    )
    changed = []
    for complaint in pending:
        before = complaint.due_on
        if complaint.status == Status.RECEIVED:
            complaint.accept_due = complaint.due_on = _accept_due(complaint, exceptions)
        else:
            complaint.handle_due = complaint.due_on = _handle_due(complaint, exceptions)
        if complaint.due_on != before:
            changed.append(complaint)
    bulk_update_with_history(
        changed, Complaint, ["accept_due", "handle_due", "due_on"], batch_size=1000, default_user=user
    )
    return len(changed)


@transaction.atomic
def calendar_day_save(*, day: CalendarDay, user) -> CalendarDay:
    """Save a holiday or make-up working day and move the pending deadlines it affects."""
    if not policy.allowed(user, "complaints.calendar"):
        raise PermissionDenied("您的角色无权修改节假日日历。")
    day.full_clean()
    day._history_user = user  # type: ignore[attr-defined]
    day.save()
    deadlines_refresh(since=day.date, user=user)
    return day


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay, user) -> None:
    """Remove a calendar entry (the day follows the weekday rule again) and move the deadlines it affects."""
    if not policy.allowed(user, "complaints.calendar"):
        raise PermissionDenied("您的角色无权修改节假日日历。")
    day._history_user = user  # type: ignore[attr-defined]
    date = day.date
    day.delete()
    deadlines_refresh(since=date, user=user)
