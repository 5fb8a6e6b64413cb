"""Writes of the yearly action plan: the office's plan and items, the lead units' progress reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import policy
from plans.models import Plan, PlanItem, PlanProgress


def _require(user, capability: str) -> None:
    if not policy.allowed(user, capability):
        raise PermissionDenied("您的角色无权执行此操作。")


@transaction.atomic
def plan_save(*, plan: Plan, user) -> Plan:
    """Save a year's plan (the office)."""
    _require(user, "plans.manage")
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_item_save(
    *, item: PlanItem, user, supporting_departments: Iterable = (), supporting_regions: Iterable = ()
) -> PlanItem:
    """Save an item of a plan with its supporting departments and counties (the office)."""
    _require(user, "plans.manage")
    item.full_clean()
    item.save()
    item.supporting_departments.set(supporting_departments)
    item.supporting_regions.set(supporting_regions)
    return item


@transaction.atomic
def plan_progress_report(
    *, item: PlanItem, user, status: str, text: str, evidence=None, reported_on: dt.date | None = None
) -> PlanProgress:
    """The item's lead unit (a department or a county; or the office for it) reports progress with evidence;
    the item's 进展 becomes this report."""
    _require(user, "plans.report")
    if not policy.can(user, policy.CHANGE, item):
        raise PermissionDenied(f"只有牵头单位（{item.lead_name}）可以报告这项任务的进展。")
    report = PlanProgress(
        item=item, status=status, text=text, reported_on=reported_on or timezone.localdate(), reported_by=user
    )
    if evidence:
        report.evidence = evidence
        report.evidence_name = evidence.name[:200]
    report.full_clean()
    report.save()
    item.status, item.progress = status, text
    item.save(update_fields=["status", "progress"])
    return report
