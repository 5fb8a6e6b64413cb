"""Reads for the targets pages and API: the board, a target's history, approvals and unreported tasks."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from accounts import policy
from core import metrics
from core.models import Statistic
from core.stats import current_run
from organizations.choices import RegionKind
from organizations.eras import renamed
from organizations.models import Department, Region
from targets.choices import ALL_FIGURES, APPROVED_FIGURES, Domain, Status, SubmissionStatus, TargetScope
from targets.models import Attainment, Indicator, KeyTask, Measurement, Submission, Target, TaskReport


def latest_year() -> int:
    """The latest year with values entered (the year people are working on), else last year."""
    latest = Measurement.objects.aggregate(latest=Max("year"))["latest"]
    return latest or timezone.localdate().year - 1


def entered_years(user, region: Region) -> set[int]:
    """Years with target values entered for the region (for the city: anywhere), as far as the user may see."""
    entries = Measurement.objects.for_user(user)
    if region.kind != RegionKind.CITY:
        entries = entries.filter(Q(region=region) | Q(region__successor=region))
    return set(entries.order_by().values_list("year", flat=True).distinct())


def approved_only(user) -> bool:
    """Whether this user is shown target figures resting on approved data only."""
    return settings.TARGETS_LEADERS_APPROVED_ONLY and not policy.allowed(user, "targets.view_unapproved")


def attainment_counts_view(user) -> str:
    """Which targets.attainment counts (dim3) this user is shown."""
    return APPROVED_FIGURES if approved_only(user) else ALL_FIGURES


def attainment_rows(user):
    """Current attainment rows the user may see; unapproved figures hidden when the user sees approved data only."""
    rows = Attainment.objects.current().for_user(user).select_related("target__indicator", "region")
    if approved_only(user):
        rows = rows.filter(approved=True)
    return rows


def board(user) -> dict:
    """Every target with its latest city figure, status and yearly series (for the sparkline)."""
    targets = list(Target.objects.select_related("indicator__department"))
    city = Region.objects.city()
    by_target: dict[int, list[Attainment]] = defaultdict(list)
    for row in attainment_rows(user).filter(region=city).order_by("period"):
        by_target[row.target_id].append(row)
    entries: list[dict[str, Any]] = []
    this_year = str(timezone.localdate().year)
    for target in targets:
        rows = by_target.get(target.pk, [])
        # The latest finished year with a figure: the running year's figure is shown apart, as 至今.
        finished = [r for r in rows if r.period < this_year]
        with_value = [r for r in finished if r.value is not None or r.verdict]
        latest = with_value[-1] if with_value else None
        to_date = next((r for r in rows if r.period == this_year and r.value is not None), None)
        at_target_year = next((r for r in rows if r.period == str(target.year)), None)
        entries.append(
            {
                "target": target,
                "latest": latest,
                "to_date": to_date,
                "at_target_year": at_target_year,
                "series_json": json.dumps([[r.period, _float(r)] for r in finished]),
            }
        )
    counts: dict[str, int] = defaultdict(int)
    for entry in entries:
        shown = entry["at_target_year"] or entry["latest"]
        counts[shown.status if shown else Status.NO_DATA] += 1
    groups = [
        {"title": f"{year}年目标 · {label}", "entries": items}
        for year in sorted({t.year for t in targets})
        for domain, label in Domain.choices
        if (
            items := [
                e for e in entries if e["target"].year == year and e["target"].indicator.domain == domain
            ]
        )
    ]
    run = current_run()
    return {
        "groups": groups,
        "status_cards": [(code, label, counts[code]) for code, label in Status.choices],
        "computed_at": run.finished_at if run else None,
    }


def counted(user, params) -> dict | None:
    """The targets a dashboard count stands for (`?year=2015&region=211100&domain=product&status=met`): the
    attainment rows of that year and region, by domain and status, the same rows the count was made of."""
    year, code = params.get("year", ""), params.get("region", "")
    if not year.isdigit():
        return None
    region = Region.objects.filter(code=code).first() if code else Region.objects.city()
    if region is None:
        return None
    rows = Attainment.objects.current().for_user(user).select_related("target__indicator", "region")
    rows = rows.filter(region=region, period=year)
    domain, status = params.get("domain", ""), params.get("status", "")
    if domain in Domain.values:
        rows = rows.filter(target__indicator__domain=domain)
    if status in Status.values:
        if approved_only(user):
            # As the counts shown to this user: a figure awaiting approval counts as no data.
            no_data = Q(status=Status.NO_DATA) | Q(approved=False)
            rows = rows.filter(no_data if status == Status.NO_DATA else Q(status=status, approved=True))
        else:
            rows = rows.filter(status=status)
    parts = [f"{year}年", region.name]
    parts += [str(Domain(domain).label)] if domain in Domain.values else []
    parts += [str(Status(status).label)] if status in Status.values else []
    shown = list(rows.order_by("target__year", "target__sort_order"))
    if approved_only(user):
        for row in shown:
            if not row.approved:
                # Not shown to this user before approval: the row stands as no data.
                row.value, row.status = None, Status.NO_DATA
    return {"title": " · ".join(parts), "rows": shown}


def target_history(user, target: Target) -> dict:
    """A target's figures per region and year, for its page and chart."""
    rows = list(attainment_rows(user).filter(target=target).order_by("region__sort_order", "period"))
    years = sorted({r.period for r in rows})
    regions: dict[int, dict] = {}
    for row in rows:
        entry = regions.setdefault(row.region_id, {"region": row.region, "by_year": {}})
        entry["by_year"][row.period] = row
    former = _former_names()
    table = [
        {
            "region": e["region"],
            "former": former.get(e["region"].pk, ""),
            "cells": [e["by_year"].get(y) for y in years],
        }
        for e in regions.values()
    ]
    chart = [
        {"name": e["region"].name, "data": [_float(e["by_year"].get(y)) for y in years]}
        for e in regions.values()
    ]
    return {
        "years": years,
        "table": table,
        "chart": chart,
        "reference": reference_figures(user, target, years),
    }


def _former_names() -> dict[int, str]:
    """A region that replaced another → “2016年前为大洼县” (its figures include the old region's)."""
    return {successor: f"{until.year}年前为{name}" for successor, name, until in renamed()}


def reference_figures(user, target: Target, years: list[str]) -> dict | None:
    """The statistic shown beside an entered indicator for comparison only (the spot-check pass rate beside
    the national survey's 制造业产品质量合格率), city-wide, for the years the target's table shows."""
    indicator = target.indicator
    if not indicator.reference_metric:
        return None
    run = current_run()
    dims = {d: indicator.reference_dims.get(d, "") for d in ("dim1", "dim2", "dim3")}
    rows = Statistic.objects.for_user(user).filter(
        run=run, metric=indicator.reference_metric, region=Region.objects.city(), period__in=years, **dims
    )
    by_year = {r.period: r for r in rows}
    declared = metrics.get(indicator.reference_metric)
    return {
        "label": indicator.reference_label or declared.label,
        "caliber": declared.describe(),
        "cells": [
            {
                "value": declared.show(by_year[y].value) if y in by_year else "—",
                "base": f"{int(by_year[y].denominator)}{declared.base_unit}"
                if y in by_year and by_year[y].denominator is not None
                else "",
            }
            for y in years
        ],
    }


def _float(row: Attainment | None) -> float | None:
    return float(row.value) if row is not None and row.value is not None else None


def submission_overview(year: int) -> list[dict]:
    """Every unit that reports values (owner departments of manual indicators, the counties) and how far it got."""
    submissions = {(s.region_id, s.department_id): s for s in Submission.objects.filter(year=year)}
    manual = Indicator.objects.enterable()
    by_department = dict(
        Measurement.objects.filter(year=year, region__kind="city")
        .values_list("indicator__department_id")
        .annotate(n=Count("id"))
    )
    by_region = dict(
        Measurement.objects.filter(year=year)
        .exclude(region__kind="city")
        .values_list("region__successor_id")
        .annotate(n=Count("id"))
    )
    by_region_own = dict(
        Measurement.objects.filter(year=year, region__successor__isnull=True)
        .exclude(region__kind="city")
        .values_list("region_id")
        .annotate(n=Count("id"))
    )
    units = []
    for department in Department.objects.filter(pk__in=manual.values("department_id")):
        units.append(
            _unit_row(department, submissions.get((None, department.pk)), by_department.get(department.pk, 0))
        )
    for region in Region.objects.counties():
        count = by_region_own.get(region.pk, 0) + by_region.get(region.pk, 0)
        units.append(_unit_row(region, submissions.get((region.pk, None)), count))
    return units


def _unit_row(unit, submission: Submission | None, values: int) -> dict:
    return {
        "unit": unit,
        "kind": "department" if isinstance(unit, Department) else "region",
        "submission": submission,
        "status": submission.status if submission else SubmissionStatus.DRAFT,
        "values": values,
    }


def unreported_tasks(year: int) -> list[dict]:
    """For each key task, the responsible departments that have not reported their progress for the year."""
    reported = set(TaskReport.objects.filter(year=year).values_list("task_id", "department_id"))
    rows = []
    for task in KeyTask.objects.select_related("lead").prefetch_related("supporting"):
        responsible = [task.lead, *task.supporting.all()]
        missing = [d for d in responsible if (task.pk, d.pk) not in reported]
        rows.append({"task": task, "responsible": responsible, "missing": missing})
    return rows


def task_reports_for(user, task: KeyTask):
    return (
        TaskReport.objects.for_user(user)
        .filter(task=task)
        .select_related("department")
        .prefetch_related("attachments")
    )


def entry_choices(user) -> tuple[list[Indicator], list[Region]]:
    """The manual indicators and the regions this user may enter values for (the policy decides, per pair)."""
    if not policy.allowed(user, "targets.enter"):
        return [], []
    indicators = list(
        Indicator.objects.enterable()
        .select_related("department")
        .annotate(
            per_county=Exists(Target.objects.filter(indicator=OuterRef("pk"), scope=TargetScope.COUNTY))
        )
    )
    regions = list(Region.objects.filter(valid_until__isnull=True))
    pairs = {
        (indicator.pk, region.pk)
        for indicator in indicators
        for region in regions
        if (region.kind == RegionKind.CITY or indicator.per_county)
        and policy.can_change_in(user, Measurement, region=region, department=indicator.department)
    }
    return (
        [i for i in indicators if any(i.pk == pk for pk, _ in pairs)],
        [r for r in regions if any(r.pk == pk for _, pk in pairs)],
    )


def reporting_departments(user, task: KeyTask) -> list[Department]:
    """The task's lead and supporting departments this user may report progress for."""
    responsible = [task.lead, *task.supporting.all()]
    return [d for d in responsible if policy.can_change_in(user, TaskReport, department=d)]
