"""Demo data: values of the manual indicators 2013–2017 (some targets met, some not, some at risk),
judgements of milestones, progress reports on key tasks, and approvals in every state."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.periods import Period
from core.registry import DemoContext, demo_loader
from organizations.models import Department, Region
from targets.choices import ProgressStatus, SubmissionStatus, Verdict
from targets.models import (
    Indicator,
    Judgement,
    KeyTask,
    Measurement,
    PeriodClosure,
    Submission,
    Target,
    TaskAttachment,
    TaskReport,
)

# City-wide yearly values: 节能效率 stalls in 2015 (at risk). The satisfaction indices come from the surveys demo.
CITY_VALUES = {
    "new_tech_demo_projects": [0, 1, 3, 4, 5],
    "building_energy_efficiency": [50, 55, 55, 65, 65],
    # 国家产品质量统计调查's figure for the city, entered by 质监局.
    "manufacturing_pass_rate": ["89.6", "90.4", "91.3", "91.8", "92.5"],
}
# 农委's routine monitoring, city-wide: (samples passing, samples monitored).
AGRI_MONITORING = [(1162, 1215), (1198, 1240), (1236, 1282), (1270, 1310), (1301, 1338)]
SOURCES = {
    "manufacturing_pass_rate": "国家产品质量统计调查",
    "agri_product_pass_rate": "农产品质量安全例行监测",
}
# 工业化建造比重: (industrialised area, new construction area) in 10,000 m²; 2017 only three quarters so far.
INDUSTRIALIZED = [(3, 100), (5, 110), (8, 120), (11, 128)]
INDUSTRIALIZED_2017_QUARTERS = [(2, 30), (3, 34), (3, 33)]
# 农业标准化生产普及率 by county: share of standardised area, 2013–2017 (盘山县 misses 30% in 2015).
COVERAGE_BASE = {"211102": 24, "211103": 22, "211104": 27, "211122": 21, "2111A1": 25, "2111A2": 28}
COVERAGE_AREA = {
    "211102": 60000,
    "211103": 40000,
    "211104": 300000,
    "211122": 500000,
    "2111A1": 30000,
    "2111A2": 90000,
}
JUDGEMENTS = [
    (
        "common_defect_control-2015",
        2015,
        Verdict.ACHIEVED,
        "开展住宅工程质量通病专项治理，渗漏、裂缝投诉同比下降三成。",
    ),
    (
        "construction_tech_content-2015",
        2015,
        Verdict.ON_TRACK,
        "推广建筑业10项新技术，信息化施工管理覆盖全部大中型项目。",
    ),
    ("green_building-2015", 2015, Verdict.LAGGING, "绿色建筑标识项目仅2个，低于年度计划。"),
    (
        "service_standard_system-2015",
        2015,
        Verdict.ACHIEVED,
        "发布服务业地方标准12项，服务质量国家标准实施率达到95%。",
    ),
    (
        "service_standards_alignment-2015",
        2015,
        Verdict.ON_TRACK,
        "旅游、餐饮等行业对标国际标准，3家企业通过国际认证。",
    ),
    ("overall_quality_level-2020", 2017, Verdict.ON_TRACK, "全省质量工作考核位列第4名。"),
    (
        "testing_system-2020",
        2017,
        Verdict.ON_TRACK,
        "市食品检验检测中心投入使用，重点产品检测能力覆盖率达到85%。",
    ),
]
REPORTS = [
    (
        "三(三)2",
        "zjw",
        2015,
        ProgressStatus.DONE,
        "开展工程质量治理两年行动，全年监督工程312项，一次验收合格率100%。",
    ),
    (
        "三(三)3",
        "fwyw",
        2015,
        ProgressStatus.ON_TRACK,
        "完成生产性、生活性服务业顾客满意度测评，发布服务质量标杆单位8家。",
    ),
    (
        "三(四)2",
        "zjj",
        2015,
        ProgressStatus.DONE,
        "完成强制检定计量器具2.1万台件，开展“计量惠民”进社区活动16次。",
    ),
    ("三(四)5", "zjj", 2015, ProgressStatus.ON_TRACK, "12365热线受理投诉举报1,240件，按期办结率98.6%。"),
    (
        "三(四)5",
        "gsj",
        2015,
        ProgressStatus.ON_TRACK,
        "12315热线受理消费者投诉2,016件，为消费者挽回损失86万元。",
    ),
    ("三(三)2", "zjw", 2016, ProgressStatus.ON_TRACK, "推行工程质量保证金制度，发布质量信誉排行榜两期。"),
]


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@demo_loader("targets.measurements", order=80)
def load(ctx: DemoContext) -> str:
    if Measurement.objects.exists():
        return "already loaded"
    users = ctx.shared.get("users", {})
    office = users.get("office")
    indicators = {i.code: i for i in Indicator.objects.all()}
    city = Region.objects.city()
    regions = {r.code: r for r in Region.objects.all()}
    rows: list[Measurement] = []

    def add(
        code: str, region: Region, period: str, value, numerator=None, denominator=None, user=None
    ) -> None:
        entered_by = user or users.get(f"dept-{indicators[code].department.code}")
        measurement = Measurement(
            indicator=indicators[code],
            region=region,
            period=period,
            year=Period.parse(period).year,
            value=_d(value),
            numerator=_d(numerator),
            denominator=_d(denominator),
            source=SOURCES.get(code, ""),
            entered_by=entered_by,
        )
        # The audit trail names who entered each value (bulk_create_with_history reads `_history_user`).
        measurement._history_user = entered_by
        rows.append(measurement)

    for code, values in CITY_VALUES.items():
        for year, value in zip(ctx.years, values, strict=True):
            if value is not None:
                add(code, city, str(year), value)
    for year, (num, den) in zip(ctx.years, AGRI_MONITORING, strict=True):
        add("agri_product_pass_rate", city, str(year), round(Decimal(num) * 100 / den, 2), num, den)
    for year, (num, den) in zip(ctx.years, INDUSTRIALIZED, strict=False):
        add(
            "industrialized_construction_share", city, str(year), round(Decimal(num) * 100 / den, 2), num, den
        )
    for quarter, (num, den) in enumerate(INDUSTRIALIZED_2017_QUARTERS, start=1):
        add(
            "industrialized_construction_share",
            city,
            f"2017-Q{quarter}",
            round(Decimal(num) * 100 / den, 2),
            num,
            den,
        )
    for code, base in COVERAGE_BASE.items():
        for offset, year in enumerate(ctx.years):
            # 大洼区 was 大洼县 until 2016: its earlier values stand under the old code.
            region_code = "211121" if code == "211104" and year < 2016 else code
            share = Decimal(base + 3 * offset + ctx.random.choice([0, 1, 2])) / 100
            area = Decimal(COVERAGE_AREA[code])
            standard = (area * share).quantize(Decimal(1))
            user = users.get(f"county-{code}")
            add(
                "agri_standard_coverage",
                regions[region_code],
                str(year),
                round(standard * 100 / area, 2),
                standard,
                area,
                user,
            )
    bulk_create_with_history(rows, Measurement, default_user=office)
    _approvals(ctx, city, regions, office)
    _judgements(city, office)
    _reports(users)
    return f"{len(rows)} measurements"


def _approvals(ctx: DemoContext, city: Region, regions: dict, office) -> None:
    """2013–2014 approved for everyone, 2015 partly approved and partly submitted, 2016–2017 still open; 2014 closed."""
    now = timezone.now()
    departments = Department.objects.filter(pk__in=Indicator.objects.enterable().values("department_id"))
    units = [{"department": d} for d in departments] + [{"region": r} for r in Region.objects.counties()]
    submissions = []
    for index, unit in enumerate(units):
        for year in (2013, 2014, 2015):
            status = SubmissionStatus.APPROVED
            if year == 2015:
                status = [SubmissionStatus.APPROVED, SubmissionStatus.SUBMITTED, SubmissionStatus.DRAFT][
                    index % 3
                ]
            if status == SubmissionStatus.DRAFT:
                continue
            submissions.append(
                Submission(
                    **unit,
                    year=year,
                    status=status,
                    submitted_at=now,
                    approved_by=office if status == SubmissionStatus.APPROVED else None,
                    approved_at=now if status == SubmissionStatus.APPROVED else None,
                )
            )
    bulk_create_with_history(submissions, Submission, default_user=office)
    PeriodClosure.objects.create(
        year=2014, closes_on=dt.date(2015, 3, 31), note="2014年度数据按省考核要求于3月底前报齐。"
    )


def _judgements(city: Region, office) -> None:
    targets = {t.code: t for t in Target.objects.filter(code__in=[j[0] for j in JUDGEMENTS])}
    bulk_create_with_history(
        [
            Judgement(
                target=targets[code],
                region=city,
                year=year,
                verdict=verdict,
                evidence=evidence,
                judged_by=office,
            )
            for code, year, verdict, evidence in JUDGEMENTS
        ],
        Judgement,
        default_user=office,
    )


def _reports(users: dict) -> None:
    tasks = {t.clause: t for t in KeyTask.objects.all()}
    departments = {d.code: d for d in Department.objects.all()}
    for clause, department, year, status, text in REPORTS:
        user = users.get(f"dept-{department}")
        report = TaskReport.objects.create(
            task=tasks[clause],
            department=departments[department],
            year=year,
            status=status,
            text=text,
            reported_by=user,
        )
        if status == ProgressStatus.DONE:
            TaskAttachment.objects.create(
                report=report,
                name=f"{year}年{tasks[clause].title}工作总结.txt",
                file=ContentFile(text.encode("utf-8"), name=f"{clause}-{department}-{year}.txt"),
                uploaded_by=user,
            )
