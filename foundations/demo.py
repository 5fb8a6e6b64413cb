"""Demo registers: Panjin's testing agencies, standards its enterprises drafted, 强制检定 by county, 首席质量官,
质量月 events with evidence, and market exits — synthetic, no real person's data."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction

from core.registry import DemoContext, demo_loader
from foundations.choices import (
    EventKind,
    ExitKind,
    ExitReason,
    MetrologyCategory,
    StandardKind,
    StandardLevel,
)
from foundations.models import (
    Agency,
    CultureEvent,
    CultureEvidence,
    MarketExit,
    MetrologyRecord,
    QualityStaff,
    Standard,
)
from organizations.models import Department, Enterprise, Region

# The agencies the spot-check demo names (so its text matches the register), and two more.
AGENCIES = [
    ("盘锦市产品质量监督检验所", "211103", "食品、日用消费品、建筑材料、电线电缆"),
    ("辽宁省产品质量监督检验院", "211103", "工业产品、食品相关产品"),
    ("国家石油产品质量监督检验中心（盘锦）", "211102", "石油产品、石油化工产品、沥青"),
    ("盘锦市计量测试所", "211103", "计量器具检定校准"),
    ("盘山县农产品质量安全检测站", "211122", "大米、蔬菜、水产品农药兽药残留"),
]
STANDARDS = [
    (StandardKind.LEAD, StandardLevel.INDUSTRY, "NB/SH/T 0{n}-{y}", "道路石油沥青试验方法"),
    (StandardKind.JOIN, StandardLevel.NATIONAL, "GB/T 1{n}-{y}", "粳米质量等级"),
    (StandardKind.LEAD, StandardLevel.GROUP, "T/LNZL 0{n}-{y}", "盘锦河蟹养殖技术规范"),
    (StandardKind.LEAD, StandardLevel.LOCAL, "DB2111/T 0{n}-{y}", "碱地柿子栽培技术规程"),
    (StandardKind.ADOPT, StandardLevel.INTERNATIONAL, "ISO 1{n}:{y}", "塑料管材耐压试验方法"),
]
EXIT_PRODUCTS = ["小化工", "黏土砖", "塑料编织袋", "小炼油", "食品加工小作坊", "建筑施工"]


@demo_loader("foundations.registers", order=35)
def load(ctx: DemoContext) -> str:
    if Agency.objects.exists():
        return "skipped (registers exist)"
    rng = ctx.random
    zjj = Department.objects.get(code="zjj")
    units = {code: Department.objects.get(code=code) for code in ("gsj", "syj", "zjw", "wgj", "rsj")}
    city = Region.objects.city()
    counties = list(Region.objects.counties().order_by("sort_order"))
    by_code = {r.code: r for r in [*counties, city]}
    enterprises = list(Enterprise.objects.select_related("region").order_by("pk")[:200])
    with transaction.atomic():
        for index, (name, region, scope) in enumerate(AGENCIES):
            Agency.objects.create(
                name=name,
                cma_number=f"{15 + index}06{12000000 + index * 4711:08d}",
                scope=scope,
                region=by_code.get(region, counties[0]),
                valid_from=dt.date(2013 + index % 3, 3, 1),
                valid_until=dt.date(2019 + index % 3, 2, 28),
                department=zjj,
            )
        count = 0
        for year in ctx.years:
            for county in counties:
                local = [e for e in enterprises if e.region_id == county.pk] or enterprises
                for kind, level, code, title in rng.sample(STANDARDS, rng.randrange(0, 4) if local else 0):
                    holder = rng.choice(local)
                    Standard.objects.create(
                        year=year,
                        kind=kind,
                        level=level,
                        code=code.format(n=rng.randrange(1000, 9999), y=year),
                        title=title,
                        enterprise=holder,
                        holder_name=holder.name,
                        region=holder.region if holder.region.valid_until is None else county,
                        published_on=dt.date(year, rng.randrange(1, 13), 1),
                        department=zjj,
                    )
                    count += 1
                for category in MetrologyCategory.values:
                    verified = rng.randrange(300, 3000)
                    MetrologyRecord.objects.create(
                        year=year,
                        region=county,
                        category=category,
                        verified=verified,
                        passed=verified - rng.randrange(0, verified // 12),
                        department=zjj,
                    )
                event = CultureEvent.objects.create(
                    title=f"{county.name}{year}年“质量月”活动",
                    kind=EventKind.QUALITY_MONTH,
                    region=county,
                    held_on=dt.date(year, 9, rng.randrange(1, 28)),
                    organizer=f"{county.name}质量强县（区）工作领导小组办公室",
                    participants=rng.randrange(200, 2000),
                    summary="质量咨询、产品展示、计量惠民义务检定、质量知识竞赛。",
                    department=zjj,
                )
                if rng.random() < 0.8:  # some counties forgot their evidence: the statistic leaves them out
                    CultureEvidence.objects.create(
                        event=event,
                        file=ContentFile("活动通知和现场照片说明（演示）".encode(), name="活动通知.txt"),
                        name="活动通知.txt",
                    )
                for _ in range(rng.randrange(0, 4)):
                    kind = rng.choice(ExitKind.values)
                    unit = rng.choice([zjj, units["gsj"], units["syj"], units["zjw"]])
                    MarketExit.objects.create(
                        kind=kind,
                        reason=rng.choice(ExitReason.values),
                        decided_on=dt.date(year, rng.randrange(1, 13), rng.randrange(1, 28)),
                        region=county,
                        enterprise_name=f"{county.name.removesuffix('区').removesuffix('县')}{rng.choice(EXIT_PRODUCTS)}厂",
                        licence_no=f"XK{rng.randrange(10, 99)}-{rng.randrange(100, 999)}-{rng.randrange(10000, 99999)}"
                        if kind == ExitKind.LICENCE_CANCELLED
                        else "",
                        product=rng.choice(EXIT_PRODUCTS),
                        decision_no=f"盘市监退字〔{year}〕{rng.randrange(1, 99)}号",
                        department=unit,
                    )
            CultureEvent.objects.create(
                title=f"盘锦市{year}年“质量月”启动仪式",
                kind=EventKind.QUALITY_MONTH,
                region=city,
                held_on=dt.date(year, 9, 1),
                organizer="盘锦市质量强市工作领导小组办公室",
                participants=1500,
                summary="全市质量月活动启动，发布质量状况分析报告。",
                department=units["wgj"] if year % 2 else zjj,
            )
            for enterprise in rng.sample(enterprises, min(30, len(enterprises))):
                QualityStaff.objects.create(
                    year=year,
                    enterprise=enterprise,
                    chief_officer=rng.choice(["", "王", "李", "张", "刘"])
                    and f"{rng.choice('王李张刘陈杨赵')}某某",
                    trained=rng.randrange(0, 60),
                    qualified=rng.randrange(0, 6),
                    department=rng.choice([zjj, units["rsj"]]),
                )
    return f"{len(AGENCIES)} agencies, {count} standards, metrology, events, staff and exits for {len(ctx.years)} years"
