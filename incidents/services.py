"""Writes with rules: recording incidents, 责任追究, attachments, and lifting an incident's veto with a reason."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import policy
from core import vetoes
from incidents.models import Accountability, Attachment, Incident
from organizations.choices import RegionKind

LIFT = "incidents.lift_veto"


def _require_change(user, obj) -> None:
    if user is not None and not policy.can(user, policy.CHANGE, obj):
        raise PermissionDenied(f"无权修改“{obj}”。")


def _veto_changed(incident: Incident, before: tuple[int, dt.date] | None = None) -> None:
    """Tell the assessments, in the same transaction, which county and day may have gained or lost a veto."""
    places = {(incident.region_id, incident.occurred_on)}
    if before is not None:
        places.add(before)
    for region_id, day in places:
        vetoes.changed(region_id, day)


@transaction.atomic
def incident_save(*, incident: Incident, user=None) -> Incident:
    """Record or correct an incident; a veto it starts or ends reaches the county's assessment at once."""
    if incident.occurred_on and incident.occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": "发生日期不能晚于今天。"})
    if incident.region_id and incident.region.kind == RegionKind.CITY:
        raise ValidationError({"region": "请选择事件发生的县区。"})
    before: tuple[int, dt.date] | None = None
    if incident.pk is not None:
        before = Incident.objects.filter(pk=incident.pk).values_list("region_id", "occurred_on").first()
    incident.full_clean()
    incident._history_user = user  # type: ignore[attr-defined]
    incident.save()
    _require_change(user, incident)
    _veto_changed(incident, before)
    return incident


@transaction.atomic
def incident_veto_lift(*, incident: Incident, reason: str, user) -> Incident:
    """The office lifts an incident's veto of its county's assessment; the reason is kept with the history."""
    if not policy.allowed(user, LIFT):
        raise PermissionDenied("只有领导小组办公室可以解除一票否决。")
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not incident.vetoes:
        raise ValidationError("该事件不是区域性或系统性事件，不触发一票否决。")
    if incident.veto_lifted_at is not None:
        raise ValidationError("该事件的一票否决已经解除。")
    if not reason.strip():
        raise ValidationError("解除一票否决须写明理由。")
    incident.veto_lifted_at = timezone.now()
    incident.veto_lifted_by = user
    incident.veto_lift_reason = reason.strip()
    incident._history_user = user  # type: ignore[attr-defined]
    incident._change_reason = f"解除一票否决：{incident.veto_lift_reason}"  # type: ignore[attr-defined]
    incident.save(update_fields=["veto_lifted_at", "veto_lifted_by", "veto_lift_reason"])
    _veto_changed(incident)
    return incident


@transaction.atomic
def accountability_save(*, accountability: Accountability, user=None) -> Accountability:
    _require_change(user, accountability.incident)
    accountability.full_clean()
    accountability._history_user = user  # type: ignore[attr-defined]
    accountability.save()
    return accountability


@transaction.atomic
def attachment_add(*, incident: Incident, file, user) -> Attachment:
    """Attach a file to an incident the user may change."""
    _require_change(user, incident)
    attachment = Attachment(incident=incident, file=file, name=file.name[:200], uploaded_by=user)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def incident_delete(*, incident: Incident, user) -> None:
    """Remove an incident recorded in error; a veto it caused ends with it."""
    _require_change(user, incident)
    place = (incident.region_id, incident.occurred_on)
    incident._history_user = user  # type: ignore[attr-defined]
    incident.delete()
    vetoes.changed(*place)
