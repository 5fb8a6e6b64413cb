"""Demo satisfaction surveys 2013–2017: the city-wide service and housing surveys the targets read, and a few
county surveys (synthetic figures; agencies are invented)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from core.registry import DemoContext, demo_loader
from organizations.models import Department, Region
from surveys.choices import Method, ResultKind, Sector
from surveys.models import Survey

# City-wide results per year 2013–2017: 2015's 生活性服务业 misses 80 (not met), 生产性服务业 passes 85.
CITY = {
    Sector.PRODUCER_SERVICE: ("fwyw", ["81.5", "83.2", "85.6", "86.1", "86.8"]),
    Sector.CONSUMER_SERVICE: ("fwyw", ["76.0", "78.3", "79.4", "80.5", "81.2"]),
    Sector.HOUSING: ("zjw", [None, "72", "74.5", "76", "75.1"]),
}
COUNTY = [
    ("211103", Sector.CONSUMER_SERVICE, 2015, ResultKind.INDEX, "81.3", 600),
    ("211122", Sector.CONSUMER_SERVICE, 2015, ResultKind.INDEX, "77.2", 450),
    ("211104", Sector.PUBLIC_SERVICE, 2016, ResultKind.RATE, "88.4", 800),
    ("211102", Sector.ENGINEERING, 2016, ResultKind.RATE, "79.0", 300),
]
AGENCIES = ["辽宁省质量协会用户委员会", "盘锦市统计局城调队", "沈阳某市场调查有限公司"]


@demo_loader("surveys", order=35)
def load(ctx: DemoContext) -> str:
    if Survey.objects.exists():
        return "surveys already loaded"
    departments = {d.code: d for d in Department.objects.filter(code__in=["fwyw", "zjw"])}
    city = Region.objects.city()
    regions = {r.code: r for r in Region.objects.counties()}
    surveys = []
    for sector, (department, values) in CITY.items():
        for year, value in zip(ctx.years, values, strict=True):
            if value is None:
                continue
            surveys.append(
                Survey(
                    year=year,
                    sector=sector,
                    region=city,
                    department=departments[department],
                    title=f"{city.name}{Sector(sector).label}顾客满意度测评",
                    method=Method.QUESTIONNAIRE,
                    sample_size=ctx.random.choice([1200, 1500, 2000]),
                    agency=AGENCIES[year % 2],
                    result=Decimal(value),
                    completed_on=dt.date(year, 12, 10),
                )
            )
    for code, sector, year, kind, value, sample in COUNTY:
        surveys.append(
            Survey(
                year=year,
                sector=sector,
                region=regions[code],
                department=departments["zjw" if sector == Sector.ENGINEERING else "fwyw"],
                title=f"{regions[code].name}{Sector(sector).label}满意度调查",
                method=Method.PHONE,
                sample_size=sample,
                agency=AGENCIES[2],
                result_kind=kind,
                result=Decimal(value),
                completed_on=dt.date(year, 11, 20),
            )
        )
    for survey in surveys:
        survey.save()
    # One report file, so the download can be tried.
    first = surveys[0]
    first.report.save("满意度测评报告.pdf", ContentFile(b"%PDF-1.4\n% demo report\n"), save=False)
    first.report_name = "满意度测评报告.pdf"
    first.save(update_fields=["report", "report_name"])
    return f"{len(surveys)} surveys"
