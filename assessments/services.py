"""Every write of the assessment cycle: schemes, target filing, self-assessment, review, 合理缺项, verification
draw, results, rectification and 约谈, reports. The arithmetic (rounding, re-basing) is `assessments.scoring`."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts import policy
from assessments import reports, selectors
from assessments.choices import (
    STAGE_ORDER,
    AssessmentStatus,
    FilingStatus,
    Grade,
    ReportKind,
    Scoring,
    Stage,
)
from assessments.models import (
    Assessment,
    Evidence,
    FiledTarget,
    Interview,
    Item,
    ItemGroup,
    ItemScore,
    Scheme,
    VerificationDraw,
)
from assessments.scoring import add_months, rebased_total
from core import vetoes
from core.jobs import job_enqueue
from core.models import Job
from core.periods import Period
from organizations.models import Region

MANAGE = "assessments.manage"


def _require(user, capability: str) -> None:
    if not policy.allowed(user, capability):
        raise PermissionDenied("您的角色无权执行此操作。")


def _require_change(user, obj) -> None:
    if not policy.can(user, policy.CHANGE, obj):
        raise PermissionDenied(f"无权修改“{obj}”。")


def _record_user(obj, user) -> None:
    """Name the user in the history record even outside a request (API client, shell, demo loader)."""
    obj._history_user = user


def _require_stage(scheme: Scheme, stage: str, doing: str) -> None:
    if scheme.stage != stage:
        raise ValidationError(
            f"{scheme.year}年度考核处于“{scheme.get_stage_display()}”阶段，不能{doing}"
            f"（须在“{Stage(stage).label}”阶段）。"
        )


# --- the scheme ----------------------------------------------------------------------------------------


@transaction.atomic
def scheme_save(*, scheme: Scheme, user) -> Scheme:
    """Create or change a scheme's dates, bands and counts; an announced year is closed."""
    _require(user, MANAGE)
    if scheme.pk and Scheme.objects.get(pk=scheme.pk).stage == Stage.ANNOUNCED:
        raise ValidationError(f"{scheme.year}年度考核结果已公布，方案不能再修改。")
    scheme.full_clean()
    scheme.save()
    return scheme


TEMPLATE = Path(__file__).parent / "data" / "scheme_template.json"


@transaction.atomic
def scheme_create(*, year: int, user, title: str = "", from_template: bool = True) -> Scheme:
    """A new year's scheme with the national method's dates (国办发〔2013〕47号: the year 1 July to 30 June,
    targets filed by the 30 June before it, self-assessment by the 15 July after it; the later deadlines in
    the autumn), and the template's groups and items (`data/scheme_template.json`) unless asked for an empty one."""
    _require(user, MANAGE)
    start, end = Scheme.default_period(year)
    scheme = Scheme(
        year=year,
        title=title or f"{year}年度县区政府质量工作考核方案",
        period_start=start,
        period_end=end,
        filing_due=start - dt.timedelta(days=1),
        self_assessment_due=end + dt.timedelta(days=15),
        review_due=end + dt.timedelta(days=61),
        verification_due=end + dt.timedelta(days=91),
        approval_due=end + dt.timedelta(days=111),
    )
    scheme_save(scheme=scheme, user=user)
    if from_template:
        _add_template_items(scheme, json.loads(TEMPLATE.read_text(encoding="utf-8"))["groups"], user)
    return scheme


def _add_template_items(scheme: Scheme, groups: list[dict], user, parent: ItemGroup | None = None) -> None:
    for order, spec in enumerate(groups, start=1):
        group = ItemGroup.objects.create(
            scheme=scheme, parent=parent, name=spec["name"], points=spec["points"], sort_order=order * 10
        )
        _add_template_items(scheme, spec.get("children", []), user, parent=group)
        items = []
        for item_order, item in enumerate(spec.get("items", []), start=1):
            items.append(Item(scheme=scheme, group=group, sort_order=item_order, **item))
        for item in items:
            item.full_clean()
        bulk_create_with_history(items, Item, default_user=user)


def scheme_require_draft(scheme: Scheme) -> None:
    """Groups and items change only while the scheme is a draft (the edit pages check it before showing a form)."""
    if scheme.stage != Stage.DRAFT:
        raise ValidationError(f"{scheme.year}年度方案已发布，考核项目不能再修改。")


@transaction.atomic
def scheme_part_save(*, part: ItemGroup | Item, user) -> ItemGroup | Item:
    """Add or change a group or an item; only while the scheme is a draft."""
    _require(user, MANAGE)
    scheme_require_draft(part.scheme)
    part.full_clean()
    part.save()
    return part


@transaction.atomic
def item_delete(*, item: Item, user) -> None:
    _require(user, MANAGE)
    scheme_require_draft(item.scheme)
    item.delete()


@transaction.atomic
def scheme_copy(*, source: Scheme, year: int, user) -> Scheme:
    """Start a year's scheme from another one: same groups, items and rules, dates moved by the years between."""
    _require(user, MANAGE)
    if Scheme.objects.filter(year=year).exists():
        raise ValidationError(f"{year}年度考核方案已存在。")
    shift = year - source.year

    def moved(day):
        try:
            return day.replace(year=day.year + shift)
        except ValueError:  # 29 February
            return day.replace(year=day.year + shift, day=28)

    scheme = Scheme(
        year=year,
        title=source.title.replace(str(source.year), str(year)),
        period_start=moved(source.period_start),
        period_end=moved(source.period_end),
        filing_due=moved(source.filing_due),
        self_assessment_due=moved(source.self_assessment_due),
        review_due=moved(source.review_due),
        verification_due=moved(source.verification_due),
        approval_due=moved(source.approval_due),
        grade_a_min=source.grade_a_min,
        grade_b_min=source.grade_b_min,
        grade_c_min=source.grade_c_min,
        verification_count=source.verification_count,
        rectification_count=source.rectification_count,
        rectification_months=source.rectification_months,
        notes=source.notes,
        copied_from=source,
    )
    scheme.full_clean()
    scheme.save()
    new_groups: dict[int | None, ItemGroup] = {}
    # Parents first (ordering puts them in sort order; a parent's sort order is below its children's).
    for group in sorted(source.groups.all(), key=lambda g: g.parent_id is not None):
        new_groups[group.pk] = ItemGroup.objects.create(
            scheme=scheme,
            parent=new_groups.get(group.parent_id),
            name=group.name,
            points=group.points,
            sort_order=group.sort_order,
        )
    items = []
    for item in source.items.all():
        fields = {
            f.name: getattr(item, f.name)
            for f in Item._meta.concrete_fields
            if f.name not in ("id", "scheme", "group")
        }
        items.append(Item(scheme=scheme, group=new_groups[item.group_id], **fields))
    bulk_create_with_history(items, Item, default_user=user)
    return scheme


def scheme_problems(scheme: Scheme) -> list[str]:
    """What keeps a draft scheme from being published: points that do not add up, items in the wrong place."""
    problems = []
    groups = list(scheme.groups.prefetch_related("items", "children"))
    tops = [g for g in groups if g.parent_id is None]
    if not tops:
        return ["方案还没有考核项目分组。"]
    total = sum(g.points for g in tops)
    if total != 100:
        problems.append(f"一级分组分值合计 {total} 分，应为 100 分。")
    for group in groups:
        children = list(group.children.all())
        items = list(group.items.all())
        if children and items:
            problems.append(f"分组“{group}”既有下级分组又有考核项目，项目应放在下级分组中。")
        if children and sum(c.points for c in children) != group.points:
            problems.append(
                f"分组“{group}”分值 {group.points} 分，下级分组合计 {sum(c.points for c in children)} 分。"
            )
        if not children and sum(i.max_points for i in items) != group.points:
            problems.append(
                f"分组“{group}”分值 {group.points} 分，考核项目合计 {sum(i.max_points for i in items)} 分。"
            )
    return problems


def _publish(scheme: Scheme, user) -> None:
    problems = scheme_problems(scheme)
    if problems:
        raise ValidationError(problems)
    regions = list(Region.objects.counties())
    assessments = bulk_create_with_history(
        [Assessment(scheme=scheme, region=region) for region in regions], Assessment, default_user=user
    )
    # Reload: bulk_create does not return primary keys on every backend.
    assessments = list(Assessment.objects.filter(scheme=scheme))
    items = list(scheme.items.select_related("group__parent"))
    bulk_create_with_history(
        [ItemScore(assessment=a, item=i) for a in assessments for i in items], ItemScore, default_user=user
    )
    bulk_create_with_history(
        [FiledTarget(assessment=a, item=i) for a in assessments for i in items if i.is_target],
        FiledTarget,
        default_user=user,
    )
    vetoes_sync(scheme)


@transaction.atomic
def auto_scores_refresh(*, scheme: Scheme, user) -> int:
    """Read the current statistics into the automatic items; a self score still blank starts from it.

    Each item reads the latest complete period inside the assessment window (`selectors.item_measures`); an
    item the statistics give nothing for stays unscored, never 0.
    """
    _require(user, MANAGE)
    if scheme.stage not in (Stage.SELF_ASSESSMENT, Stage.REVIEW):
        raise ValidationError(
            f"{scheme.year}年度考核处于“{scheme.get_stage_display()}”阶段：自动得分在县区自评和书面审核阶段读取。"
        )
    scores = list(
        ItemScore.objects.filter(assessment__scheme=scheme, item__scoring=Scoring.AUTO).select_related(
            "item", "assessment"
        )
    )
    items = {s.item_id: s.item for s in scores}
    region_ids = sorted({s.assessment.region_id for s in scores})
    measures = selectors.item_measures(scheme, list(items.values()), region_ids)
    for score in scores:
        measure = measures.get((score.item_id, score.assessment.region_id), selectors.Measure(None))
        score.measured_value = measure.value
        score.measured_status = measure.status
        score.measured_period = measure.period
        score.auto_score = score.item.points_for(measure.value, measure.status)
        pending = score.assessment.status == AssessmentStatus.PENDING
        if score.self_score is None and pending and not score.excluded:
            score.self_score = score.auto_score
    bulk_update_with_history(
        scores,
        ItemScore,
        ["measured_value", "measured_status", "measured_period", "auto_score", "self_score"],
        default_user=user,
    )
    for assessment in {s.assessment_id: s.assessment for s in scores}.values():
        _update_totals(assessment)
    return len(scores)


# --- the cycle ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreEntry:
    """One row of a scoring form: the item score it is for and what was entered."""

    item_score_id: int
    score: Decimal | None
    note: str = ""
    veto: bool = False


def _apply_entries(
    assessment: Assessment, entries: list[ScoreEntry], fields: tuple[str, str], user, allow_veto: bool
) -> list[ItemScore]:
    """Check each entry against its item's maximum and write the scores with their history."""
    scores = {s.pk: s for s in assessment.scores.select_related("item")}
    errors = []
    changed = []
    score_field, note_field = fields
    for entry in entries:
        score = scores.get(entry.item_score_id)
        if score is None:
            errors.append(f"第 {entry.item_score_id} 条得分不属于“{assessment}”。")
            continue
        item = score.item
        value = None if item.scoring == Scoring.VETO else entry.score
        if value is not None and not (0 <= value <= item.max_points):
            errors.append(f"“{item.name}”：得分 {value} 超出 0–{item.max_points} 分。")
            continue
        if value is not None and score.excluded:
            errors.append(f"“{item.name}”已认定为合理缺项，不计分。")
            continue
        # No data is no score: a county does not score itself where the statistics are silent, and the
        # office scores such an item only on the record, with its reason.
        if value is not None and score.lacks_data and score_field == "self_score":
            errors.append(
                f"“{item.name}”没有统计数据，不能自评打分：请办公室补录数据后重新读取，或认定为合理缺项。"
            )
            continue
        if value is not None and score.lacks_data and not entry.note.strip():
            errors.append(f"“{item.name}”没有统计数据，打分须写明依据。")
            continue
        setattr(score, score_field, value)
        setattr(score, note_field, entry.note)
        if allow_veto and item.scoring == Scoring.VETO and not item.veto_source:
            # A veto found by hand (弄虚作假) needs the facts it rests on; a register's veto is not ticked here.
            if entry.veto and not entry.note.strip():
                errors.append(f"“{item.name}”：认定一票否决须写明事实和理由。")
                continue
            score.veto_triggered = entry.veto
        if item.veto_source:
            continue  # decided by its register (`vetoes_sync`), never by the form
        changed.append(score)
    if errors:
        raise ValidationError(errors)
    update = [score_field, note_field, *(["veto_triggered"] if allow_veto else [])]
    bulk_update_with_history(changed, ItemScore, update, default_user=user)
    return changed


def _missing(assessment: Assessment, field: str) -> list[str]:
    """Items still unscored in `field`; a county's self-assessment does not wait for items without data."""
    unscored = (
        assessment.scores.filter(**{f"{field}__isnull": True}, excluded=False)
        .exclude(item__scoring=Scoring.VETO)
        .select_related("item")
    )
    return [s.item.name for s in unscored if not (field == "self_score" and s.lacks_data)]


# --- target filing (目标备案) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FilingEntry:
    """One row of the filing form: the filed target it is for, the target in words and its value."""

    filed_target_id: int
    statement: str
    value: Decimal | None = None


def _lock_for_filing(assessment: Assessment, user) -> None:
    _require_change(user, assessment)
    if not (policy.allowed(user, "assessments.self_assess") or policy.allowed(user, MANAGE)):
        raise PermissionDenied("您的角色无权报送目标备案。")
    _require_stage(assessment.scheme, Stage.TARGET_FILING, "报送目标备案")
    if assessment.filing_status != FilingStatus.PENDING:
        raise ValidationError(f"{assessment}的目标已报送，不能再修改。")


@transaction.atomic
def target_filing_save(*, assessment: Assessment, entries: list[FilingEntry], user) -> Assessment:
    """A county's targets for the year, each in words with its value where it has one."""
    _lock_for_filing(assessment, user)
    targets = {t.pk: t for t in assessment.filed_targets.select_related("item")}
    errors, changed = [], []
    for entry in entries:
        target = targets.get(entry.filed_target_id)
        if target is None:
            errors.append(f"第 {entry.filed_target_id} 条目标不属于“{assessment}”。")
            continue
        target.statement, target.value = entry.statement.strip(), entry.value
        changed.append(target)
    if errors:
        raise ValidationError(errors)
    for target in changed:
        target.full_clean()
    bulk_update_with_history(changed, FiledTarget, ["statement", "value"], default_user=user)
    return assessment


@transaction.atomic
def target_filing_submit(*, assessment: Assessment, user) -> Assessment:
    """Send the targets to the office for filing; every target item needs its target first."""
    _lock_for_filing(assessment, user)
    blank = assessment.filed_targets.filter(statement="").select_related("item")
    if blank:
        raise ValidationError(f"以下目标尚未填写：{'、'.join(t.item.name for t in blank)}。")
    assessment.filing_status = FilingStatus.SUBMITTED
    assessment.filing_submitted_at = timezone.now()
    _record_user(assessment, user)
    assessment.save(update_fields=["filing_status", "filing_submitted_at"])
    return assessment


def _lock_for_filing_decision(assessment: Assessment, user, doing: str) -> Assessment:
    _require(user, MANAGE)
    assessment = (
        Assessment.objects.select_for_update().select_related("scheme", "region").get(pk=assessment.pk)
    )
    _require_stage(assessment.scheme, Stage.TARGET_FILING, doing)
    if assessment.filing_status != FilingStatus.SUBMITTED:
        raise ValidationError(f"{assessment}的目标{assessment.get_filing_status_display()}，不能{doing}。")
    return assessment


@transaction.atomic
def target_filing_accept(*, assessment: Assessment, user) -> Assessment:
    """The office files a county's submitted targets (备案): they are what the county is assessed against."""
    assessment = _lock_for_filing_decision(assessment, user, "备案")
    assessment.filing_status = FilingStatus.FILED
    assessment.filed_at = timezone.now()
    assessment.filed_by = user
    _record_user(assessment, user)
    assessment.save(update_fields=["filing_status", "filed_at", "filed_by"])
    return assessment


@transaction.atomic
def target_filing_return(*, assessment: Assessment, reason: str, user) -> Assessment:
    """Send submitted targets back to the county for changes; the reason is kept in the history."""
    assessment = _lock_for_filing_decision(assessment, user, "退回")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写退回原因。"})
    assessment.filing_status = FilingStatus.PENDING
    assessment.filing_submitted_at = None
    assessment._change_reason = f"{selectors.FILING_RETURN}：{reason}"  # type: ignore[attr-defined]
    _record_user(assessment, user)
    assessment.save(update_fields=["filing_status", "filing_submitted_at"])
    return assessment


# --- 合理缺项 -------------------------------------------------------------------------------------------

EXCLUDABLE_STAGES = (Stage.TARGET_FILING, Stage.SELF_ASSESSMENT, Stage.REVIEW)


def _lock_for_exclusion(item_score: ItemScore, user) -> ItemScore:
    _require(user, MANAGE)
    item_score = (
        ItemScore.objects.select_for_update()
        .select_related("item", "assessment__scheme", "assessment__region")
        .get(pk=item_score.pk)
    )
    scheme = item_score.assessment.scheme
    if scheme.stage not in EXCLUDABLE_STAGES:
        raise ValidationError(
            f"{scheme.year}年度考核处于“{scheme.get_stage_display()}”阶段，合理缺项只能在书面审核结束前认定或撤销。"
        )
    if item_score.assessment.status == AssessmentStatus.REVIEWED:
        raise ValidationError(f"{item_score.assessment}已完成书面审核，不能再认定或撤销合理缺项。")
    return item_score


@transaction.atomic
def item_exclude(*, item_score: ItemScore, reason: str, user) -> ItemScore:
    """The office rules an item 合理缺项 for one county: it is left out and the total re-based to 100.

    Only the office decides (never the county for itself); the reason and who decided are recorded. A veto
    item is never excluded, and at least one scored item must remain.
    """
    item_score = _lock_for_exclusion(item_score, user)
    item = item_score.item
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请写明合理缺项的理由。"})
    if item.scoring == Scoring.VETO:
        raise ValidationError("一票否决项不能认定为合理缺项。")
    if item_score.excluded:
        raise ValidationError(f"“{item.name}”已认定为合理缺项。")
    remaining = item_score.assessment.scores.filter(excluded=False, item__max_points__gt=0).exclude(
        pk=item_score.pk
    )
    if not remaining.exists():
        raise ValidationError("至少须保留一个计分项目。")
    item_score.excluded = True
    item_score.exclusion_reason = reason
    item_score.excluded_by = user
    item_score.excluded_at = timezone.now()
    _record_user(item_score, user)
    item_score.self_score = item_score.reviewed_score = item_score.verified_score = None
    item_score.full_clean()
    item_score.save(
        update_fields=[
            "excluded",
            "exclusion_reason",
            "excluded_by",
            "excluded_at",
            "self_score",
            "reviewed_score",
            "verified_score",
        ]
    )
    _update_totals(item_score.assessment)
    return item_score


@transaction.atomic
def item_include(*, item_score: ItemScore, reason: str, user) -> ItemScore:
    """Withdraw a 合理缺项 ruling: the item is scored again (its automatic score back as the self score)."""
    item_score = _lock_for_exclusion(item_score, user)
    if not item_score.excluded:
        raise ValidationError(f"“{item_score.item.name}”不是合理缺项。")
    item_score.excluded = False
    item_score._change_reason = f"撤销合理缺项：{reason.strip()}"  # type: ignore[attr-defined]
    _record_user(item_score, user)
    if item_score.assessment.status == AssessmentStatus.PENDING:
        item_score.self_score = item_score.auto_score
    item_score.save(update_fields=["excluded", "self_score"])
    _update_totals(item_score.assessment)
    return item_score


def _lock_for_self_assessment(assessment: Assessment, user) -> None:
    _require_change(user, assessment)
    if not (policy.allowed(user, "assessments.self_assess") or policy.allowed(user, MANAGE)):
        raise PermissionDenied("您的角色无权填写自评。")
    # In document review the only pending self-assessments are those the office sent back: their county
    # changes and resubmits them there.
    sent_back = assessment.scheme.stage == Stage.REVIEW and assessment.status == AssessmentStatus.PENDING
    if not sent_back:
        _require_stage(assessment.scheme, Stage.SELF_ASSESSMENT, "填写自评")
    if assessment.status != AssessmentStatus.PENDING:
        raise ValidationError(f"{assessment}的自评已提交，不能再修改。")


@transaction.atomic
def self_assessment_save(*, assessment: Assessment, entries: list[ScoreEntry], user) -> Assessment:
    """A county's self scores and explanations (the office may enter them on its behalf)."""
    _lock_for_self_assessment(assessment, user)
    _apply_entries(assessment, entries, ("self_score", "self_note"), user, allow_veto=False)
    _update_totals(assessment)
    return assessment


@transaction.atomic
def self_assessment_submit(*, assessment: Assessment, user) -> Assessment:
    _lock_for_self_assessment(assessment, user)
    missing = _missing(assessment, "self_score")
    if missing:
        raise ValidationError(f"以下项目尚未自评打分：{'、'.join(missing)}。")
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    _update_totals(assessment)
    return assessment


RETURNABLE_STAGES = (Stage.SELF_ASSESSMENT, Stage.REVIEW)


@transaction.atomic
def self_assessment_return(*, assessment: Assessment, reason: str, user) -> Assessment:
    """Send a submitted self-assessment back to its county for changes; the reason is kept in the history."""
    _require(user, MANAGE)
    assessment = (
        Assessment.objects.select_for_update().select_related("scheme", "region").get(pk=assessment.pk)
    )
    scheme = assessment.scheme
    if scheme.stage not in RETURNABLE_STAGES:
        raise ValidationError(
            f"{scheme.year}年度考核处于“{scheme.get_stage_display()}”阶段，不能退回县区修改"
            f"（须在“{Stage.SELF_ASSESSMENT.label}”或“{Stage.REVIEW.label}”阶段）。"
        )
    if assessment.status == AssessmentStatus.PENDING:
        raise ValidationError(f"{assessment}的自评尚未提交，无须退回。")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写退回原因。"})
    assessment.status = AssessmentStatus.PENDING
    assessment.submitted_at = None
    assessment.reviewed_at = None
    assessment._change_reason = f"退回县区修改：{reason}"  # type: ignore[attr-defined]
    _record_user(assessment, user)
    assessment.save(update_fields=["status", "submitted_at", "reviewed_at"])
    return assessment


@transaction.atomic
def evidence_add(*, item_score: ItemScore, file, user) -> Evidence:
    """Attach a file to an item while the county may still change its self-assessment."""
    _lock_for_self_assessment(item_score.assessment, user)
    evidence = Evidence(item_score=item_score, file=file, name=file.name[:200], uploaded_by=user)
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, user) -> None:
    _lock_for_self_assessment(evidence.item_score.assessment, user)
    evidence.file.delete(save=False)
    evidence.delete()


def _lock_for_review(assessment: Assessment, user, doing: str) -> None:
    _require(user, MANAGE)
    _require_stage(assessment.scheme, Stage.REVIEW, doing)
    if assessment.status == AssessmentStatus.PENDING:
        raise ValidationError(f"{assessment}的自评已退回县区修改，须待县区重新提交后再{doing}。")


@transaction.atomic
def review_save(*, assessment: Assessment, entries: list[ScoreEntry], user) -> Assessment:
    """The office's reviewed score, comment and veto finding per item (document review)."""
    _lock_for_review(assessment, user, "书面审核")
    _apply_entries(assessment, entries, ("reviewed_score", "review_comment"), user, allow_veto=True)
    _update_totals(assessment)
    return assessment


@transaction.atomic
def review_complete(*, assessment: Assessment, user) -> Assessment:
    _lock_for_review(assessment, user, "完成书面审核")
    missing = _missing(assessment, "reviewed_score")
    if missing:
        raise ValidationError(f"{assessment.region}以下项目尚未审核打分：{'、'.join(missing)}。")
    assessment.status = AssessmentStatus.REVIEWED
    assessment.reviewed_at = timezone.now()
    assessment.save(update_fields=["status", "reviewed_at"])
    return assessment


@transaction.atomic
def verification_draw(*, scheme: Scheme, user, seed: int | None = None) -> VerificationDraw:
    """Draw the counties for on-site verification at random; the seed and pool are kept to redo the draw."""
    _require(user, MANAGE)
    _require_stage(scheme, Stage.VERIFICATION, "抽取实地核查县区")
    if VerificationDraw.objects.filter(scheme=scheme).exists():
        raise ValidationError(f"{scheme.year}年度已抽取过实地核查县区，不能重抽。")
    assessments = {a.region.code: a for a in scheme.assessments.select_related("region")}
    pool = sorted(assessments)
    seed = secrets.randbelow(10**9) if seed is None else seed
    drawn = VerificationDraw.sample(pool, scheme.verification_count, seed)
    draw = VerificationDraw(
        scheme=scheme, seed=seed, pool=pool, count=scheme.verification_count, drawn=drawn, drawn_by=user
    )
    draw.full_clean()
    draw.save()
    for code in drawn:
        assessment = assessments[code]
        assessment.selected_for_verification = True
        assessment.save(update_fields=["selected_for_verification"])
    return draw


def _lock_for_verification(assessment: Assessment, user) -> None:
    _require(user, MANAGE)
    _require_stage(assessment.scheme, Stage.VERIFICATION, "实地核查")
    if not assessment.selected_for_verification:
        raise ValidationError(f"{assessment.region}未被抽中实地核查。")


@transaction.atomic
def verification_save(*, assessment: Assessment, entries: list[ScoreEntry], note: str, user) -> Assessment:
    """On-site findings: a verified score replaces the reviewed one where the team found otherwise."""
    _lock_for_verification(assessment, user)
    _apply_entries(assessment, entries, ("verified_score", "verification_comment"), user, allow_veto=True)
    assessment.verification_note = note
    assessment.save(update_fields=["verification_note"])
    _update_totals(assessment)
    return assessment


@transaction.atomic
def verification_complete(*, assessment: Assessment, user) -> Assessment:
    _lock_for_verification(assessment, user)
    assessment.status = AssessmentStatus.VERIFIED
    assessment.verified_at = timezone.now()
    assessment.save(update_fields=["status", "verified_at"])
    return assessment


def _totals(scheme: Scheme) -> dict[int, Mapping[str, Any]]:
    """Per assessment: self total and total over the items that apply, re-based and rounded by the one rule
    (`scoring.rebased_total`), and the veto count."""
    applies = Q(excluded=False)
    scored = ~Q(item__scoring=Scoring.VETO)
    rows = (
        ItemScore.objects.filter(assessment__scheme=scheme)
        .values("assessment_id")
        .annotate(
            self_points=Sum("self_score", filter=applies),
            points=Sum(Coalesce("verified_score", "reviewed_score"), filter=applies),
            applicable=Sum("item__max_points", filter=applies & scored),
            full=Sum("item__max_points", filter=scored),
            vetoes=Count("id", filter=Q(veto_triggered=True)),
        )
    )
    return {
        row["assessment_id"]: {
            "self_total": rebased_total(row["self_points"], row["applicable"], row["full"]),
            "total": rebased_total(row["points"], row["applicable"], row["full"]),
            "vetoes": row["vetoes"],
        }
        for row in rows
    }


def _veto_scores_sync(scheme: Scheme, region_ids: list[int] | None = None) -> list[Assessment]:
    """Set the register-decided veto items (an incident not lifted vetoes); the assessments whose items moved."""
    items = list(scheme.items.exclude(veto_source=""))
    queryset = ItemScore.objects.filter(item__in=items).select_related("assessment")
    if region_ids is not None:
        queryset = queryset.filter(assessment__region_id__in=region_ids)
    scores = list(queryset)
    vetoed: set[tuple[int, int]] = set()
    for item in items:
        regions = [s.assessment.region_id for s in scores if s.item_id == item.pk]
        for finding in vetoes.findings(item.veto_source, regions, scheme.period_start, scheme.period_end):
            if not finding.lifted:
                vetoed.add((item.pk, finding.region_id))
    changed = [s for s in scores if s.veto_triggered != ((s.item_id, s.assessment.region_id) in vetoed)]
    for score in changed:
        score.veto_triggered = not score.veto_triggered
    bulk_update_with_history(changed, ItemScore, ["veto_triggered"])
    return list({s.assessment_id: s.assessment for s in changed}.values())


def vetoes_sync(scheme: Scheme, region_ids: list[int] | None = None) -> list[Assessment]:
    """After a register changed: the veto items, the totals, and the grades and ranks once results are being
    approved. Announced results stay as announced."""
    if scheme.is_announced:
        return []
    touched = _veto_scores_sync(scheme, region_ids)
    if touched and scheme.stage == Stage.APPROVAL:
        results_compute(scheme)
    else:
        for assessment in touched:
            _update_totals(assessment)
    return touched


def _update_totals(assessment: Assessment) -> None:
    row = _totals(assessment.scheme).get(assessment.pk, {})
    assessment.self_total = row.get("self_total")
    assessment.total = row.get("total")
    assessment.vetoed = bool(row.get("vetoes"))
    assessment.save(update_fields=["self_total", "total", "vetoed"])


def results_compute(scheme: Scheme) -> list[Assessment]:
    """Totals, grades and ranks of a year; a veto puts a county last with grade D whatever its score.

    Equal totals share a rank (1, 2, 2, 4). The bottom `rectification_count` and every D must report.
    """
    _veto_scores_sync(scheme)
    totals = _totals(scheme)
    assessments = list(scheme.assessments.select_related("region"))
    for a in assessments:
        row = totals.get(a.pk, {})
        a.self_total, a.total, a.vetoed = row.get("self_total"), row.get("total"), bool(row.get("vetoes"))
        a.grade = scheme.grade_for(a.total, a.vetoed)

    def key(a: Assessment) -> tuple:
        return (a.vetoed, -(a.total or Decimal(0)))

    ordered = sorted(assessments, key=key)
    for index, a in enumerate(ordered):
        a.rank = ordered[index - 1].rank if index and key(ordered[index - 1]) == key(a) else index + 1
    bottom_ranks = (
        {a.rank for a in ordered[len(ordered) - scheme.rectification_count :]} if ordered else set()
    )
    for a in ordered:
        a.rectification_required = a.grade == "D" or (
            scheme.rectification_count > 0 and a.rank in bottom_ranks
        )
        a.save(update_fields=["self_total", "total", "vetoed", "grade", "rank", "rectification_required"])
    return ordered


def _names(assessments) -> str:
    return "、".join(a.region.name for a in assessments)


@transaction.atomic
def stage_advance(*, scheme: Scheme, user) -> Scheme:
    """Close the current stage and open the next; each stage's work must be done first."""
    _require(user, MANAGE)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    stage = scheme.stage
    assessments = list(scheme.assessments.select_related("region"))
    if stage == Stage.ANNOUNCED:
        raise ValidationError(f"{scheme.year}年度考核结果已公布，考核已结束。")
    if stage == Stage.DRAFT:
        _publish(scheme, user)
    elif stage == Stage.TARGET_FILING:
        unfiled = [a for a in assessments if a.filing_status != FilingStatus.FILED]
        if unfiled:
            raise ValidationError(f"以下县区的年度目标尚未备案：{_names(unfiled)}。")
    elif stage == Stage.SELF_ASSESSMENT:
        late = [a for a in assessments if a.status == AssessmentStatus.PENDING]
        if late:
            raise ValidationError(f"以下县区尚未提交自评：{_names(late)}。")
    elif stage == Stage.REVIEW:
        pending = [a for a in assessments if not a.has_reached(AssessmentStatus.REVIEWED)]
        if pending:
            raise ValidationError(f"以下县区尚未完成书面审核：{_names(pending)}。")
    elif stage == Stage.VERIFICATION:
        if not VerificationDraw.objects.filter(scheme=scheme).exists():
            raise ValidationError("尚未抽取实地核查县区。")
        pending = [
            a for a in assessments if a.selected_for_verification and a.status != AssessmentStatus.VERIFIED
        ]
        if pending:
            raise ValidationError(f"以下县区尚未完成实地核查：{_names(pending)}。")
        results_compute(scheme)
    elif stage == Stage.APPROVAL:
        results_compute(scheme)
        scheme.approved_by = user
        scheme.announced_at = timezone.now()
        _set_rectification_due(scheme)
    scheme.stage = STAGE_ORDER[STAGE_ORDER.index(stage) + 1]
    scheme.save(update_fields=["stage", "approved_by", "announced_at"])
    if scheme.stage == Stage.SELF_ASSESSMENT:
        # Self-assessment opens on the statistics as they stand: the automatic items are read now.
        auto_scores_refresh(scheme=scheme, user=user)
    return scheme


def _set_rectification_due(scheme: Scheme) -> None:
    """Counties that must rectify report within `rectification_months` of the announcement (one by default)."""
    due = add_months(timezone.localdate(scheme.announced_at), scheme.rectification_months)
    for assessment in scheme.assessments.filter(rectification_required=True):
        assessment.rectification_due = due
        assessment.save(update_fields=["rectification_due"])


@transaction.atomic
def rectification_due_set(*, assessment: Assessment, due: dt.date, user) -> Assessment:
    """The office moves a county's rectification deadline (an extension it granted); kept in the history."""
    _require(user, MANAGE)
    if not assessment.rectification_required:
        raise ValidationError(f"{assessment}无须提交整改报告。")
    announced = assessment.scheme.announced_at
    if announced is None or due < timezone.localdate(announced):
        raise ValidationError({"due": "整改期限不能早于结果公布日期。"})
    assessment.rectification_due = due
    _record_user(assessment, user)
    assessment.save(update_fields=["rectification_due"])
    return assessment


@transaction.atomic
def interview_record(
    *, assessment: Assessment, held_on: dt.date, held_by: str, interviewees: str, content: str, user
) -> Interview:
    """Record a 约谈 of a county graded C or D in an announced year (who, with whom, when, what was said)."""
    _require(user, MANAGE)
    if not assessment.scheme.is_announced:
        raise ValidationError(f"{assessment.scheme.year}年度考核结果尚未公布，不能记录约谈。")
    if assessment.grade not in (Grade.C, Grade.D):
        raise ValidationError(
            f"{assessment.region}考核等级为 {assessment.grade or '—'}，约谈只针对 C 级和 D 级县区。"
        )
    errors = {}
    if held_on > timezone.localdate():
        errors["held_on"] = "约谈日期不能晚于今天。"
    elif held_on < timezone.localdate(assessment.scheme.announced_at):
        errors["held_on"] = "约谈日期不能早于考核结果公布日期。"
    if errors:
        raise ValidationError(errors)
    interview = Interview(
        assessment=assessment,
        held_on=held_on,
        held_by=held_by.strip(),
        interviewees=interviewees.strip(),
        content=content.strip(),
        recorded_by=user,
    )
    _record_user(interview, user)
    interview.full_clean()
    interview.save()
    return interview


@transaction.atomic
def rectification_submit(*, assessment: Assessment, file, user) -> Assessment:
    """The written rectification report of a county flagged at the bottom of the ranking."""
    _require_change(user, assessment)
    if not assessment.rectification_required:
        raise ValidationError(f"{assessment}无须提交整改报告。")
    assessment.rectification_report = file
    assessment.rectification_submitted_at = timezone.now()
    assessment.full_clean()
    assessment.save(update_fields=["rectification_report", "rectification_submitted_at"])
    return assessment


# --- reports -----------------------------------------------------------------------------------------


def report_access_check(
    *, user, kind: str, scheme: Scheme | None, region: Region | None, period: str
) -> None:
    _require(user, "reports.download")
    if kind == ReportKind.QUALITY_STATUS:
        if not period:
            raise ValidationError({"period": "质量状况分析报告须指定期间。"})
        Period.parse(period)
        return
    if scheme is None:
        raise ValidationError({"scheme": "考核报告须指定考核年度。"})
    if kind == ReportKind.COUNTY:
        if region is None:
            raise ValidationError({"region": "县区考核报告须指定县区。"})
        assessment = Assessment.objects.for_user(user).filter(scheme=scheme, region=region).first()
        if assessment is None:
            raise PermissionDenied(f"无权查看{region}的{scheme.year}年度考核结果。")
    if not selectors.schemes_with_results(user).filter(pk=scheme.pk).exists():
        raise ValidationError(f"{scheme.year}年度考核尚未形成结果，暂不能生成报告。")


def report_request(
    *, user, kind: str, fmt: str, scheme: Scheme | None = None, region: Region | None = None, period: str = ""
) -> Job:
    """Record a report job and queue its generation once the transaction commits."""
    report_access_check(user=user, kind=kind, scheme=scheme, region=region, period=period)
    report = reports.Report(
        kind=kind,
        fmt=fmt,
        user=user,
        scheme=scheme if kind != ReportKind.QUALITY_STATUS else None,
        region=region if kind == ReportKind.COUNTY else None,
        period=str(Period.parse(period)) if kind == ReportKind.QUALITY_STATUS else "",
    )
    return job_enqueue(kind=reports.REPORT_JOB, user=user, name=report.title, params=report.params())
