"""Reads for the targets pages and API: the board, a target's history, approvals and unreported tasks."""

from __future__ import annotations

import datetime as dt
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
from targets.models import (
    Attainment,
    Indicator,
    KeyTask,
    Measurement,
    PeriodClosure,
    Submission,
    Target,
    TaskReport,
)


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


def submission_overview(year: int, user=None) -> list[dict]:
    return _overview(year, user)[1]


def _overview(year: int, user) -> tuple[list[Indicator], list[dict]]:
    """Every unit that reports values (owner departments of manual indicators, the counties) and how far it got:
    its submission, the values entered, and per indicator whether it is missing, entered, submitted or approved
    (the completeness grid, as DHIS2's reporting rates). With a user, only the units the policy lets them see.

    Five queries whatever the data: indicators, departments, counties, submissions, and values per indicator and
    region. A department reports the city values of its own indicators that have no county targets (the city
    figure of the others is summed from the counties); a county its own values of the indicators with county
    targets (大洼县's rows count for 大洼区).
    """
    columns = list(
        Indicator.objects.enterable()
        .select_related("department")
        .annotate(
            per_county=Exists(Target.objects.filter(indicator=OuterRef("pk"), scope=TargetScope.COUNTY))
        )
        .order_by("sort_order", "code")
    )
    owners = {c.pk: c.department_id for c in columns}
    submissions = {(s.region_id, s.department_id): s for s in Submission.objects.filter(year=year)}
    entered: dict[tuple[str, int], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for indicator_id, region_id, kind, successor_id, n in (
        Measurement.objects.filter(year=year)
        .values_list("indicator_id", "region_id", "region__kind", "region__successor_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        owner = (
            ("department", owners.get(indicator_id, 0))
            if kind == RegionKind.CITY
            else ("region", successor_id or region_id)
        )
        entered[owner][indicator_id] += n
    units: list[tuple[Department | Region, str, list[Indicator]]] = [
        (
            department,
            "department",
            [c for c in columns if c.department_id == department.pk and not c.per_county],
        )
        for department in Department.objects.filter(pk__in={c.department_id for c in columns})
    ]
    units += [
        (region, "region", [c for c in columns if c.per_county]) for region in Region.objects.counties()
    ]
    rows = []
    for unit, kind, expected in units:
        if user is not None and not policy.can_view_in(user, Submission, **{kind: unit}):
            continue
        key = (None, unit.pk) if kind == "department" else (unit.pk, None)
        rows.append(_unit_row(unit, kind, submissions.get(key), expected, entered[(kind, unit.pk)], columns))
    return columns, rows


def _unit_row(unit, kind: str, submission: Submission | None, expected, values: dict, columns) -> dict:
    status = submission.status if submission else SubmissionStatus.DRAFT
    filled = "entered" if status == SubmissionStatus.DRAFT else status
    expected_ids = {i.pk for i in expected}
    missing = [i for i in expected if not values.get(i.pk)]
    return {
        "unit": unit,
        "kind": kind,
        "submission": submission,
        "status": status,
        "values": sum(values.values()),
        "expected": len(expected),
        "filled": len(expected) - len(missing),
        "missing": missing,
        "rate": round(100 * (len(expected) - len(missing)) / len(expected)) if expected else None,
        # One cell per column: None where the unit does not report that indicator.
        "cells": [
            (filled if values.get(c.pk) else "missing") if c.pk in expected_ids else None for c in columns
        ],
    }


def completeness_grid(user, year: int) -> dict:
    """The completeness grid of a year: units × indicators, with each indicator's reporting rate."""
    columns, units = _overview(year, user)
    # A department whose indicators all have county targets reports nothing of its own.
    units = [u for u in units if u["expected"]]
    totals = []
    for index, indicator in enumerate(columns):
        cells = [u["cells"][index] for u in units if u["cells"][index] is not None]
        filled = sum(1 for c in cells if c != "missing")
        totals.append({"indicator": indicator, "expected": len(cells), "filled": filled})
    # Columns no unit in view reports (another department's indicators) are left out.
    keep = [i for i, t in enumerate(totals) if t["expected"]]
    for unit in units:
        unit["cells"] = [unit["cells"][i] for i in keep]
    return {"units": units, "columns": [totals[i] for i in keep]}


def unit_indicators(*, year: int, region=None, department=None) -> list[Indicator]:
    """The indicators a unit (a county, or a department for its city values) reports for a year, each with
    `has_value`; one query."""
    values = Measurement.objects.filter(year=year, indicator=OuterRef("pk"))
    expected = Indicator.objects.enterable()
    per_county = Exists(Target.objects.filter(indicator=OuterRef("pk"), scope=TargetScope.COUNTY))
    if region is not None:
        expected = expected.filter(per_county)
        values = values.filter(Q(region=region) | Q(region__successor=region))
    else:
        expected = expected.filter(~per_county, department=department)
        values = values.filter(region__kind=RegionKind.CITY)
    return list(expected.annotate(has_value=Exists(values)).order_by("sort_order", "code"))


def missing_indicators(*, year: int, region=None, department=None) -> list[Indicator]:
    """The indicators a unit has no value of for the year (what 报送 warns about)."""
    indicators = unit_indicators(year=year, region=region, department=department)
    return [i for i in indicators if not getattr(i, "has_value", False)]


def open_years(today: dt.date) -> dict[int, dt.date | None]:
    """The years still open for entry, with their closing date (None when the office set none): those whose
    closing date is still ahead, and the year people are working on unless it is closed. Two queries."""
    closures = dict(PeriodClosure.objects.values_list("year", "closes_on"))
    years: dict[int, dt.date | None] = {year: closes for year, closes in closures.items() if closes >= today}
    latest = latest_year()
    if latest not in closures:
        years[latest] = None
    return dict(sorted(years.items()))


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
