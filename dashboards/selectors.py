"""What the dashboards show, read only from the current run's snapshot rows (core.Statistic).

A dashboard costs the same few queries whatever the data size: one for the current run, one for
its statistic rows (filtered to the metrics, dimensions and periods the page draws), one for the
regions. Everything else is arranged in Python from that small result.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from accounts import policy
from complaints.choices import ACCEPTED_STATUSES
from core import metrics
from core.models import Statistic, StatsRun
from core.periods import MAX_YEAR, MIN_YEAR, Period
from core.stats import current_run, rate
from dashboards.links import record_url
from inspections.choices import PROVINCIAL_ABOVE
from organizations.eras import names_in_year, renamed
from organizations.models import Region
from targets.choices import APPROVED_FIGURES, Status
from targets.selectors import attainment_counts_view, entered_years

PASS_RATE = "inspections.pass_rate"
ACCEPTANCE = "inspections.first_acceptance"
ATTAINMENT = "targets.attainment"
VOLUME, COMPLETION, ON_TIME = "complaints.volume", "complaints.completion", "complaints.on_time"
VALID, CUMULATIVE = "brands.awards_valid", "brands.awards_cumulative"
TOTAL_SCORE = "assessments.total_score"
INCIDENTS = "incidents.count"
# Issue 18: campaign cases (campaigns.stats), by kind over every campaign (dim2 '').
CAMPAIGN_METRICS = [
    "campaigns.cases",
    "campaigns.goods_value",
    "campaigns.fines",
    "campaigns.referred",
    "campaigns.major",
]
# The policy's product classes shown on the dashboard (their sub-classes are on the pass-rate page); 重点监管目录
# products count as manufacturing, so they are shown as a part of it.
PRODUCT_CLASSES = ["agricultural", "food", "manufacturing", "key_catalogue"]
# What a year "has data" means, per source: the figures people enter or import (spot checks, acceptance
# records, complaints, target values). Award counts and target judgements run up to this year whatever was
# entered, so they say nothing about which year is worth opening on.
SOURCES = [("spot_checks", "抽查"), ("acceptance", "验收"), ("complaints", "投诉"), ("targets", "目标填报")]
# The metrics a dashboard shows, by the short name its template uses for their 口径.
SHOWN = {
    "attainment": ATTAINMENT,
    "pass_rate": PASS_RATE,
    "acceptance": ACCEPTANCE,
    "valid": VALID,
    "cumulative": CUMULATIVE,
    "volume": VOLUME,
    "completion": COMPLETION,
    "on_time": ON_TIME,
}
# Metrics read at year level for every region (the city and county comparisons).
COMPARED_METRICS = [ATTAINMENT, PASS_RATE, VALID, VOLUME, COMPLETION, TOTAL_SCORE]


@dataclass(frozen=True)
class Figure:
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None


class Figures:
    """The statistic rows a page fetched, looked up by metric, region, period and dimensions."""

    def __init__(self, rows) -> None:
        self._rows: dict[tuple[str, int, str], dict[tuple[str, str, str], Figure]] = defaultdict(dict)
        self.years: set[int] = set()
        for metric, region_id, period, dim1, dim2, dim3, numerator, denominator, value in rows:
            self._rows[(metric, region_id, period)][(dim1, dim2, dim3)] = Figure(
                numerator, denominator, value
            )
            if len(period) == 4:
                self.years.add(int(period))

    def get(self, metric: str, region_id: int, period, dim1="", dim2="", dim3="") -> Figure | None:
        return self.matching(metric, region_id, period).get((dim1, dim2, dim3))

    def value(self, *args, **kwargs) -> Decimal | None:
        figure = self.get(*args, **kwargs)
        return figure.value if figure else None

    def rate(self, *args, **kwargs) -> Decimal | None:
        figure = self.get(*args, **kwargs)
        return rate(figure.numerator, figure.denominator) if figure else None

    def periods(self, metric: str) -> set[str]:
        return {period for (m, _region, period) in self._rows if m == metric}

    def matching(self, metric: str, region_id: int, period) -> dict[tuple[str, str, str], Figure]:
        """Every dimension combination of one metric, region and period."""
        return self._rows.get((metric, region_id, str(period)), {})


@dataclass
class Freshness:
    run: StatsRun | None
    computed_at: dt.datetime | None
    stale: bool
    stale_after_hours: int = field(default_factory=lambda: settings.STATS_STALE_AFTER_HOURS)


def freshness(run: StatsRun | None) -> Freshness:
    """When the shown figures were computed, and whether that is longer ago than the configured limit."""
    computed_at = run.finished_at if run else None
    limit = dt.timedelta(hours=settings.STATS_STALE_AFTER_HOURS)
    stale = computed_at is None or timezone.now() - computed_at > limit
    return Freshness(run=run, computed_at=computed_at, stale=stale)


# Every period code the portal accepts, by kind: the statistic index is (run, metric, period, region),
# so naming the periods lets each part of the page's query read just its own index range.
YEARS = [str(Period(y)) for y in range(MIN_YEAR, MAX_YEAR + 1)]
QUARTERS = [str(Period(y, quarter=q)) for y in range(MIN_YEAR, MAX_YEAR + 1) for q in range(1, 5)]
MONTHS = [str(Period(y, month=m)) for y in range(MIN_YEAR, MAX_YEAR + 1) for m in range(1, 13)]


def fetch_figures(user, run: StatsRun | None, focus: list[Region], everyone: list[Region]) -> Figures:
    """One query: the rows the dashboard draws, for the focus regions in detail and every region in summary."""
    if run is None:
        return Figures([])
    focus_ids = [r.pk for r in focus]
    focus_years = Q(region__in=focus_ids, period__in=YEARS)
    wanted = (
        # Targets by domain and status, every year.
        Q(metric=ATTAINMENT) & focus_years
        # Pass rates: by level (every class) and by class (every level), years and quarters.
        | Q(metric=PASS_RATE, region__in=focus_ids, period__in=YEARS + QUARTERS) & (Q(dim2="") | Q(dim1=""))
        | Q(metric=ACCEPTANCE, dim2="", dim3="") & focus_years
        | Q(metric__in=[VALID, CUMULATIVE]) & focus_years
        | Q(metric__in=CAMPAIGN_METRICS, dim2="") & focus_years
        # Complaints registered, the year by hotline and by domain; accepted (the completion rate's
        # denominator) and the rates likewise, and accepted by month for the chart.
        | Q(metric=VOLUME, dim2="") & (Q(dim1="") | Q(dim3="")) & focus_years
        | Q(metric__in=[COMPLETION, ON_TIME]) & (Q(dim1="") | Q(dim2="")) & focus_years
        | Q(metric=COMPLETION, region__in=focus_ids, period__in=MONTHS, dim1="", dim2="")
        # Incidents of the year by grade and by domain, and the 区域性/系统性 ones.
        | Q(metric=INCIDENTS) & (Q(dim1="") | Q(dim2="")) & focus_years
        # The county comparison and the assessment ranking: year totals of every region the user may see.
        | Q(metric__in=COMPARED_METRICS, region__in=[r.pk for r in everyone], period__in=YEARS)
        & (Q(dim1="", dim2="", dim3="") | Q(metric__in=[ATTAINMENT, TOTAL_SCORE]))
    )
    rows = (
        Statistic.objects.for_user(user)
        .filter(wanted, run=run)
        .order_by()
        .values_list(
            "metric", "region_id", "period", "dim1", "dim2", "dim3", "numerator", "denominator", "value"
        )
    )
    return Figures(rows)


def sources_by_year(figures: Figures, region: Region, entered: set[int]) -> dict[int, list[str]]:
    """For each year, the sources that hold data for the region (spot checks, acceptance, complaints, target
    values entered): what the year picker shows, and what the default year follows."""
    found: dict[int, set[str]] = defaultdict(set)
    held = {
        "spot_checks": (PASS_RATE, "denominator"),
        "acceptance": (ACCEPTANCE, "denominator"),
        "complaints": (VOLUME, "value"),
    }
    for source, (metric, part) in held.items():
        for period in figures.periods(metric):
            if len(period) == 4:
                figure = figures.get(metric, region.pk, period)
                if figure is not None and getattr(figure, part):
                    found[int(period)].add(source)
    for year in entered:
        found[year].add("targets")
    labels = dict(SOURCES)
    return {
        year: [labels[code] for code, _ in SOURCES if code in held_sources]
        for year, held_sources in sorted(found.items(), reverse=True)
    }


def _pick_year(sources: dict[int, list[str]], figures: Figures, asked: str | None) -> int:
    if asked:
        try:
            return Period.parse(asked).year
        except ValidationError:
            pass  # a bad ?year= falls back to the latest year, like a missing one
    # The latest year (not one to come) with data in any of the sources.
    this_year = timezone.localdate().year
    with_data = [y for y in sources if y <= this_year]
    return max(with_data or [y for y in figures.years if y <= this_year] or [this_year])


def _pct(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _count(value: Decimal | None) -> int | None:
    return int(value) if value is not None else None


def _small(metric: str, denominator) -> bool:
    return metrics.get(metric).small_base(denominator)


def _targets(figures: Figures, region: Region, year: int, view: str) -> dict:
    declared = metrics.get(ATTAINMENT)
    domains = declared.dims[0].labels()
    statuses = list(declared.dims[1].labels().items())
    by_domain = []
    # Every domain the declaration names, the policy's overall goals (总体目标) included: rows sum to 合计.
    for code, label in [("", declared.dims[0].all_label), *domains.items()]:
        counts = {
            s: _count(figures.value(ATTAINMENT, region.pk, year, code, s, view)) or 0 for s, _ in statuses
        }
        by_domain.append(
            {
                "code": code,
                "label": label,
                "counts": [
                    {
                        "status": s,
                        "label": s_label,
                        "count": counts[s],
                        "url": record_url(
                            "targets:board", year=year, region=region.code, domain=code, status=s
                        ),
                    }
                    for s, s_label in statuses
                ],
                "total": sum(counts.values()),
                "met": counts[Status.MET],
                "at_risk": counts[Status.AT_RISK],
                "incomplete": counts[Status.INCOMPLETE],
            }
        )
    return {"by_domain": by_domain, "total": by_domain[0]}


def _pass_rates(figures: Figures, regions: list[Region], year: int) -> dict:
    main = regions[0]
    declared = metrics.get(PASS_RATE)
    quarters = sorted((p for p in figures.periods(PASS_RATE) if "-Q" in p), key=Period.parse)
    series = []
    for region in regions:
        series.append(
            {
                "name": region.name,
                "quarterly": [_pct(figures.rate(PASS_RATE, region.pk, q)) for q in quarters],
            }
        )
    levels = []
    for code in ["", "national", "provincial", "municipal", PROVINCIAL_ABOVE]:
        figure = figures.get(PASS_RATE, main.pk, year, code)
        levels.append(
            {
                "code": code,
                "label": declared.dim_label(0, code),
                "tested": _count(figure.denominator) if figure else None,
                "passed": _count(figure.numerator) if figure else None,
                "rate": figures.rate(PASS_RATE, main.pk, year, code),
                "small_base": declared.small_base(figure.denominator) if figure else False,
                "city_rate": figures.rate(PASS_RATE, regions[-1].pk, year, code)
                if len(regions) > 1
                else None,
                "url": record_url(
                    "inspections:result_list",
                    year=year,
                    region=_region_param(main),
                    level=code if code != PROVINCIAL_ABOVE else "",
                ),
                # The passed batches themselves (省级及以上 spans two levels, which the list cannot select at once).
                "passed_url": record_url(
                    "inspections:result_list",
                    year=year,
                    region=_region_param(main),
                    level=code,
                    conclusion="pass",
                )
                if code != PROVINCIAL_ABOVE
                else "",
            }
        )
    classes = []
    class_names = declared.dims[1].labels()
    for code in PRODUCT_CLASSES:
        figure = figures.get(PASS_RATE, main.pk, year, "", code)
        if figure is None:
            continue
        label = class_names.get(code, code)
        classes.append(
            {
                "code": code,
                # 重点监管目录 products count as manufacturing (they are within its figure).
                "label": f"其中：{label}" if code == "key_catalogue" else label,
                "tested": _count(figure.denominator),
                "rate": rate(figure.numerator, figure.denominator),
                "small_base": declared.small_base(figure.denominator),
                "url": record_url(
                    "inspections:result_list", year=year, region=_region_param(main), product_class=code
                ),
            }
        )
    acceptance = []
    acceptance_metric = metrics.get(ACCEPTANCE)
    for code in ["", "large", "other"]:
        figure = figures.get(ACCEPTANCE, main.pk, year, code)
        acceptance.append(
            {
                "label": acceptance_metric.dim_label(0, code),
                "projects": _count(figure.denominator) if figure else None,
                "rate": rate(figure.numerator, figure.denominator) if figure else None,
                "small_base": acceptance_metric.small_base(figure.denominator) if figure else False,
            }
        )
    return {
        "quarters": quarters,
        "series": series,
        "levels": levels,
        "overall": levels[0],
        "classes": classes,
        "acceptance": acceptance,
        "acceptance_url": record_url("inspections:acceptance_list", year=year, region=_region_param(main)),
    }


def _region_param(region: Region) -> str:
    """Record lists filter by county; the city's records are all of them."""
    return "" if region.kind == "city" else region.code


def _brands(figures: Figures, region: Region, year: int) -> dict:
    years = sorted(figures.years)
    declared = metrics.get(VALID)
    rows = []
    for code, label in [*declared.dims[0].labels().items(), ("", declared.dims[0].all_label)]:
        rows.append(
            {
                "code": code,
                "label": label,
                "valid": _count(figures.value(VALID, region.pk, year, code)),
                "cumulative": _count(figures.value(CUMULATIVE, region.pk, year, code)),
                "url": record_url("brands:award_list", region=_region_param(region), award_type=code),
            }
        )
    return {
        "rows": rows,
        "total": rows[-1],
        "years": years,
        "valid_by_year": [_count(figures.value(VALID, region.pk, y)) for y in years],
    }


def _incidents(figures: Figures, region: Region, year: int) -> dict:
    declared = metrics.get(INCIDENTS)

    def row(label: str, count, **filters: str) -> dict:
        return {
            "label": label,
            "count": _count(count) or 0,
            "url": record_url("incidents:incident_list", region=_region_param(region), year=year, **filters),
        }

    return {
        "grades": [
            row(label, figures.value(INCIDENTS, region.pk, year, code), grade=code)
            for code, label in declared.dims[0].labels().items()
        ],
        "domains": [
            row(label, figures.value(INCIDENTS, region.pk, year, "", code), domain=code)
            for code, label in declared.dims[1].labels().items()
        ],
        "total": row("合计", figures.value(INCIDENTS, region.pk, year)),
        "veto": row(
            "区域性或系统性", figures.value(INCIDENTS, region.pk, year, "", "", "veto"), vetoes="true"
        ),
        "caliber": declared.describe(),
    }


def _campaigns(figures: Figures, region: Region, year: int) -> dict:
    """Cases of the year's campaigns by kind (打假治劣, 专项整治, all), each linked to the cases behind it."""
    declared = metrics.get(CAMPAIGN_METRICS[0])
    rows = []
    for code, label in [*declared.dims[0].labels().items(), ("", declared.dims[0].all_label)]:
        values = [figures.value(metric, region.pk, year, code) for metric in CAMPAIGN_METRICS]
        rows.append(
            {
                "code": code,
                "label": label,
                "cases": _count(values[0]) or 0,
                "goods_value": values[1] or 0,
                "fines": values[2] or 0,
                "referred": _count(values[3]) or 0,
                "major": _count(values[4]) or 0,
                "url": record_url("campaigns:case_list", region=_region_param(region), year=year, kind=code),
            }
        )
    return {"rows": rows, "caliber": declared.describe()}


def complaint_list_params(region: Region, year: int) -> dict:
    """The complaint list's filter for the complaints a dashboard counts as accepted (受理) in a year: received
    in the year, in a status at or after acceptance — the completion rate's denominator, record for record."""
    period = Period(year)
    return {
        "received_from": period.start.isoformat(),
        "received_to": period.end.isoformat(),
        "region": _region_param(region),
        "status": [str(s) for s in ACCEPTED_STATUSES],
    }


def _complaints(figures: Figures, regions: list[Region], year: int) -> dict:
    main = regions[0]
    months = [str(m) for m in Period(year).months()]
    accepted_params = complaint_list_params(main, year)
    received = {k: v for k, v in accepted_params.items() if k != "status"}
    hotline_names = metrics.get(VOLUME).dims[0].labels()
    hotlines = []
    for code in [*hotline_names, ""]:
        completion = figures.get(COMPLETION, main.pk, year, code)
        hotlines.append(
            {
                "code": code,
                "label": code or "合计",
                "title": hotline_names.get(code, ""),
                "registered": _count(figures.value(VOLUME, main.pk, year, code)),
                # 受理: the completion rate's denominator (accepted and every later step).
                "accepted": _accepted(completion, figures.value(VOLUME, main.pk, year, code)),
                "completion": figures.rate(COMPLETION, main.pk, year, code),
                "on_time": figures.rate(ON_TIME, main.pk, year, code),
                "small_base": metrics.get(COMPLETION).small_base(completion.denominator)
                if completion
                else False,
                "url": record_url("complaints:complaint_list", **accepted_params, hotline=code),
                "registered_url": record_url("complaints:complaint_list", **received, hotline=code),
            }
        )
    domain_names = metrics.get(COMPLETION).dims[1].labels()
    domains = []
    for code, label in domain_names.items():
        completion = figures.get(COMPLETION, main.pk, year, "", code)
        domains.append(
            {
                "code": code,
                "label": label,
                "accepted": _accepted(completion, figures.value(VOLUME, main.pk, year, "", "", code)),
                "url": record_url("complaints:complaint_list", **accepted_params, domain=code),
            }
        )
    return {
        "hotlines": hotlines,
        "total": hotlines[-1],
        "domains": domains,
        "months": [m[5:] + "月" for m in months],
        "monthly": [
            {
                "name": region.name,
                "values": [_count(_denominator(figures.get(COMPLETION, region.pk, m))) for m in months],
            }
            for region in regions[:1]
        ],
        "closed_url": record_url("complaints:complaint_list", **received, status="closed"),
    }


def _accepted(completion: Figure | None, registered: Decimal | None) -> int | None:
    """受理 (the completion rate's denominator); 0 when complaints were registered but none accepted, — when
    none were registered."""
    if completion is not None:
        return _count(completion.denominator)
    return 0 if registered is not None else None


def _denominator(figure: Figure | None) -> Decimal | None:
    return figure.denominator if figure else None


def _ranking(figures: Figures, counties: list[Region], year: int, changes: list) -> dict:
    """Counties by their announced assessment score of the latest assessed year up to `year`."""
    scored_years = sorted(int(p) for p in figures.periods(TOTAL_SCORE) if int(p) <= year)
    if not scored_years:
        return {"year": None, "rows": []}
    assessed = scored_years[-1]
    names = names_in_year(assessed, changes)
    rows: list[dict[str, Any]] = []
    for county in counties:
        for grade, figure in figures.matching(TOTAL_SCORE, county.pk, str(assessed)).items():
            rows.append(
                {
                    "region": county,
                    "name": names.get(county.pk, county.name),
                    "grade": grade[0],
                    "score": figure.value,
                }
            )
    # A veto makes the grade D whatever the score, and ranks the county last: order by grade first.
    rows.sort(key=lambda r: (r["score"] is None, r["grade"], -(r["score"] or 0), r["region"].sort_order))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
        row["dashboard"] = record_url("dashboards:county", code=row["region"].code)
    return {
        "year": assessed,
        "rows": rows,
        "url": record_url("assessments:result_list", year=assessed),
    }


def _comparison(
    figures: Figures, regions: list[Region], year: int, view: str, names: dict[int, str], *, link: bool
) -> list[dict]:
    """One line per region: the headline figures side by side, each region named as it was in the year."""
    lines = []
    statuses = metrics.get(ATTAINMENT).dims[1].labels()
    for region in regions:
        met = figures.value(ATTAINMENT, region.pk, year, "", Status.MET, view)
        total = sum((figures.value(ATTAINMENT, region.pk, year, "", s, view) or 0) for s in statuses)
        passed = figures.get(PASS_RATE, region.pk, year)
        completion = figures.get(COMPLETION, region.pk, year)
        lines.append(
            {
                "region": region,
                "name": names.get(region.pk, region.name),
                "targets_met": _count(met),
                "targets_total": int(total) if total else None,
                "pass_rate": figures.rate(PASS_RATE, region.pk, year),
                "tested": _count(passed.denominator) if passed else None,
                "small_base": _small(PASS_RATE, passed.denominator) if passed else False,
                "awards_valid": _count(figures.value(VALID, region.pk, year)),
                "complaints": _accepted(completion, figures.value(VOLUME, region.pk, year)),
                "completion": figures.rate(COMPLETION, region.pk, year),
                "dashboard": record_url("dashboards:county", code=region.code, year=year)
                if link and region.kind != "city"
                else None,
            }
        )
    return lines


def _kpis(data: dict) -> list[dict]:
    """The headline cards: label, figure, unit, the records behind it, a line of context and its 口径."""
    targets, overall = data["targets"]["total"], data["pass_rates"]["overall"]
    complaints = data["complaints"]
    year, to_date = data["year"], "至今" if data["in_progress"] else ""
    registered = complaints["total"]["registered"]
    return [
        {
            "label": "目标已达成",
            "value": targets["met"] if targets["total"] else None,
            "unit": f" / {targets['total']} 项",
            "url": data["targets_url"],
            "sub": f"{year}年，有风险 {targets['at_risk']} 项，暂不评判 {targets['incomplete']} 项",
            "caliber": metrics.get(ATTAINMENT).describe(),
        },
        {
            "label": "监督抽查合格率",
            "value": overall["rate"],
            "unit": "%",
            "url": overall["url"],
            "sub": f"{year}年{to_date}抽查 {intcomma(overall['tested'])} 批次"
            if overall["tested"] is not None
            else f"{year}年",
            "small_base": overall["small_base"],
            "caliber": metrics.get(PASS_RATE).describe(),
        },
        {
            "label": "有效名牌与奖项",
            "value": data["brands"]["total"]["valid"],
            "unit": " 项",
            "url": data["brands"]["total"]["url"],
            "sub": f"{year}年末有效{'（按有效期推算）' if to_date else ''}",
            "caliber": metrics.get(VALID).describe(),
        },
        {
            "label": "投诉举报受理",
            "value": complaints["total"]["accepted"],
            "unit": " 件",
            "url": complaints["total"]["url"],
            "sub": f"{year}年{to_date}，登记 {intcomma(registered) if registered is not None else '—'} 件",
            "caliber": metrics.get(COMPLETION).describe() + " 登记量：" + metrics.get(VOLUME).caliber,
        },
        {
            "label": "办结率",
            "value": complaints["total"]["completion"],
            "unit": "%",
            "url": complaints["closed_url"],
            "sub": "已办结 / 受理",
            "caliber": metrics.get(COMPLETION).describe(),
        },
        {
            "label": metrics.get(ON_TIME).label,
            "value": complaints["total"]["on_time"],
            "unit": "%",
            "url": complaints["total"]["url"],
            "sub": "期限内办理 / 已办理与超期未办理",
            "caliber": metrics.get(ON_TIME).describe(),
        },
    ]


def _charts(data: dict) -> dict:
    """The series the page's ECharts draw, as plain JSON."""
    targets, pass_rates, complaints = data["targets"], data["pass_rates"], data["complaints"]
    domains = targets["by_domain"][1:]
    statuses = list(metrics.get(ATTAINMENT).dims[1].labels().items())
    return {
        "targets": {
            "domains": [d["label"] for d in domains],
            "series": [
                {"status": s, "name": label, "data": [d["counts"][i]["count"] for d in domains]}
                for i, (s, label) in enumerate(statuses)
            ],
        },
        "passTrend": {
            "periods": pass_rates["quarters"],
            "series": [{"name": s["name"], "data": s["quarterly"]} for s in pass_rates["series"]],
        },
        "classes": {
            "labels": [c["label"] for c in pass_rates["classes"]],
            "rates": [_pct(c["rate"]) for c in pass_rates["classes"]],
        },
        "complaints": {"months": complaints["months"], "series": complaints["monthly"]},
        "brands": {"years": data["brands"]["years"], "valid": data["brands"]["valid_by_year"]},
    }


def calibers(*names: str) -> list[dict]:
    """The declared 口径 of the metrics a page shows, for its 统计口径 section."""
    return [{"label": m.label, "unit": m.unit, "text": m.describe()} for m in map(metrics.get, names)]


def dashboard(user, region: Region, *, year: str | None = None) -> dict:
    """Everything a city or county dashboard shows, for one year; a county is compared with the city."""
    run = current_run()
    city = Region.objects.city() if region.kind != "city" else region
    # Counties whose own figures this user may see (a county official: only their own).
    counties = [c for c in Region.objects.counties() if policy.can_view_in(user, Statistic, region=c)]
    everyone = [city, *counties]
    focus = [region] if region == city else [region, city]
    figures = fetch_figures(user, run, focus, everyone)
    sources = sources_by_year(figures, region, entered_years(user, region))
    chosen = _pick_year(sources, figures, year)
    view = attainment_counts_view(user)
    changes = renamed()
    names = names_in_year(chosen, changes)
    this_year = timezone.localdate().year
    # The years worth choosing: those with data in a source (award counts run every year, they do not count).
    years = sorted({y for y in sources if y <= this_year} | {chosen}, reverse=True)
    data = {
        "region": region,
        "region_name": names.get(region.pk, region.name),
        "city": city,
        "is_city": region == city,
        "year": chosen,
        "in_progress": chosen >= this_year,
        "years": years,
        "year_options": [{"year": y, "sources": sources.get(y, [])} for y in years],
        "freshness": freshness(run),
        "targets": _targets(figures, region, chosen, view),
        "approved_only": view == APPROVED_FIGURES,
        "pass_rates": _pass_rates(figures, focus, chosen),
        "brands": _brands(figures, region, chosen),
        "complaints": _complaints(figures, focus, chosen),
        "incidents": _incidents(figures, region, chosen),
        "campaigns": _campaigns(figures, region, chosen),
        "targets_url": record_url("targets:board", year=chosen, region=_region_param(region)),
        "calibers": calibers(
            ATTAINMENT,
            PASS_RATE,
            ACCEPTANCE,
            VALID,
            CUMULATIVE,
            VOLUME,
            COMPLETION,
            ON_TIME,
            *CAMPAIGN_METRICS,
            INCIDENTS,
        ),
        "small_base": metrics.SMALL_BASE,
    }
    data["kpis"] = _kpis(data)
    data["charts"] = _charts(data)
    if region == city:
        data["ranking"] = _ranking(figures, counties, chosen, changes)
        data["comparison"] = _comparison(figures, everyone, chosen, view, names, link=True)
    else:
        data["scores"] = [
            {"year": y, "grade": grade[0], "score": figure.value}
            for y in sorted(figures.years, reverse=True)
            for grade, figure in figures.matching(TOTAL_SCORE, region.pk, str(y)).items()
        ]
        data["comparison"] = _comparison(figures, [region, city], chosen, view, names, link=False)
    return data
