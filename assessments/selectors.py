"""Reads of the assessment app: statistics for automatic scoring, results with year-on-year change, report data."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import policy
from assessments.choices import AssessmentStatus, FilingStatus, Formula, Scoring, Stage, Window
from assessments.models import Assessment, Item, ItemGroup, ItemScore, Scheme
from assessments.scoring import latest_complete_year
from core import vetoes
from core.models import Statistic
from core.periods import Period
from core.stats import rate
from inspections.choices import PROVINCIAL_ABOVE, PROVINCIAL_ABOVE_LABEL
from organizations.models import Region

# How `services.target_filing_return` begins the change reason it records.
FILING_RETURN = "目标备案退回修改"


@dataclass(frozen=True)
class Measure:
    """What a statistic says for one item and county: a value, for a target its attainment status, and the
    period read ('' when there is no complete period to read)."""

    value: Decimal | None
    status: str = ""
    period: str = ""


def assessment_months(scheme: Scheme) -> list[str]:
    """The month codes of the assessment year (1 July to 30 June by default)."""
    months, day = [], scheme.period_start.replace(day=1)
    while day <= scheme.period_end:
        months.append(str(Period.of_date(day)))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def window_label(scheme: Scheme) -> str:
    """The assessment window as its months: 2014-07—2015-06."""
    months = assessment_months(scheme)
    return f"{months[0]}—{months[-1]}"


def item_measures(
    scheme: Scheme, items: list[Item], region_ids: list[int], today: dt.date | None = None
) -> dict[tuple[int, int], Measure]:
    """Measures per (item id, region id) from the current statistics snapshot, in one query.

    Every item reads the latest complete period inside the assessment window, never a half-finished one:
    items on the assessment year sum the months' numerators and denominators (a rate is divided after
    summing) or values, once the window is over; items on a calendar year (and target statuses) read the
    latest calendar year that ends inside the window and is over (`scoring.latest_complete_year`: 2014 for
    the window 2014-07—2015-06). With no complete period an item has no measure, so no score.
    """
    auto = [i for i in items if i.scoring == Scoring.AUTO]
    if not auto:
        return {}
    today = today or timezone.localdate()
    year = latest_complete_year(scheme.period_start, scheme.period_end, today)
    # The window's months count only once the window is over (its last month closed).
    months = assessment_months(scheme) if scheme.period_end < today else []
    wanted = Q(pk__in=[])
    for item in auto:
        wanted |= Q(metric=item.metric, dim1=item.dim1, dim3=item.dim3, **_dim2_lookup(item))
    rows = (
        Statistic.objects.current()
        .filter(wanted, region_id__in=region_ids, period__in=[*([str(year)] if year else []), *months])
        .values("metric", "region_id", "period", "dim1", "dim2", "dim3", "numerator", "denominator", "value")
    )
    by_metric: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_metric[row["metric"]].append(row)
    measures = {}
    for item in auto:
        for region_id in region_ids:
            matching = [
                r
                for r in by_metric[item.metric]
                if r["region_id"] == region_id
                and r["dim1"] == item.dim1
                and r["dim2"] == _dim2_lookup(item).get("dim2", r["dim2"])
                and r["dim3"] == item.dim3
            ]
            measures[(item.pk, region_id)] = _measure(item, matching, year, months)
    return measures


def _dim2_lookup(item: Item) -> dict:
    """A target's status is its dim2: any status matches unless the item names one."""
    if item.formula == Formula.STATUS and not item.dim2:
        return {}
    return {"dim2": item.dim2}


def _measure(item: Item, rows: list[dict], year: int | None, months: list[str]) -> Measure:
    if item.formula == Formula.STATUS or item.window == Window.CALENDAR_YEAR:
        yearly = [r for r in rows if year is not None and r["period"] == str(year)]
        if not yearly:
            return Measure(None)
        row = yearly[0]
        value = row["value"] if row["value"] is not None else rate(row["numerator"], row["denominator"])
        return Measure(value, row["dim2"] if item.formula == Formula.STATUS else "", str(year))
    monthly = [r for r in rows if r["period"] in months]
    if not monthly:
        return Measure(None)
    period = f"{months[0]}—{months[-1]}"
    if any(r["denominator"] is not None for r in monthly):
        return Measure(
            rate(sum(r["numerator"] or 0 for r in monthly), sum(r["denominator"] or 0 for r in monthly)),
            period=period,
        )
    return Measure(sum((r["value"] or Decimal(0) for r in monthly), Decimal(0)), period=period)


def scheme_tree(scheme: Scheme) -> list[dict]:
    """Top groups with their sub-groups and items, in order, for the scheme page and reports.

    Each item carries `rule`: its scoring rule with the dimension values named as people call them.
    """
    groups = list(ItemGroup.objects.filter(scheme=scheme).prefetch_related("items"))
    items = [item for group in groups for item in group.items.all()]
    labels = dimension_labels(items)
    for item in items:
        item.rule = item.rule_text(labels)  # type: ignore[attr-defined]  # shown beside the item
    children = defaultdict(list)
    for group in groups:
        children[group.parent_id].append(group)
    return [{"group": top, "children": children[top.pk]} for top in children[None]]


def _choice_labels(app_label: str, model: str, field: str) -> Callable[[set[str]], dict[str, str]]:
    """The labels another app gives a choice field of its model (none where that app is absent)."""

    def labels(values: set[str]) -> dict[str, str]:
        try:
            choices = apps.get_model(app_label, model)._meta.get_field(field).flatchoices
        except LookupError:
            return {}
        return {value: str(label) for value, label in choices}

    return labels


def _names(app_label: str, model: str) -> Callable[[set[str]], dict[str, str]]:
    """Names of another app's reference rows (hotlines, product classes, award types) by their code."""

    def labels(codes: set[str]) -> dict[str, str]:
        try:
            rows = apps.get_model(app_label, model).objects.filter(code__in=codes)
        except LookupError:
            return {}
        return dict(rows.values_list("code", "name"))

    return labels


def _target_labels(codes: set[str]) -> dict[str, str]:
    # Target codes end in their year (agri_product_pass_rate-2015): the label keeps the year in words.
    try:
        target = apps.get_model("targets", "Target")
    except LookupError:
        return {}
    rows = target.objects.filter(code__in=codes).values_list("code", "name", "year")
    return {code: f"{year}年目标：{name}" for code, name, year in rows}


def _levels(values: set[str]) -> dict[str, str]:
    # inspections names its three levels and the 省级及以上 roll-up of its statistics.
    above = {PROVINCIAL_ABOVE: str(PROVINCIAL_ABOVE_LABEL)}
    return {**above, **_choice_labels("inspections", "SpotCheckResult", "level")(values)}


def _campaign_names(ids: set[str]) -> dict[str, str]:
    # A campaign is named by its id in the statistics (campaigns.stats).
    try:
        campaign = apps.get_model("campaigns", "Campaign")
    except LookupError:
        return {}
    rows = campaign.objects.filter(pk__in=[i for i in ids if i.isdigit()]).values_list("pk", "name")
    return {str(pk): name for pk, name in rows}


_HOTLINES = _names("complaints", "Hotline")
_COMPLAINT_DOMAINS = _choice_labels("complaints", "Complaint", "domain")
_TARGET_STATUSES = _choice_labels("targets", "Attainment", "status")
# What dim1, dim2, dim3 of each metric an item may read hold (the statistics contract), and who names them.
DIMENSION_SOURCES: dict[str, tuple[Callable[[set[str]], dict[str, str]], ...]] = {
    "targets.target": (_target_labels, _TARGET_STATUSES),
    "targets.attainment": (_choice_labels("targets", "Indicator", "domain"), _TARGET_STATUSES),
    "inspections.pass_rate": (_levels, _names("inspections", "ProductClass")),
    "inspections.first_acceptance": (_choice_labels("inspections", "AcceptanceRecord", "size"),),
    "complaints.completion": (_HOTLINES, _COMPLAINT_DOMAINS),
    "complaints.on_time": (_HOTLINES, _COMPLAINT_DOMAINS),
    "complaints.volume": (_HOTLINES, _choice_labels("complaints", "Complaint", "kind"), _COMPLAINT_DOMAINS),
    "brands.awards_valid": (_names("brands", "AwardType"),),
    # Issue 18: campaign cases by kind (打假治劣, 专项整治) and campaign (its id).
    **{
        metric: (_choice_labels("campaigns", "Campaign", "kind"), _campaign_names)
        for metric in ("campaigns.cases", "campaigns.referred", "campaigns.major")
    },
    "foundations.standards": (_choice_labels("foundations", "Standard", "kind"),),
    "foundations.metrology": (_choice_labels("foundations", "MetrologyRecord", "category"),),
    "foundations.culture_events": (_choice_labels("foundations", "CultureEvent", "kind"),),
    # Registers without an item in the default template: a scheme may still score them.
    "foundations.agencies": (),
    "foundations.chief_officers": (),
    "foundations.trained_staff": (),
    "foundations.market_exits": (
        _choice_labels("foundations", "MarketExit", "kind"),
        _choice_labels("foundations", "MarketExit", "reason"),
    ),
}


def dimension_labels(items: Iterable[Item]) -> dict[tuple[str, int, str], str]:
    """(metric, position, value) → what people call the dimension values the items read.

    One lookup per kind of value, whichever metrics hold it (choices cost none); a value nobody names is
    left out and shows as written.
    """
    wanted: dict[Callable, set[str]] = defaultdict(set)
    asked: list[tuple[tuple[str, int, str], Callable]] = []
    for item in items:
        sources = DIMENSION_SOURCES.get(item.metric, ())
        for position, value in enumerate((item.dim1, item.dim2, item.dim3)):
            if value and position < len(sources):
                wanted[sources[position]].add(value)
                asked.append(((item.metric, position, value), sources[position]))
    named = {source: source(values) for source, values in wanted.items()}
    return {key: named[source][key[2]] for key, source in asked if key[2] in named[source]}


def assessments_of(scheme: Scheme, user) -> QuerySet[Assessment]:
    # A region renamed after the assessed year is shown by its name then, as organizations.eras names years.
    name_then = Region.objects.filter(
        successor=OuterRef("region_id"), valid_until__year__gt=OuterRef("scheme__year")
    ).values("name")[:1]
    ranking: QuerySet[Assessment] = (
        Assessment.objects.for_user(user)
        .filter(scheme=scheme)
        .select_related("region", "scheme")
        .order_by("rank", "region__sort_order")
    )
    return ranking.annotate(region_then=Subquery(name_then))


def with_previous(queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Annotate last year's announced total and rank (an old county's result counts for its successor)."""
    last_year = (
        Assessment.objects.filter(scheme__year=OuterRef("scheme__year") - 1, scheme__stage=Stage.ANNOUNCED)
        .annotate(current_region=Coalesce("region__successor_id", "region_id"))
        .filter(current_region=OuterRef("region_id"))
    )
    return queryset.annotate(
        previous_total=Subquery(last_year.values("total")[:1]),
        previous_rank=Subquery(last_year.values("rank")[:1]),
    )


def results(scheme: Scheme, user) -> QuerySet[Assessment]:
    """The ranking of a year as this user may see it, with last year's figures beside it."""
    return with_previous(assessments_of(scheme, user))


def scores_of(assessment: Assessment) -> QuerySet[ItemScore]:
    return (
        assessment.scores.select_related("item__group__parent")
        .prefetch_related("evidence")
        .order_by(
            "item__group__parent__sort_order", "item__group__sort_order", "item__sort_order", "item__pk"
        )
    )


def return_reason(assessment: Assessment) -> str:
    """Why the office sent a still-pending self-assessment back ('' if it never did).

    Sending back (the self-assessment, or the targets in 目标备案) is the only write of an assessment that
    records a change reason.
    """
    if assessment.status != AssessmentStatus.PENDING:
        return ""
    record = (
        assessment.history.exclude(history_change_reason__isnull=True)
        .exclude(history_change_reason="")
        .exclude(history_change_reason__startswith=FILING_RETURN)
        .order_by("-history_date", "-history_id")
        .first()
    )
    return record.history_change_reason if record else ""


def filing_return_reason(assessment: Assessment) -> str:
    """Why the office sent a county's still-pending targets back ('' if it never did)."""
    if assessment.filing_status != FilingStatus.PENDING:
        return ""
    record = (
        assessment.history.filter(history_change_reason__startswith=FILING_RETURN)
        .order_by("-history_date", "-history_id")
        .first()
    )
    return record.history_change_reason if record else ""


def group_subtotals(scores: list[ItemScore]) -> list[dict]:
    """Self and final subtotals per top group (质量目标, 质量措施) of one county's scores.

    The final subtotal is None until the office has scored an item of the group, so it reads “—”, not 0.
    """
    totals: dict[int, dict] = {}
    for score in scores:
        top = score.item.group.parent or score.item.group
        if not top.points:  # the veto items carry no points
            continue
        row = totals.setdefault(top.pk, {"group": top, "self": Decimal(0), "final": None})
        row["self"] += score.self_score or 0
        if score.final_score is not None:
            row["final"] = (row["final"] or 0) + score.final_score
    return list(totals.values())


def schemes_with_results(user) -> QuerySet[Scheme]:
    """Years whose results this user may see: announced ones, and for the office and leaders those being scored."""
    early = policy.allowed(user, "assessments.view_pending_results")
    stages = [Stage.APPROVAL, Stage.ANNOUNCED] if early else [Stage.ANNOUNCED]
    schemes = Scheme.objects.for_user(user).filter(stage__in=stages)
    visible = Assessment.objects.for_user(user).filter(total__isnull=False).values("scheme_id")
    return schemes.filter(pk__in=visible)


def cycle_board(scheme: Scheme, user) -> list[dict]:
    """Per county: its status in the cycle and whether it is late, for the office's at-a-glance board."""
    today = timezone.localdate()
    return [
        {"assessment": a, "late": a.is_late(today)}
        for a in Assessment.objects.for_user(user)
        .filter(scheme=scheme)
        .select_related("region", "scheme")
        .order_by("region__sort_order")
    ]


def veto_findings(assessment: Assessment) -> dict[int, list[vetoes.VetoFinding]]:
    """Per veto item decided by a register: the findings (lifted ones too) in the county's assessment window."""
    scheme = assessment.scheme
    return {
        item.pk: vetoes.findings(
            item.veto_source, [assessment.region_id], scheme.period_start, scheme.period_end
        )
        for item in scheme.items.exclude(veto_source="")
    }
