"""Writes of satisfaction surveys."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts import policy
from surveys.models import Survey


@transaction.atomic
def survey_save(*, survey: Survey, user, report=None) -> Survey:
    """Save a survey (new or changed) for a unit the user may enter surveys for; `report` replaces its file."""
    if not policy.can_change_in(user, Survey, region=survey.region_id, department=survey.department_id):
        raise PermissionDenied(f"无权以{survey.department}的名义登记满意度测评。")
    # `can` reads the stored row: the scope it had before this change.
    if survey.pk and not policy.can(user, policy.CHANGE, survey):
        raise PermissionDenied("无权修改这项满意度测评。")
    if report:
        survey.report = report
        survey.report_name = report.name[:200]
    survey.full_clean()
    survey.save()
    return survey
