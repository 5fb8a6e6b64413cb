"""Assessment stages with a date: a county's target filing, self-assessment and rectification report when
due; the office's filings to accept and self-assessments to review in their stage."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from accounts import policy
from assessments.choices import AssessmentStatus, FilingStatus, Stage
from assessments.models import Assessment
from core import todo


def _item(label: str, assessment: Assessment, due: dt.date | None, today: dt.date) -> todo.Todo:
    url = assessment.get_absolute_url()
    late = due is not None and today > due
    return todo.Todo(label, url, due=due, urgent=late, area="考核")


@todo.source
def assessment_steps(user, today: dt.date):
    office = policy.allowed(user, "assessments.manage")
    county = policy.allowed(user, "assessments.self_assess")
    if not office and not county:
        return
    scheme_in = Q(scheme__stage=Stage.TARGET_FILING) | Q(scheme__stage=Stage.SELF_ASSESSMENT)
    if office:
        scheme_in |= Q(scheme__stage=Stage.REVIEW)
    assessments = (
        Assessment.objects.for_user(user, "change")
        .filter(scheme_in | Q(rectification_required=True, rectification_submitted_at__isnull=True))
        .select_related("scheme", "region")
    )
    for a in assessments:
        scheme, stage = a.scheme, a.scheme.stage
        if county:
            if stage == Stage.TARGET_FILING and a.filing_status == FilingStatus.PENDING:
                yield _item(f"报送{scheme.year}年度质量目标备案", a, scheme.filing_due, today)
            if stage == Stage.SELF_ASSESSMENT and a.status == AssessmentStatus.PENDING:
                yield _item(f"完成并提交{scheme.year}年度考核自评", a, scheme.self_assessment_due, today)
            if a.rectification_required and not a.rectification_submitted_at:
                yield _item(f"提交{scheme.year}年度考核整改报告", a, a.rectification_due, today)
        if office:
            if stage == Stage.TARGET_FILING and a.filing_status == FilingStatus.SUBMITTED:
                yield _item(f"备案{a.region}{scheme.year}年度质量目标", a, scheme.filing_due, today)
            if stage == Stage.REVIEW and a.status == AssessmentStatus.SUBMITTED:
                yield _item(f"书面审核{a.region}{scheme.year}年度自评", a, scheme.review_due, today)
