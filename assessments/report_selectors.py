"""The data of the quality-status analysis report, from the current statistics snapshot.

Labels, units and 口径 come from the metric declaration (core.metrics), status words from targets' one set,
and every figure is the one the dashboards show for the same period (受理 is the completion rate's
denominator everywhere); regions are named as they were in the period (大洼县 before 2016).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from accounts import policy
from assessments.selectors import assessment_months
from core import metrics
from core.models import Statistic
from core.periods import Period
from organizations.eras import names_in_year
from organizations.models import Region
from targets.choices import Status
from targets.models import Target
from targets.selectors import attainment_counts_view

PASS_RATE, VALID = "inspections.pass_rate", "brands.awards_valid"
VOLUME, COMPLETION = "complaints.volume", "complaints.completion"
ATTAINMENT, TARGET = "targets.attainment", "targets.target"
QUALITY_METRICS = [ATTAINMENT, TARGET, PASS_RATE, VALID, VOLUME, COMPLETION]
# Awards and target attainment exist per year only: for a quarter or a month they are read for its year.
YEARLY = {ATTAINMENT, TARGET, VALID}
# The one set of status words (targets.choices.Status), in the order the report's columns take.
STATUS_LABELS = {status.value: str(status.label) for status in Status}


def _whole(value: Decimal | None) -> int | None:
    return None if value is None else int(value)


def _percent(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _targets(codes: set[str]) -> dict[str, tuple[str, str]]:
    """Target code → (name, unit of its indicator)."""
    rows = Target.objects.filter(code__in=codes).values_list("code", "name", "indicator__unit_label")
    return {code: (name, unit or "") for code, name, unit in rows}


def quality_status(period: Period, user) -> dict:
    """The tables of a quality-status analysis report for a period, ready to print (labels in Chinese, counts
    as whole numbers, figures with their units), for the PDF and the workbook alike."""
    year = str(period.year_period)
    rows = list(
        Statistic.objects.current()
        .for_user(user)
        .filter(metric__in=QUALITY_METRICS, period__in={str(period), year})
        .select_related("region")
        .order_by("region__sort_order", "metric", "dim1", "dim2", "dim3")
    )
    wanted = [r for r in rows if r.period == (year if r.metric in YEARLY else str(period))]
    city = Region.objects.city()
    names = names_in_year(period.year)
    by_metric: dict[str, list[Statistic]] = defaultdict(list)
    for row in wanted:
        by_metric[row.metric].append(row)

    def pick(metric: str, *, city_only: bool = True, **dims) -> list[Statistic]:
        return [
            r
            for r in by_metric[metric]
            if (not city_only or r.region_id == city.pk) and all(getattr(r, k) == v for k, v in dims.items())
        ]

    def name(region: Region) -> str:
        return names.get(region.pk, region.name)

    attainment_metric = metrics.get(ATTAINMENT)
    domain_labels = attainment_metric.dims[0].labels()
    attainment: dict[str, dict] = {}
    for row in pick(ATTAINMENT, dim3=attainment_counts_view(user)):
        attainment.setdefault(row.dim1, {"label": attainment_metric.dim_label(0, row.dim1)})[row.dim2] = (
            _whole(row.value)
        )
    domain_order = [*domain_labels, ""]
    domains = sorted(
        attainment, key=lambda d: domain_order.index(d) if d in domain_order else len(domain_order)
    )
    targets = pick(TARGET)
    named = _targets({t.dim1 for t in targets})
    pass_rate = metrics.get(PASS_RATE)
    regions = [r for r in pick(PASS_RATE, city_only=False, dim1="", dim2="") if r.region_id != city.pk]
    completion = pick(COMPLETION, city_only=False, dim1="", dim2="")
    city_completion = next(iter(pick(COMPLETION, dim1="", dim2="")), None)
    registered = next(iter(pick(VOLUME, dim1="", dim2="", dim3="")), None)
    accepted_by_hotline = {r.dim1: r for r in pick(COMPLETION, dim2="") if r.dim1}
    hotlines = metrics.get(VOLUME).dims[0].labels()

    def pass_row(label: str, r: Statistic) -> dict:
        return {
            "label": label,
            "tested": _whole(r.denominator),
            "passed": _whole(r.numerator),
            "rate": _percent(r.value),
            "small_base": pass_rate.small_base(r.denominator),
        }

    return {
        "period": period,
        "city": city,
        "has_data": bool(wanted),
        "statuses": STATUS_LABELS,
        "attainment": [
            {"key": d, **attainment[d], "cells": [attainment[d].get(s) for s in STATUS_LABELS]}
            for d in domains
        ],
        "targets": [
            {
                "name": named.get(t.dim1, (t.dim1, ""))[0],
                "status": t.dim2,
                "status_label": STATUS_LABELS.get(t.dim2, t.dim2),
                "value": t.value,
                "unit": named.get(t.dim1, ("", ""))[1],
                "shown": metrics.show(t.value, named.get(t.dim1, ("", ""))[1]),
            }
            for t in sorted(targets, key=lambda t: (t.dim2 != "not_met", t.dim2 != "at_risk", t.dim1))
        ],
        "pass_rates": [
            pass_row(f"全市 · {pass_rate.dim_label(0, r.dim1)}", r) for r in pick(PASS_RATE, dim2="")
        ]
        + [pass_row(name(r.region), r) for r in regions],
        "region_pass_rates": [(name(r.region), r.value) for r in regions],
        "small_base": metrics.SMALL_BASE,
        "awards": [
            {"label": metrics.get(VALID).dim_label(0, r.dim1), "count": _whole(r.value)}
            for r in pick(VALID)
            if r.dim1
        ],
        # 受理 is the completion rate's denominator, as on the dashboards; 登记 counts every work order.
        "complaints_total": _whole(city_completion.denominator)
        if city_completion
        else (0 if registered else None),
        "complaints_registered": _whole(registered.value) if registered else None,
        "complaints": [
            {
                "label": hotlines.get(r.dim1, r.dim1),
                "registered": _whole(r.value),
                "count": _whole(accepted_by_hotline[r.dim1].denominator)
                if r.dim1 in accepted_by_hotline
                else 0,
            }
            for r in pick(VOLUME, dim2="", dim3="")
            if r.dim1
        ],
        "completion": [
            {
                "label": name(r.region),
                "accepted": _whole(r.denominator),
                "closed": _whole(r.numerator),
                "rate": _percent(r.value),
            }
            for r in completion
        ],
        "calibers": [
            {"label": m.label, "text": m.describe()}
            for m in map(metrics.get, [ATTAINMENT, PASS_RATE, VALID, VOLUME, COMPLETION])
        ],
    }


INCIDENTS = "incidents.count"


def incidents_in_window(scheme, user, regions: list[Region]) -> dict:
    """The annual report's 质量安全事故 table: per county, the incidents of the assessment window by grade (the
    months of the window summed from the current snapshot, as declared in `incidents.count`), the 区域性/系统性
    ones, and the veto each county's assessment carries (core.vetoes, linked on the pages)."""
    declared = metrics.get(INCIDENTS)
    grades = declared.dims[0].labels()
    # A county reading the annual report sees its own figures, not zeros for counties it may not see.
    regions = [r for r in regions if policy.can_view_in(user, Statistic, region=r)]
    rows = (
        Statistic.objects.current()
        .for_user(user)
        .filter(
            metric=INCIDENTS,
            region__in=[r.pk for r in regions],
            period__in=assessment_months(scheme),
            dim2="",
        )
        .values_list("region_id", "dim1", "dim3", "value")
    )
    counts: dict[tuple[int, str, str], int] = defaultdict(int)
    for region_id, grade, extent, value in rows:
        counts[(region_id, grade, extent)] += int(value or 0)
    return {
        "grades": list(grades.values()),
        "caliber": declared.describe(),
        "rows": [
            {
                "region": region,
                "cells": [counts[(region.pk, code, "")] for code in grades],
                "total": counts[(region.pk, "", "")],
                "veto": counts[(region.pk, "", "veto")],
            }
            for region in regions
        ],
    }
