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
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from accounts import policy
from core.models import Statistic, StatsRun
from core.periods import MAX_YEAR, MIN_YEAR, Period
from core.stats import current_run, rate
from dashboards.links import record_url
from inspections.choices import PROVINCIAL_ABOVE, PROVINCIAL_ABOVE_LABEL
from organizations.models import Region
from targets.choices import APPROVED_FIGURES
from targets.selectors import attainment_counts_view

DOMAINS = [("product", "产品质量"), ("engineering", "工程质量"), ("service", "服务质量")]
TARGET_STATUSES = [
    ("met", "已达成"),
    ("at_risk", "有风险"),
    ("not_met", "未达成"),
    ("no_data", "无数据"),
    ("qualitative", "定性评价"),
]
LEVELS = [("", "全部"), ("national", "国家级"), ("provincial", "省级"), ("municipal", "市级")]
PRODUCT_CLASSES = {
    "agricultural": "农产品",
    "food": "食品",
    "manufacturing": "工业产品",
    "key_catalogue": "重点监管目录产品",
}
AWARD_TYPES = [
    ("liaoning_brand", "辽宁名牌产品"),
    ("panjin_brand", "盘锦名牌产品"),
    ("governor_award", "省长质量奖"),
    ("mayor_award", "市长质量奖"),
    ("geo_indication", "地理标志产品"),
    ("well_known_mark", "驰名商标"),
    ("famous_mark", "著名商标"),
]
HOTLINES = ["12365", "12315", "96151", "12331"]
COMPLAINT_DOMAINS = [("product", "产品"), ("engineering", "工程"), ("service", "服务"), ("food", "食品")]

PASS_RATE = "inspections.pass_rate"
# Spot checks are the office's main source of numbers: a dashboard opens on their latest year
# (complaints arrive every day, so their latest year says little about what has been reported).
ACTIVITY_METRICS = [PASS_RATE]
# Metrics read at year level for every region (the city and county comparisons).
COMPARED_METRICS = [
    "targets.attainment",
    PASS_RATE,
    "brands.awards_valid",
    "complaints.volume",
    "complaints.completion",
    "assessments.total_score",
]


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
        Q(metric="targets.attainment") & focus_years
        # Pass rates: by level (every class) and by class (every level), years and quarters.
        | Q(metric=PASS_RATE, region__in=focus_ids, period__in=YEARS + QUARTERS) & (Q(dim2="") | Q(dim1=""))
        | Q(metric="inspections.first_acceptance", dim2="", dim3="") & focus_years
        | Q(metric__in=["brands.awards_valid", "brands.awards_cumulative"]) & focus_years
        # Complaint volumes: the monthly total, and the year by hotline and by domain.
        | Q(metric="complaints.volume", region__in=focus_ids, period__in=MONTHS, dim1="", dim2="", dim3="")
        | Q(metric="complaints.volume", dim2="") & (Q(dim1="") | Q(dim3="")) & focus_years
        | Q(metric__in=["complaints.completion", "complaints.on_time"], dim2="") & focus_years
        # The county comparison and the assessment ranking: year totals of every region the user may see.
        | Q(metric__in=COMPARED_METRICS, region__in=[r.pk for r in everyone], period__in=YEARS)
        & (Q(dim1="", dim2="", dim3="") | Q(metric__in=["targets.attainment", "assessments.total_score"]))
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


def _pick_year(figures: Figures, asked: str | None) -> int:
    if asked:
        try:
            return Period.parse(asked).year
        except ValidationError:
            pass  # a bad ?year= falls back to the latest year, like a missing one
    # Brand counts and target judgements run up to this year whatever was entered; the latest year
    # with spot checks or complaints is the one worth opening on.
    active = {int(p[:4]) for metric in ACTIVITY_METRICS for p in figures.periods(metric)} or figures.years
    this_year = timezone.localdate().year
    past = [y for y in active if y <= this_year]
    return max(past or active or [this_year])


def _pct(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _count(value: Decimal | None) -> int | None:
    return int(value) if value is not None else None


def _targets(figures: Figures, region: Region, year: int, view: str) -> dict:
    by_domain = []
    for code, label in [("", "合计"), *DOMAINS]:
        counts = {
            s: _count(figures.value("targets.attainment", region.pk, year, code, s, view)) or 0
            for s, _ in TARGET_STATUSES
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
                    for s, s_label in TARGET_STATUSES
                ],
                "total": sum(counts.values()),
                "met": counts["met"],
            }
        )
    return {"by_domain": by_domain, "total": by_domain[0]}


def _pass_rates(figures: Figures, regions: list[Region], year: int) -> dict:
    main = regions[0]
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
    for code, label in [*LEVELS, (PROVINCIAL_ABOVE, PROVINCIAL_ABOVE_LABEL)]:
        figure = figures.get(PASS_RATE, main.pk, year, code)
        levels.append(
            {
                "code": code,
                "label": label,
                "tested": _count(figure.denominator) if figure else None,
                "passed": _count(figure.numerator) if figure else None,
                "rate": figures.rate(PASS_RATE, main.pk, year, code),
                "city_rate": figures.rate(PASS_RATE, regions[-1].pk, year, code)
                if len(regions) > 1
                else None,
                "url": record_url(
                    "inspections:result_list",
                    year=year,
                    region=_region_param(main),
                    level=code if code != "provincial_above" else "",
                ),
            }
        )
    # The policy's four product classes (their sub-classes are on the pass-rate page).
    classes = []
    for code, label in PRODUCT_CLASSES.items():
        figure = figures.get(PASS_RATE, main.pk, year, "", code)
        if figure is None:
            continue
        classes.append(
            {
                "code": code,
                "label": label,
                "tested": _count(figure.denominator),
                "rate": rate(figure.numerator, figure.denominator),
                "url": record_url(
                    "inspections:result_list", year=year, region=_region_param(main), product_class=code
                ),
            }
        )
    acceptance = []
    for code, label in [("", "全部"), ("large", "大中型"), ("other", "其他")]:
        figure = figures.get("inspections.first_acceptance", main.pk, year, code)
        acceptance.append(
            {
                "label": label,
                "projects": _count(figure.denominator) if figure else None,
                "rate": rate(figure.numerator, figure.denominator) if figure else None,
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
    rows = []
    for code, label in [*AWARD_TYPES, ("", "合计")]:
        rows.append(
            {
                "code": code,
                "label": label,
                "valid": _count(figures.value("brands.awards_valid", region.pk, year, code)),
                "cumulative": _count(figures.value("brands.awards_cumulative", region.pk, year, code)),
                "url": record_url("brands:award_list", region=_region_param(region), award_type=code),
            }
        )
    return {
        "rows": rows,
        "total": rows[-1],
        "years": years,
        "valid_by_year": [_count(figures.value("brands.awards_valid", region.pk, y)) for y in years],
    }


def _complaints(figures: Figures, regions: list[Region], year: int) -> dict:
    main = regions[0]
    months = [str(m) for m in Period(year).months()]
    region_param = _region_param(main)
    # The complaint list filters by the date received, not by year.
    received = {"received_from": Period(year).start.isoformat(), "received_to": Period(year).end.isoformat()}
    hotlines = []
    for code in [*HOTLINES, ""]:
        hotlines.append(
            {
                "code": code,
                "label": code or "合计",
                "volume": _count(figures.value("complaints.volume", main.pk, year, code)),
                "completion": figures.rate("complaints.completion", main.pk, year, code),
                "on_time": figures.rate("complaints.on_time", main.pk, year, code),
                "url": record_url("complaints:complaint_list", **received, region=region_param, hotline=code),
            }
        )
    domains = [
        {
            "code": code,
            "label": label,
            "volume": _count(figures.value("complaints.volume", main.pk, year, "", "", code)),
            "url": record_url("complaints:complaint_list", **received, region=region_param, domain=code),
        }
        for code, label in COMPLAINT_DOMAINS
    ]
    return {
        "hotlines": hotlines,
        "total": hotlines[-1],
        "domains": domains,
        "months": [m[5:] + "月" for m in months],
        "monthly": [
            {
                "name": region.name,
                "values": [_count(figures.value("complaints.volume", region.pk, m)) for m in months],
            }
            for region in regions
        ],
        "closed_url": record_url(
            "complaints:complaint_list", **received, region=region_param, status="closed"
        ),
    }


def _ranking(figures: Figures, counties: list[Region], year: int) -> dict:
    """Counties by their announced assessment score of the latest assessed year up to `year`."""
    scored_years = sorted(int(p) for p in figures.periods("assessments.total_score") if int(p) <= year)
    if not scored_years:
        return {"year": None, "rows": []}
    assessed = scored_years[-1]
    rows: list[dict[str, Any]] = []
    for county in counties:
        for grade, figure in figures.matching("assessments.total_score", county.pk, str(assessed)).items():
            rows.append({"region": county, "grade": grade[0], "score": figure.value})
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


def _comparison(figures: Figures, regions: list[Region], year: int, view: str, *, link: bool) -> list[dict]:
    """One line per region: the headline figures side by side."""
    lines = []
    for region in regions:
        met = figures.value("targets.attainment", region.pk, year, "", "met", view)
        total = sum(
            (figures.value("targets.attainment", region.pk, year, "", s, view) or 0)
            for s, _ in TARGET_STATUSES
        )
        lines.append(
            {
                "region": region,
                "targets_met": _count(met),
                "targets_total": int(total) if total else None,
                "pass_rate": figures.rate(PASS_RATE, region.pk, year),
                "awards_valid": _count(figures.value("brands.awards_valid", region.pk, year)),
                "complaints": _count(figures.value("complaints.volume", region.pk, year)),
                "completion": figures.rate("complaints.completion", region.pk, year),
                "dashboard": record_url("dashboards:county", code=region.code, year=year)
                if link and region.kind != "city"
                else None,
            }
        )
    return lines


def _kpis(data: dict) -> list[dict]:
    """The headline cards: label, figure, unit, the records behind it, and a line of context."""
    targets, overall = data["targets"]["total"], data["pass_rates"]["overall"]
    complaints = data["complaints"]
    year = data["year"]
    return [
        {
            "label": "目标已达成",
            "value": targets["met"] if targets["total"] else None,
            "unit": f" / {targets['total']} 项",
            "url": data["targets_url"],
            "sub": f"{year}年，含有风险 {targets['counts'][1]['count']} 项",
        },
        {
            "label": "监督抽查合格率",
            "value": overall["rate"],
            "unit": "%",
            "url": overall["url"],
            "sub": f"抽查 {overall['tested']} 批次" if overall["tested"] is not None else f"{year}年",
        },
        {
            "label": "有效名牌与奖项",
            "value": data["brands"]["total"]["valid"],
            "unit": " 项",
            "url": data["brands"]["total"]["url"],
            "sub": f"{year}年末有效",
        },
        {
            "label": "投诉举报受理",
            "value": complaints["total"]["volume"],
            "unit": " 件",
            "url": complaints["total"]["url"],
            "sub": f"{year}年，四条热线合计",
        },
        {
            "label": "办结率",
            "value": complaints["total"]["completion"],
            "unit": "%",
            "url": complaints["closed_url"],
            "sub": "已办结 / 已受理",
        },
        {
            "label": "按时办结率",
            "value": complaints["total"]["on_time"],
            "unit": "%",
            "url": complaints["total"]["url"],
            "sub": "期限内办理 / 已办理与超期未办理",
        },
    ]


def _charts(data: dict) -> dict:
    """The series the page's ECharts draw, as plain JSON."""
    targets, pass_rates, complaints = data["targets"], data["pass_rates"], data["complaints"]
    domains = targets["by_domain"][1:]
    return {
        "targets": {
            "domains": [d["label"] for d in domains],
            "series": [
                {"status": s, "name": label, "data": [d["counts"][i]["count"] for d in domains]}
                for i, (s, label) in enumerate(TARGET_STATUSES)
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
        "complaints": {"months": complaints["months"], "series": complaints["monthly"][:1]},
        "brands": {"years": data["brands"]["years"], "valid": data["brands"]["valid_by_year"]},
    }


def dashboard(user, region: Region, *, year: str | None = None) -> dict:
    """Everything a city or county dashboard shows, for one year; a county is compared with the city."""
    run = current_run()
    city = Region.objects.city() if region.kind != "city" else region
    # Counties whose own figures this user may see (a county official: only their own).
    counties = [c for c in Region.objects.counties() if policy.can_view_in(user, Statistic, region=c)]
    everyone = [city, *counties]
    focus = [region] if region == city else [region, city]
    figures = fetch_figures(user, run, focus, everyone)
    chosen = _pick_year(figures, year)
    view = attainment_counts_view(user)
    data = {
        "region": region,
        "city": city,
        "is_city": region == city,
        "year": chosen,
        "years": sorted(figures.years, reverse=True),
        "freshness": freshness(run),
        "targets": _targets(figures, region, chosen, view),
        "approved_only": view == APPROVED_FIGURES,
        "pass_rates": _pass_rates(figures, focus, chosen),
        "brands": _brands(figures, region, chosen),
        "complaints": _complaints(figures, focus, chosen),
        "targets_url": record_url("targets:board", year=chosen, region=_region_param(region)),
    }
    data["kpis"] = _kpis(data)
    data["charts"] = _charts(data)
    if region == city:
        data["ranking"] = _ranking(figures, counties, chosen)
        data["comparison"] = _comparison(figures, everyone, chosen, view, link=True)
    else:
        data["scores"] = [
            {"year": y, "grade": grade[0], "score": figure.value}
            for y in sorted(figures.years, reverse=True)
            for grade, figure in figures.matching("assessments.total_score", region.pk, str(y)).items()
        ]
        data["comparison"] = _comparison(figures, [region, city], chosen, view, link=False)
    return data
