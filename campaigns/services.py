"""Writes of campaigns and their cases."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts import policy
from campaigns.models import Campaign, Case


@transaction.atomic
def campaign_save(*, campaign: Campaign, user, supporting: Iterable = (), regions: Iterable = ()) -> Campaign:
    """Save a campaign led by a department the user may act for, with its supporting units and counties."""
    if not policy.can_change_in(user, Campaign, department=campaign.lead_id):
        raise PermissionDenied(f"无权以{campaign.lead}的名义组织专项行动。")
    # `can` reads the stored row: the scope it had before this change.
    if campaign.pk and not policy.can(user, policy.CHANGE, campaign):
        raise PermissionDenied("无权修改这项专项行动。")
    campaign.full_clean()
    campaign.save()
    campaign.supporting.set(supporting)
    campaign.regions.set(regions)
    return campaign


@transaction.atomic
def case_save(*, case: Case, user) -> Case:
    """Save a case in a county the user files cases for (or under a campaign their department leads)."""
    department = case.campaign.lead_id if case.campaign_id else None
    if not policy.allowed(user, "campaigns.enter_cases") or not policy.can_change_in(
        user, Case, region=case.region_id, department=department
    ):
        raise PermissionDenied("无权在该县区登记这项行动的案件。")
    # `can` reads the stored row: the scope it had before this change.
    if case.pk and not policy.can(user, policy.CHANGE, case):
        raise PermissionDenied("无权修改这起案件。")
    case.full_clean()
    case.save()
    return case
