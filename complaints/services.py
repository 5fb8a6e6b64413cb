"""Writes with rules: receiving complaints, their lifecycle, attachments, and keeping deadlines in step with the calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts import policy
from complaints import holidays, workdays
from complaints.choices import (
    HANDLING_STATUSES,
    OPEN_STATUSES,
    TRANSITIONS,
    Action,
    Outcome,
    Satisfaction,
    Status,
    VisitWay,
)
from complaints.models import (
    Attachment,
    CalendarDay,
    CalendarYear,
    Complaint,
    HandlingLimit,
    Hotline,
    Transition,
)
from core.freshness import refresh_after_commit
from core.models import Job
from organizations.models import Department, Region

LimitTable = dict[str, list[HandlingLimit]]


def limit_table() -> LimitTable:
    """Every hotline's limits, newest rule first (a small table: read once for many deadlines)."""
    table: LimitTable = {}
    for limit in HandlingLimit.objects.order_by("hotline", "-effective_from"):
        table.setdefault(limit.hotline_id, []).append(limit)
    return table


def limit_for(*, hotline_id: str, received_on: dt.date, table: LimitTable | None = None) -> HandlingLimit:
    """The limits in force on the day a complaint was received (the earliest rule for older complaints)."""
    limits = (table if table is not None else limit_table()).get(hotline_id)
    if not limits:
        raise ValidationError({"hotline": f"热线 {hotline_id} 还没有办理时限，请先在“热线与时限”中设定。"})
    return next((limit for limit in limits if limit.effective_from <= received_on), limits[-1])


def accept_due_on(
    *,
    hotline: Hotline,
    received_on: dt.date,
    exceptions: dict | None = None,
    table: LimitTable | None = None,
) -> dt.date:
    """The accepting deadline of a complaint the hotline received on that day."""
    limit = limit_for(hotline_id=hotline.code, received_on=received_on, table=table)
    return workdays.add_days(
        received_on, limit.accept_days, working=limit.accept_working_days, exceptions=exceptions
    )


def receiving_department_id(*, user, hotline: Hotline) -> int | None:
    """Who handles a received complaint: a member unit registering a call keeps it; else the hotline's own unit."""
    return getattr(user, "department_id", None) or hotline.department_id


def _accept_due(
    complaint: Complaint, exceptions: dict | None = None, table: LimitTable | None = None
) -> dt.date:
    return accept_due_on(
        hotline=complaint.hotline,
        received_on=timezone.localdate(complaint.received_at),
        exceptions=exceptions,
        table=table,
    )


def _limit(complaint: Complaint, table: LimitTable | None = None) -> HandlingLimit:
    return limit_for(
        hotline_id=complaint.hotline_id, received_on=timezone.localdate(complaint.received_at), table=table
    )


def _handling_start(complaint: Complaint) -> dt.date:
    """Handling is counted from acceptance, or from the reopening after a 不满意 回访."""
    return timezone.localdate(complaint.reopened_at or complaint.accepted_at)


def pauses_of(complaints: list[Complaint]) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Each complaint's ended pauses (中止 day, 恢复 day), from its timeline, in one query."""
    steps = Transition.objects.filter(
        complaint__in=[c.pk for c in complaints], action__in=[Action.PAUSE, Action.RESUME]
    ).order_by("complaint", "at", "pk")
    pauses: dict[int, list[tuple[dt.date, dt.date]]] = {}
    began: dict[int, dt.date] = {}
    for step in steps:
        day = timezone.localdate(step.at)
        if step.action == Action.PAUSE:
            began[step.complaint_id] = day
        elif step.complaint_id in began:
            pauses.setdefault(step.complaint_id, []).append((began.pop(step.complaint_id), day))
    return pauses


def _handle_due(
    complaint: Complaint,
    exceptions: dict | None = None,
    table: LimitTable | None = None,
    pauses: list[tuple[dt.date, dt.date]] | None = None,
) -> dt.date:
    """The handling deadline: the rule's limit plus approved extensions, paused days not counted."""
    limit = _limit(complaint, table)
    start = _handling_start(complaint)
    if pauses is None:
        pauses = pauses_of([complaint]).get(complaint.pk, [])
    skip = {day for day in workdays.paused_dates(pauses) if day > start}
    return workdays.add_days(
        start,
        limit.handle_days + complaint.extension_days,
        working=limit.handle_working_days,
        exceptions=exceptions,
        skip=skip,
    )


def office_number(*, hotline: Hotline, received_at: dt.datetime) -> str:
    """The office's own number for an order that came from no hotline system: BG + year + a 6-digit sequence."""
    prefix = f"BG{timezone.localdate(received_at):%Y}"
    # Numbering is serialised per hotline: two clerks registering at once do not draw the same number.
    Hotline.objects.select_for_update().filter(pk=hotline.pk).first()
    last = (
        Complaint.objects.filter(hotline=hotline, number__regex=rf"^{prefix}\d{{6}}$")
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{prefix}{int(last[len(prefix) :]) + 1 if last else 1:06d}"


def receipt_prepare(*, complaint: Complaint, user, batch: Job | None = None) -> None:
    """Fill what receipt decides on an unsaved complaint: status, handling department, accepting deadline."""
    complaint.status = Status.RECEIVED
    complaint.department_id = receiving_department_id(user=user, hotline=complaint.hotline)
    complaint.accept_due = complaint.due_on = _accept_due(complaint)
    complaint.import_batch = batch


@transaction.atomic
def complaint_receive(*, complaint: Complaint, user, batch: Job | None = None) -> Complaint:
    """Register a new complaint and record its receipt; one without a hotline system's number gets the office's."""
    if not complaint.number.strip() and complaint.received_at and complaint.hotline_id:
        complaint.number = office_number(hotline=complaint.hotline, received_at=complaint.received_at)
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


def _locked(complaint: Complaint, user) -> Complaint:
    """The complaint, locked for this step, if the user handles it."""
    complaint = (
        Complaint.objects.select_for_update(of=("self",)).select_related("hotline").get(pk=complaint.pk)
    )
    if not policy.can(user, policy.CHANGE, complaint):
        raise PermissionDenied(f"您无权办理工单 {complaint}。")
    return complaint


def _record(
    complaint: Complaint, *, user, fields: list[str], previous: str, at: dt.datetime, **step
) -> Complaint:
    complaint.full_clean()
    complaint._history_user = user  # type: ignore[attr-defined]
    complaint.save(update_fields=fields)
    Transition.objects.create(
        complaint=complaint, from_status=previous, to_status=complaint.status, user=user, at=at, **step
    )
    refresh_after_commit(f"工单 {complaint.number} {complaint.get_status_display()}")
    return complaint


@transaction.atomic
def complaint_transition(
    *,
    complaint: Complaint,
    to: str,
    user,
    reason: str = "",
    department: Department | None = None,
    region: Region | None = None,
    assigned_region: Region | None = None,
    outcome: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> Complaint:
    """Move a complaint one step along its lifecycle and record who did it, when and why."""
    complaint = _locked(complaint, user)
    if to not in TRANSITIONS.get(complaint.status, ()):
        raise _refuse(complaint, to)
    if complaint.paused_since:
        raise ValidationError({"to": f"工单 {complaint} 处于中止状态，请先恢复办理。"})
    now = at or timezone.now()
    previous = complaint.status
    fields = ["status", "due_on"]
    if to == Status.ACCEPTED:
        complaint.accepted_at = complaint.decided_at = now
        complaint.handle_due = complaint.due_on = _handle_due(complaint, pauses=[])
        fields += ["accepted_at", "decided_at", "handle_due"]
    elif to == Status.REJECTED:
        if not reason.strip():
            raise ValidationError({"reason": f"工单 {complaint}：不予受理必须写明理由。"})
        complaint.reject_reason = reason.strip()
        complaint.decided_at = now
        complaint.due_on = None
        fields += ["reject_reason", "decided_at"]
        note = complaint.reject_reason
    elif to == Status.ASSIGNED:
        if department is None and assigned_region is None:
            raise ValidationError({"department": f"工单 {complaint}：交办须指定承办单位或承办县区。"})
        if department is not None:
            complaint.department = department
        if region is not None:
            complaint.region = region
        complaint.assigned_region, complaint.assigned_at = assigned_region, now
        fields += ["department", "region", "assigned_region", "assigned_at"]
        to_whom = "、".join(
            name
            for name in (department and department.short_name, assigned_region and assigned_region.name)
            if name
        )
        note = note or f"交办{to_whom}"
    elif to == Status.HANDLED:
        if outcome not in Outcome.values:
            raise ValidationError({"outcome": f"工单 {complaint}：请选择处理结果。"})
        complaint.outcome, complaint.handling_note, complaint.handled_at = outcome, note, now
        complaint.due_on = None
        fields += ["outcome", "handling_note", "handled_at"]
    elif to == Status.CLOSED:
        complaint.closed_at = now
        fields += ["closed_at"]
    complaint.status = to
    return _record(complaint, user=user, fields=fields, previous=previous, at=now, note=note)


@transaction.atomic
def complaint_extend(
    *,
    complaint: Complaint,
    user,
    days: int | None,
    reason: str,
    approver: str,
    at: dt.datetime | None = None,
) -> Complaint:
    """延期: lengthen the handling limit by `days`, approved by someone, within the rule's maximum."""
    complaint = _locked(complaint, user)
    if complaint.status not in HANDLING_STATUSES or complaint.paused_since:
        raise ValidationError(
            {"to": f"工单 {complaint} 当前为“{complaint.get_status_display()}”，不能延期。"}
        )
    limit = _limit(complaint)
    unit = limit.unit(limit.handle_working_days)
    if not reason.strip() or not approver.strip():
        raise ValidationError({"reason": f"工单 {complaint}：延期须写明理由和批准人。"})
    if not days or days < 1:
        raise ValidationError({"days": "请填写延期天数（至少 1 天）。"})
    left = limit.extension_max_days - complaint.extension_days
    if days > left:
        raise ValidationError(
            {
                "days": f"工单 {complaint}：依据{limit.rule[:40]}，延期至多 {limit.extension_max_days} {unit}，"
                f"已延期 {complaint.extension_days} {unit}，还可延期 {max(left, 0)} {unit}。"
            }
        )
    complaint.extension_days += days
    complaint.handle_due = complaint.due_on = _handle_due(complaint)
    now = at or timezone.now()
    return _record(
        complaint,
        user=user,
        fields=["extension_days", "handle_due", "due_on"],
        previous=complaint.status,
        at=now,
        action=Action.EXTEND,
        days=days,
        approver=approver.strip(),
        note=f"延期 {days} {unit}，办理时限至 {complaint.handle_due:%Y-%m-%d}。{reason.strip()}",
    )


@transaction.atomic
def complaint_pause(*, complaint: Complaint, user, reason: str, at: dt.datetime | None = None) -> Complaint:
    """中止 while a product is tested, inspected or appraised: the handling deadline stops running."""
    complaint = _locked(complaint, user)
    if complaint.status not in HANDLING_STATUSES or complaint.paused_since:
        raise ValidationError({"to": f"工单 {complaint} 当前不能中止。"})
    if not reason.strip():
        raise ValidationError({"reason": f"工单 {complaint}：中止须写明理由（检验、检测或鉴定的事项）。"})
    now = at or timezone.now()
    complaint.paused_since, complaint.due_on = timezone.localdate(now), None
    return _record(
        complaint,
        user=user,
        fields=["paused_since", "due_on"],
        previous=complaint.status,
        at=now,
        action=Action.PAUSE,
        note=reason.strip(),
    )


@transaction.atomic
def complaint_resume(
    *, complaint: Complaint, user, note: str = "", at: dt.datetime | None = None
) -> Complaint:
    """恢复办理 after a pause: the paused days are added to the handling deadline."""
    complaint = _locked(complaint, user)
    if not complaint.paused_since:
        raise ValidationError({"to": f"工单 {complaint} 没有中止，无需恢复。"})
    now = at or timezone.now()
    if timezone.localdate(now) < complaint.paused_since:
        raise ValidationError({"to": "恢复日期不能早于中止日期。"})
    paused = (timezone.localdate(now) - complaint.paused_since).days
    complaint.paused_since = None
    # The resume step is written first, so the deadline below counts this pause.
    Transition.objects.create(
        complaint=complaint,
        from_status=complaint.status,
        to_status=complaint.status,
        user=user,
        at=now,
        action=Action.RESUME,
        days=paused,
        note=note.strip(),
    )
    complaint.handle_due = complaint.due_on = _handle_due(complaint)
    complaint.full_clean()
    complaint._history_user = user  # type: ignore[attr-defined]
    complaint.save(update_fields=["paused_since", "handle_due", "due_on"])
    return complaint


@transaction.atomic
def complaint_supervise(*, complaint: Complaint, user, note: str, at: dt.datetime | None = None) -> Complaint:
    """督办: the office flags an open order for supervision, with what it asks of the handlers."""
    if not policy.allowed(user, "complaints.supervise"):
        raise PermissionDenied("只有领导小组办公室可以督办工单。")
    complaint = _locked(complaint, user)
    if complaint.status not in OPEN_STATUSES:
        raise ValidationError({"to": f"工单 {complaint} 已{complaint.get_status_display()}，无需督办。"})
    if not note.strip():
        raise ValidationError({"note": "请写明督办意见。"})
    complaint.supervised = True
    return _record(
        complaint,
        user=user,
        fields=["supervised"],
        previous=complaint.status,
        at=at or timezone.now(),
        action=Action.SUPERVISE,
        note=note.strip(),
    )


@transaction.atomic
def complaint_visit(
    *,
    complaint: Complaint,
    user,
    visited_on: dt.date | None,
    visit_way: str,
    satisfaction: str,
    note: str = "",
    at: dt.datetime | None = None,
) -> Complaint:
    """回访 a closed order; 不满意 sends it back for 重办 once (the second 不满意 stays on record)."""
    complaint = _locked(complaint, user)
    if complaint.status != Status.CLOSED or complaint.visited_on:
        raise ValidationError(
            {"to": f"工单 {complaint} 当前为“{complaint.get_status_display()}”，办结后才能回访一次。"}
        )
    if visit_way not in VisitWay.values or satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": f"工单 {complaint}：请选择回访方式和回访结果。"})
    if visited_on is None:
        raise ValidationError({"visited_on": "请填写回访日期。"})
    if visited_on > timezone.localdate() or visited_on < timezone.localdate(complaint.closed_at):
        raise ValidationError({"visited_on": "回访日期应在办结之后、不晚于今天。"})
    now = at or timezone.now()
    complaint.visited_on, complaint.visit_way, complaint.satisfaction = visited_on, visit_way, satisfaction
    fields = ["visited_on", "visit_way", "satisfaction"]
    label = f"{VisitWay(visit_way).label}回访：{Satisfaction(satisfaction).label}"
    _record(
        complaint,
        user=user,
        fields=fields,
        previous=complaint.status,
        at=now,
        action=Action.VISIT,
        note=f"{label}；{note.strip()}" if note.strip() else label,
    )
    if satisfaction == Satisfaction.DISSATISFIED and complaint.reopen_count == 0:
        complaint.status = Status.ASSIGNED
        complaint.reopen_count, complaint.reopened_at, complaint.extension_days = 1, now, 0
        complaint.handled_at = complaint.closed_at = None
        complaint.visited_on, complaint.visit_way, complaint.satisfaction = None, "", ""
        complaint.handle_due = complaint.due_on = _handle_due(complaint, pauses=[])
        _record(
            complaint,
            user=user,
            fields=[
                *fields,
                "status",
                "reopen_count",
                "reopened_at",
                "extension_days",
                "handled_at",
                "closed_at",
                "handle_due",
                "due_on",
            ],
            previous=Status.CLOSED,
            at=now,
            action=Action.REOPEN,
            note=f"回访不满意，退回重办，办理时限至 {complaint.handle_due:%Y-%m-%d}。",
        )
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
    table = limit_table()
    longest = max(
        max(limit.accept_days, limit.handle_days + limit.extension_max_days)
        for limits in table.values()
        for limit in limits
    )
    exceptions = workdays.calendar_exceptions(
        since - dt.timedelta(days=workdays.window(longest)),
        max(c.due_on for c in pending if c.due_on) + dt.timedelta(days=workdays.window(longest)),
    )
    pauses = pauses_of([c for c in pending if c.status != Status.RECEIVED])
    changed = []
    for complaint in pending:
        before = complaint.due_on
        if complaint.status == Status.RECEIVED:
            complaint.accept_due = complaint.due_on = _accept_due(complaint, exceptions, table)
        else:
            complaint.handle_due = complaint.due_on = _handle_due(
                complaint, exceptions, table, pauses.get(complaint.pk, [])
            )
        if complaint.due_on != before:
            changed.append(complaint)
    bulk_update_with_history(
        changed, Complaint, ["accept_due", "handle_due", "due_on"], batch_size=1000, default_user=user
    )
    return len(changed)


def _calendar_allowed(user) -> None:
    if not policy.allowed(user, "complaints.calendar"):
        raise PermissionDenied("您的角色无权修改节假日日历。")


@transaction.atomic
def calendar_day_save(*, day: CalendarDay, user) -> CalendarDay:
    """Save a holiday or make-up working day and move the pending deadlines it affects."""
    _calendar_allowed(user)
    day.full_clean()
    day._history_user = user  # type: ignore[attr-defined]
    day.save()
    deadlines_refresh(since=day.date, user=user)
    return day


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay, user) -> None:
    """Remove a calendar entry (the day follows the weekday rule again) and move the deadlines it affects."""
    _calendar_allowed(user)
    day._history_user = user  # type: ignore[attr-defined]
    date = day.date
    day.delete()
    deadlines_refresh(since=date, user=user)


@transaction.atomic
def calendar_sync(*, user=None, years: list[int] | None = None) -> list[int]:
    """Enter the years chinese-calendar knows and the table does not; returns them. Office edits are kept."""
    entered = set(CalendarYear.objects.values_list("year", flat=True))
    missing = [year for year in years or holidays.library_years() if year not in entered]
    if not missing:
        return []
    existing = set(CalendarDay.objects.filter(date__year__in=missing).values_list("date", flat=True))
    days = [
        CalendarDay(date=day.date, is_working_day=day.is_working_day, name=day.name)
        for year in missing
        for day in holidays.library_days(year)
        if day.date not in existing
    ]
    bulk_create_with_history(days, CalendarDay, batch_size=1000, default_user=user)
    bulk_create_with_history(
        [CalendarYear(year=year, source=holidays.LIBRARY) for year in missing],
        CalendarYear,
        default_user=user,
    )
    return missing


def calendar_differences(year: int) -> list[str]:
    """How the table's year differs from chinese-calendar's (office corrections, or a library that was wrong)."""
    library = {day.date: day.is_working_day for day in holidays.library_days(year)}
    table = dict(CalendarDay.objects.filter(date__year=year).values_list("date", "is_working_day"))
    words = {True: "上班", False: "放假", None: "按周一至周五"}
    return [
        f"{date:%Y-%m-%d}：日历表{words[table.get(date)]}，chinese-calendar {words[library.get(date)]}"
        for date in sorted(library.keys() | table.keys())
        if table.get(date) != library.get(date)
    ]


@transaction.atomic
def calendar_year_enter(*, year: int, source: str, notice: str, user) -> CalendarYear:
    """Enter (or re-enter) a year from the State Council's notice: its days replace the year's, with history.

    Raises ValidationError naming each wrong line of the notice. The pending deadlines that reach the year move.
    """
    _calendar_allowed(user)
    try:
        days = holidays.parse_notice(notice, year)
    except holidays.NoticeError as exc:
        raise ValidationError({"notice": exc.errors}) from exc
    record = CalendarYear.objects.filter(year=year).first() or CalendarYear(year=year)
    record.source, record.notice = source.strip(), notice.strip()
    record.full_clean()
    record._history_user = user  # type: ignore[attr-defined]
    record.save()
    wanted = {day.date: day for day in days}
    for old in CalendarDay.objects.filter(date__year=year).exclude(date__in=list(wanted)):
        old._history_user = user  # type: ignore[attr-defined]
        old.delete()
    kept = {d.date: d for d in CalendarDay.objects.filter(date__in=list(wanted))}
    for date, day in wanted.items():
        row = kept.get(date) or CalendarDay(date=date)
        if row.pk and (row.is_working_day, row.name) == (day.is_working_day, day.name):
            continue
        row.is_working_day, row.name = day.is_working_day, day.name
        row._history_user = user  # type: ignore[attr-defined]
        row.save()
    deadlines_refresh(since=min(dt.date(year, 1, 1), *wanted), user=user)
    return record


def complaint_step(*, complaint: Complaint, to: str, user, **data) -> Complaint:
    """One step from the web or the API: a status (`to` a Status) or an action on the timeline (`to` an Action).

    Each service gets only what its step takes; empty inputs become the service's "not given".
    """
    steps: dict[str, tuple[Any, dict[str, Any]]] = {
        Action.EXTEND: (complaint_extend, {"days": None, "reason": "", "approver": ""}),
        Action.PAUSE: (complaint_pause, {"reason": ""}),
        Action.RESUME: (complaint_resume, {"note": ""}),
        Action.SUPERVISE: (complaint_supervise, {"note": ""}),
        Action.VISIT: (
            complaint_visit,
            {"visited_on": None, "visit_way": "", "satisfaction": "", "note": ""},
        ),
    }
    if to in steps:
        service, params = steps[to]
        kwargs = {
            name: default if data.get(name) in (None, "") else data[name] for name, default in params.items()
        }
    else:
        service = complaint_transition
        names = ("reason", "department", "region", "assigned_region", "outcome", "note")
        kwargs = {"to": to, **{name: data[name] for name in names if data.get(name) not in (None, "")}}
    if data.get("at"):
        kwargs["at"] = data["at"]
    return service(complaint=complaint, user=user, **kwargs)


@transaction.atomic
def handling_limit_save(*, limit: HandlingLimit, user) -> HandlingLimit:
    """Save a hotline's limits under a rule; the pending deadlines of complaints received since then move."""
    if not policy.allowed(user, "reference.change"):
        raise PermissionDenied("您的角色无权修改办理时限。")
    limit.full_clean()
    limit._history_user = user  # type: ignore[attr-defined]
    limit.save()
    deadlines_refresh(since=limit.effective_from, user=user)
    return limit
