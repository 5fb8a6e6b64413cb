"""Writes to the registers: the unit a row belongs to, the row rules, and the scope check, in one place."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts import policy
from accounts.choices import Role
from core.models import PortalModel
from foundations.models import (
    Agency,
    CultureEvent,
    CultureEvidence,
    MarketExit,
    MetrologyRecord,
    QualityStaff,
    Standard,
)
from organizations.models import Department

Register = Standard | Agency | MetrologyRecord | QualityStaff | CultureEvent | MarketExit


def register_departments(model: type[PortalModel]):
    """The member units that may enter rows of a register, in the policy's order of mention (质监局 first)."""
    codes = policy.REGISTER_DEPARTMENTS[model._meta.label_lower]
    return Department.objects.filter(code__in=codes).order_by("sort_order")


def default_department(model: type[PortalModel], user) -> Department:
    """Whose row a new one is: a unit's staff enter their own; the office enters for the register's first unit."""
    if policy.role_of(user) == Role.DEPARTMENT:
        return user.department
    return register_departments(model).first()


@transaction.atomic
def register_save(*, obj: Register, user) -> Register:
    """Save a register row after its rules; the row's unit must enter that register and the user may change it."""
    model = type(obj)
    if not policy.can_add(user, model):
        raise PermissionDenied(f"您无权录入{model._meta.verbose_name}。")
    if obj.department_id is None:
        obj.department = default_department(model, user)
    if obj.department.code not in policy.REGISTER_DEPARTMENTS[model._meta.label_lower]:
        names = "、".join(d.short_name for d in register_departments(model))
        raise ValidationError({"department": f"{model._meta.verbose_name}由{names}录入。"})
    region = getattr(obj, "region", None) or getattr(getattr(obj, "enterprise", None), "region", None)
    if not policy.can_change_in(user, model, region=region, department=obj.department):
        raise PermissionDenied(f"您无权录入该单位的{model._meta.verbose_name}。")
    obj.full_clean()
    obj._history_user = user  # type: ignore[union-attr]
    obj.save()
    return obj


@transaction.atomic
def evidence_add(*, event: CultureEvent, file, user) -> CultureEvidence:
    """Attach an evidence file to an event the user may change (size and type checked by the field)."""
    if not policy.can(user, policy.CHANGE, event):
        raise PermissionDenied("您无权为该活动上传佐证。")
    evidence = CultureEvidence(event=event, file=file, name=file.name[:200])
    evidence.full_clean()
    evidence._history_user = user  # type: ignore[attr-defined]
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: CultureEvidence, user) -> None:
    if not policy.can(user, policy.CHANGE, evidence.event):
        raise PermissionDenied("您无权删除该佐证。")
    evidence.file.delete(save=False)
    evidence.delete()
