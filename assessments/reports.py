"""The reports leaders download: the annual assessment report, one county's report, the quality-status analysis.

Each report is one context built from the selectors (so it shows what the requesting user may see, with
the same numbers as the pages), rendered to PDF by WeasyPrint from an HTML template or to .xlsx sheets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.template.loader import render_to_string
from django.utils import timezone

from assessments import report_selectors, selectors
from assessments.choices import ReportFormat, ReportKind
from assessments.models import Assessment, Scheme
from core.exports import workbook_bytes
from core.models import Job
from core.periods import Period
from organizations.models import Region

logger = logging.getLogger(__name__)
# WeasyPrint logs every layout step at INFO; a report is one line in our log, not a page of them.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
REPORT_JOB = "assessments.report"
GRADE_COLOURS = {"A": "#198754", "B": "#0b4f8a", "C": "#d39e00", "D": "#dc3545"}


@dataclass
class Report:
    """What a user asked for: the kind of report, its format, and the year, county or period it covers."""

    kind: str
    fmt: str
    user: object
    scheme: Scheme | None = None
    region: Region | None = None
    period: str = ""

    @property
    def title(self) -> str:
        if self.kind == ReportKind.QUALITY_STATUS:
            return f"{Period.parse(self.period).label()}质量状况分析报告"
        if self.kind == ReportKind.COUNTY and self.region is not None:
            return f"{self.scheme.year}年度{self.region.name}质量工作考核报告"
        return (
            f"{self.scheme.year}年度县区质量工作考核报告" if self.scheme else str(ReportKind(self.kind).label)
        )

    @property
    def filename(self) -> str:
        return f"{self.title}.{self.fmt}"

    def params(self) -> dict:
        """The report as a job's params (ids and codes, so the job row stands on its own)."""
        return {
            "kind": self.kind,
            "fmt": self.fmt,
            "scheme": self.scheme.pk if self.scheme else None,
            "year": self.scheme.year if self.scheme else None,
            "region": self.region.code if self.region else None,
            "period": self.period,
            "filename": self.filename,
        }

    @classmethod
    def of_job(cls, job: Job) -> Report:
        params = job.params
        return cls(
            kind=params["kind"],
            fmt=params["fmt"],
            user=job.user,
            scheme=Scheme.objects.filter(pk=params.get("scheme")).first() if params.get("scheme") else None,
            region=Region.objects.filter(code=params.get("region")).first() if params.get("region") else None,
            period=params.get("period") or "",
        )


def ranking_svg(rows: list[tuple[str, Decimal | None, str]], width: int = 640) -> str:
    """A horizontal bar chart of totals, one bar per county coloured by grade, as inline SVG (no JS, prints)."""
    bar, gap, label_w, top = 22, 10, 130, 10
    height = top * 2 + len(rows) * (bar + gap)
    scale = (width - label_w - 60) / 100
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="考核得分排名" class="ranking-chart" font-family="Noto Sans CJK SC, sans-serif">'
    ]
    for tick in (0, 60, 80, 90, 100):
        x = label_w + tick * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - top + 4}" stroke="#d0d7de" '
            f'stroke-dasharray="3,3"/><text x="{x:.1f}" y="{height - 1}" font-size="9" fill="#6c757d" '
            f'text-anchor="middle">{tick}</text>'
        )
    for index, (label, total, grade) in enumerate(rows):
        y = top + index * (bar + gap)
        value = float(total or 0)
        colour = GRADE_COLOURS.get(grade, "#6c757d")
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar * 0.7:.1f}" font-size="12" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{value * scale:.1f}" height="{bar}" rx="3" fill="{colour}"/>'
            f'<text x="{label_w + value * scale + 6:.1f}" y="{y + bar * 0.7:.1f}" font-size="12">'
            f"{'' if total is None else total} {escape(grade)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def rate_bars_svg(rows: list[tuple[str, Decimal | None, bool]], width: int = 640) -> str:
    """A horizontal bar chart of pass rates (0–100%), one bar per county, as inline SVG: the axis is in percent
    and each bar is labelled with its rate; a rate on a small base is marked “样本少”, never with a grade."""
    bar, gap, label_w, top = 22, 10, 130, 10
    height = top * 2 + len(rows) * (bar + gap) + 12
    scale = (width - label_w - 110) / 100
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="各县区监督抽查合格率（%）" class="rate-chart" '
        f'font-family="Noto Sans CJK SC, sans-serif">'
    ]
    for tick in (0, 20, 40, 60, 80, 100):
        x = label_w + tick * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - top - 8}" stroke="#d0d7de" '
            f'stroke-dasharray="3,3"/><text x="{x:.1f}" y="{height - 1}" font-size="9" fill="#6c757d" '
            f'text-anchor="middle">{tick}%</text>'
        )
    for index, (label, value, small) in enumerate(rows):
        y = top + index * (bar + gap)
        width_value = float(value or 0) * scale
        shown = "—" if value is None else f"{value.quantize(Decimal('0.01'))}%"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar * 0.7:.1f}" font-size="12" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{width_value:.1f}" height="{bar}" rx="3" fill="#0b4f8a"/>'
            f'<text x="{label_w + width_value + 6:.1f}" y="{y + bar * 0.7:.1f}" font-size="12">'
            f"{shown}{'（样本少）' if small else ''}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def annual_context(scheme: Scheme, user) -> dict:
    rows = list(selectors.results(scheme, user))
    counties = []
    for row in rows:
        scores = list(selectors.scores_of(row))
        counties.append({"row": row, "scores": scores, "subtotals": selectors.group_subtotals(scores)})
    grades = {g: sum(1 for r in rows if r.grade == g) for g in "ABCD"}
    for county in counties:
        county["vetoes"] = [f for found in selectors.veto_findings(county["row"]).values() for f in found]
    return {
        "incidents": report_selectors.incidents_in_window(scheme, user, [r.region for r in rows]),
        "scheme": scheme,
        "rows": rows,
        "counties": counties,
        "grades": grades,
        "chart": ranking_svg([(r.region_name, r.total, r.grade) for r in rows]),
        "generated_at": timezone.now(),
    }


def county_context(assessment: Assessment, user) -> dict:
    context = annual_context(assessment.scheme, user)
    context["counties"] = [c for c in context["counties"] if c["row"].pk == assessment.pk]
    incidents = context["incidents"]
    incidents["rows"] = [r for r in incidents["rows"] if r["region"].pk == assessment.region_id]
    context["assessment"] = assessment
    return context


def quality_context(period: Period, user) -> dict:
    data = report_selectors.quality_status(period, user)
    small = {row["label"]: row["small_base"] for row in data["pass_rates"]}
    regions = data["region_pass_rates"]
    data["chart"] = (
        rate_bars_svg([(name, rate, small.get(name, False)) for name, rate in regions]) if regions else ""
    )
    data["generated_at"] = timezone.now()
    return data


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and only reports need it

    return HTML(string=render_to_string(template, context)).write_pdf()


def _score_sheet_rows(counties: list[dict]) -> list[list]:
    return [
        [
            c["row"].region_name,
            s.item.group.parent.name if s.item.group.parent_id else s.item.group.name,
            s.item.group.name,
            s.item.name,
            s.item.max_points,
            s.self_score,
            s.reviewed_score,
            s.verified_score,
            s.final_score,
            s.difference,
            "是" if s.veto_triggered else "",
            s.review_comment,
        ]
        for c in counties
        for s in c["scores"]
    ]


SCORE_HEADERS = [
    "县区",
    "分组",
    "子分组",
    "考核项目",
    "分值",
    "自评分",
    "审核分",
    "核查分",
    "最终得分",
    "差值",
    "触发否决",
    "审核意见",
]
RANKING_HEADERS = [
    "名次",
    "县区",
    "自评总分",
    "考核得分",
    "等级",
    "一票否决",
    "上年得分",
    "同比增减",
    "名次变化",
    "须整改",
]


def _ranking_rows(rows: list[Assessment]) -> list[list]:
    return [
        [
            r.rank,
            r.region_name,
            r.self_total,
            r.total,
            r.grade,
            "是" if r.vetoed else "",
            r.previous_total,
            r.change,
            r.rank_change,
            "是" if r.rectification_required else "",
        ]
        for r in rows
    ]


def assessment_xlsx(context: dict) -> bytes:
    sheets = [("排名", RANKING_HEADERS, _ranking_rows([c["row"] for c in context["counties"]]))]
    sheets.append(("逐项得分", SCORE_HEADERS, _score_sheet_rows(context["counties"])))
    incidents = context["incidents"]
    sheets.append(
        (
            "质量安全事故",
            ["县区", *incidents["grades"], "合计", "区域性或系统性"],
            [[r["region"].name, *r["cells"], r["total"], r["veto"]] for r in incidents["rows"]],
        )
    )
    return workbook_bytes(sheets)


def quality_xlsx(data: dict) -> bytes:
    statuses = data["statuses"]
    return workbook_bytes(
        [
            (
                "目标达成",
                ["领域", *statuses.values()],
                [[row["label"], *(row.get(k) or 0 for k in statuses)] for row in data["attainment"]],
            ),
            (
                "目标明细",
                ["目标", "状态", "实测值", "单位"],
                [[t["name"], t["status_label"], t["value"], t["unit"]] for t in data["targets"]],
            ),
            (
                "抽查合格率",
                ["范围", "抽查批次", "合格批次", "合格率（%）", "样本少"],
                [
                    [r["label"], r["tested"], r["passed"], r["rate"], "是" if r["small_base"] else ""]
                    for r in data["pass_rates"]
                ],
            ),
            ("有效奖项", ["奖项类型", "数量（项）"], [[r["label"], r["count"]] for r in data["awards"]]),
            (
                "投诉举报",
                ["热线", "登记量（件）", "受理量（件）"],
                [[r["label"], r["registered"], r["count"]] for r in data["complaints"]],
            ),
            (
                "办结率",
                ["地区", "受理（件）", "办结（件）", "办结率（%）"],
                [[r["label"], r["accepted"], r["closed"], r["rate"]] for r in data["completion"]],
            ),
            ("统计口径", ["指标", "口径"], [[c["label"], c["text"]] for c in data["calibers"]]),
        ]
    )


def build(job: Report, progress: Callable[[int], None]) -> bytes:
    """The bytes of a report, reporting progress as the steps finish."""
    user = job.user
    if job.kind == ReportKind.QUALITY_STATUS:
        context = quality_context(Period.parse(job.period), user)
        progress(50)
        if job.fmt == ReportFormat.XLSX:
            return quality_xlsx(context)
        return render_pdf("assessments/pdf/quality_status.html", context)
    if job.kind == ReportKind.COUNTY:
        assessment = Assessment.objects.for_user(user).get(scheme=job.scheme, region=job.region)
        context = county_context(assessment, user)
    else:
        context = annual_context(job.scheme, user)
    progress(50)
    if job.fmt == ReportFormat.XLSX:
        return assessment_xlsx(context)
    return render_pdf("assessments/pdf/assessment.html", context)
