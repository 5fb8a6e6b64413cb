"""Demo spot checks: an inspector roster, plans with their draws, results over five years, acceptance records, an import.

Small: a few thousand results, loaded in seconds. Large: 1,000,000 results over the 20,000 enterprises of
the large register, written with COPY in chunks; their audit trail is one import-batch record
("演示数据批量载入") rather than a million history rows.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.db import transaction
from django.utils import timezone

from core.bulk import insert_synthetic, insert_with_history
from core.models import Job, JobStatus
from core.registry import DemoContext, demo_loader
from core.stats import vacuum_analyze
from inspections import services
from inspections.choices import Conclusion, Level, PlanStatus, ProjectSize
from inspections.models import (
    AcceptanceRecord,
    InspectionPlan,
    Inspector,
    ProductClass,
    SpotCheckResult,
)
from inspections.samples import build_table
from organizations.models import Department, Enterprise, Region

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "军", "杰", "涛", "明", "超", "秀英", "建华", "国强"]
PRODUCTS = {
    "grain": [("玉米", "一等"), ("大豆", "二等")],
    "aquatic": [("河蟹", "二两"), ("淡水鱼", "鲜活")],
    "rice_products": [("盘锦大米", "5kg"), ("盘锦大米", "10kg"), ("米粉", "500g")],
    "processed_food": [("饼干", "200g"), ("饮料", "500mL"), ("酱油", "1.8L")],
    "petrochemical": [("车用汽油", "92号"), ("润滑油", "L-HM 46")],
    "building_materials": [("水泥", "P.O 42.5"), ("钢筋", "HRB400 Φ12")],
    "machinery": [("塑料管材", "PE100 dn110"), ("电动工具", "1200W")],
    "cables": [("电线电缆", "BV 2.5mm²"), ("电力电缆", "YJV 3×95")],
    "waterproofing": [("防水卷材", "SBS Ⅰ PY 3mm"), ("防水涂料", "JS Ⅱ型")],
}
FAILED_ITEMS = ["标志和使用说明", "菌落总数", "导体电阻", "抗压强度", "拉力", "蛋白质", "防腐剂超范围使用"]
# Typical batch pass rates per class; key-catalogue products dip in 2017 so the risk warnings have something to show.
PASS_RATE = {
    "grain": 0.97,
    "aquatic": 0.96,
    "rice_products": 0.95,
    "processed_food": 0.92,
    "petrochemical": 0.95,
    "building_materials": 0.93,
    "machinery": 0.91,
    "cables": 0.9,
    "waterproofing": 0.9,
}
AGENCIES = ["盘锦市产品质量监督检验所", "辽宁省产品质量监督检验院", "国家石油产品质量监督检验中心（盘锦）"]
LARGE_RESULTS = 1_000_000
SMALL_RESULTS = 3000
CHUNK = 50_000
SAMPLE_TABLE = "2015年第三批电线电缆抽查结果.xlsx"


def _people(ctx: DemoContext, count: int) -> list[str]:
    return [
        SURNAMES[ctx.random.randrange(len(SURNAMES))] + GIVEN[ctx.random.randrange(len(GIVEN))]
        for _ in range(count)
    ]


def _inspectors(ctx: DemoContext) -> list[Inspector]:
    if Inspector.objects.exists():
        return list(Inspector.objects.all())
    units = {"zjj": 16, "syj": 8, "nw": 6}
    enterprises = list(Enterprise.objects.values_list("pk", flat=True)[:400])
    made = []
    for code, count in units.items():
        department = Department.objects.get(code=code)
        for index, name in enumerate(_people(ctx, count), start=1):
            inspector = Inspector.objects.create(
                name=name, badge_no=f"辽{code.upper()}{index:04d}", department=department
            )
            # A few declared conflicts of interest (relatives, former employers).
            if enterprises and ctx.random.random() < 0.4:
                inspector.conflicts.set(ctx.random.sample(enterprises, min(3, len(enterprises))))
            made.append(inspector)
    return made


def _plans(ctx: DemoContext, office) -> int:
    if InspectionPlan.objects.exists():
        return 0
    zjj = Department.objects.get(code="zjj")
    classes = list(ProductClass.objects.filter(code__in=["manufacturing", "key_catalogue"]))
    regions = list(Region.objects.counties())
    for year, publish in ((2016, True), (2017, False)):
        plan = services.plan_create(
            user=office,
            title=f"{year}年市级产品质量监督抽查计划",
            year=year,
            level=Level.MUNICIPAL,
            department=zjj,
            product_classes=classes,
            regions=regions,
            count=2,
            notes="依据重点监管产品目录，按“双随机、一公开”抽取受检企业和执法检查人员。",
        )
        plan = services.plan_draw(plan=plan, user=office, seed=f"demo-{year}")
        if publish:
            services.plan_publish(plan=plan, user=office)
    InspectionPlan.objects.create(
        title="2018年市级食品安全监督抽检计划",
        year=2018,
        level=Level.MUNICIPAL,
        department=Department.objects.get(code="syj"),
        status=PlanStatus.DRAFT,
    )
    return 3


def _result_rows(ctx: DemoContext, count: int, *, import_job: Job | None = None):
    """Generate `count` results as plain dicts: leaf classes, the register's enterprises, old 大洼县 before 2016."""
    rng = ctx.random
    leaves = list(ProductClass.objects.filter(code__in=PRODUCTS).select_related("department", "parent"))
    regions = {r.code: r.pk for r in Region.objects.all()}
    by_industry: dict[str, list[tuple[int, str, int]]] = {}
    for pk, name, industry, region_id in Enterprise.objects.values_list(
        "pk", "name", "industry", "region_id"
    ):
        by_industry.setdefault(industry, []).append((pk, name, region_id))
    everyone = [e for group in by_industry.values() for e in group]
    pools = {
        cls.pk: [e for industry in cls.industries for e in by_industry.get(industry, [])] or everyone
        for cls in leaves
    }
    dawa_new, dawa_old = regions["211104"], regions["211121"]
    fallback = Department.objects.get(is_office=True).pk
    for _ in range(count):
        cls = leaves[rng.randrange(len(leaves))]
        pool = pools[cls.pk]
        pk, name, region_id = pool[rng.randrange(len(pool))]
        year = ctx.years[rng.randrange(len(ctx.years))]
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        if region_id == dawa_new and day.year < 2016:
            region_id = dawa_old
        rate = PASS_RATE[cls.code] - (
            0.12 if cls.parent.code == "key_catalogue" and year == ctx.years[-1] else 0
        )
        roll = rng.random()
        conclusion = (
            Conclusion.NOT_TESTED if roll > 0.985 else Conclusion.PASS if roll < rate else Conclusion.FAIL
        )
        level = rng.choices([Level.NATIONAL, Level.PROVINCIAL, Level.MUNICIPAL], weights=[1, 3, 6])[0]
        product, spec = PRODUCTS[cls.code][rng.randrange(len(PRODUCTS[cls.code]))]
        made = day - dt.timedelta(days=rng.randrange(5, 120))
        yield {
            "level": level,
            "product_class_id": cls.pk,
            "sampled_on": day,
            "product_name": product,
            "specification": spec,
            "production_date": made,
            "batch_no": f"{made:%Y%m%d}{rng.randrange(1, 9)}" if rng.random() < 0.5 else "",
            "producer_id": pk,
            "producer_name": name,
            "sampled_unit_id": pk,
            "sampled_unit_name": name,
            "region_id": region_id,
            "department_id": cls.department_id or fallback,
            "agency": AGENCIES[0 if level == Level.MUNICIPAL else 1 if level == Level.PROVINCIAL else 2],
            "conclusion": conclusion,
            "not_tested_reason": "企业拒检" if conclusion == Conclusion.NOT_TESTED else "",
            "failed_items": FAILED_ITEMS[rng.randrange(len(FAILED_ITEMS))]
            if conclusion == Conclusion.FAIL
            else "",
            "import_job_id": import_job.pk if import_job else None,
        }


def _acceptance(ctx: DemoContext, count: int) -> int:
    if AcceptanceRecord.objects.exists():
        return 0
    rng = ctx.random
    zjw = Department.objects.get(code="zjw").pk
    builders = list(Enterprise.objects.filter(industry="建筑施工").values_list("pk", "region_id")[:200])
    regions = list(Region.objects.counties().values_list("pk", flat=True))
    kinds = ["住宅小区", "商业综合体", "学校教学楼", "医院门诊楼", "污水处理厂", "道路改造"]
    rows = []
    for index in range(count):
        builder, region_id = (
            builders[rng.randrange(len(builders))] if builders else (None, rng.choice(regions))
        )
        size = ProjectSize.LARGE if rng.random() < 0.3 else ProjectSize.OTHER
        year = ctx.years[rng.randrange(len(ctx.years))]
        rows.append(
            {
                "project_name": f"盘锦{kinds[index % len(kinds)]}{index + 1}号工程",
                "permit_no": f"2111{year}{index:05d}",
                "size": size,
                "region_id": region_id,
                "builder_id": builder,
                "department_id": zjw,
                "accepted_on": dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                "first_time_passed": rng.random() < (0.99 if size == ProjectSize.LARGE else 0.975),
            }
        )
    insert_with_history(AcceptanceRecord, rows, reason="演示数据")
    return count


def _sample_import(ctx: DemoContext, office) -> str:
    if Job.objects.filter(kind=services.IMPORT_JOB, name=SAMPLE_TABLE).exists():
        return "sample import present"
    buffer = BytesIO()
    build_table(buffer, 40, seed=ctx.seed)
    buffer.seek(0)
    job = services.import_table(
        source=buffer,
        original_name=SAMPLE_TABLE,
        level=Level.PROVINCIAL,
        product_class=ProductClass.objects.get(code="cables"),
        user=office,
        year=2015,
    )
    return f"sample import {job.get_status_display()} ({job.summary.get('created', 0)} rows)"


@demo_loader("inspections.spot_checks", order=40)
def load(ctx: DemoContext) -> str:
    office = ctx.shared.get("users", {}).get("office")
    with transaction.atomic():
        inspectors = _inspectors(ctx)
        plans = _plans(ctx, office)
        acceptance = _acceptance(ctx, 3000 if ctx.large else 300)
        summary = _sample_import(ctx, office)
    wanted = LARGE_RESULTS if ctx.large else SMALL_RESULTS
    have = SpotCheckResult.objects.exclude(import_job__name=SAMPLE_TABLE).count()
    added = 0
    if have < wanted // 2:
        if ctx.large:
            added = _load_large(ctx, wanted - have)
        else:
            with transaction.atomic():
                added = len(
                    insert_with_history(
                        SpotCheckResult, list(_result_rows(ctx, wanted - have)), reason="演示数据"
                    )
                )
    return f"{len(inspectors)} inspectors, {plans} plans, {acceptance} acceptance records, {added} results, {summary}"


def _load_large(ctx: DemoContext, count: int) -> int:
    """Chunks of 50,000 rows by COPY, each chunk its own transaction; one batch record stands in for their history."""
    job = Job.objects.create(
        kind=services.IMPORT_JOB,
        name="演示数据批量载入",
        params=services.import_params(
            level=Level.MUNICIPAL,
            product_class=ProductClass.objects.get(code="manufacturing"),
            year=None,
            sampled_on=None,
        ),
        department=Department.objects.get(is_office=True),
        status=JobStatus.SUCCEEDED,
        total=count,
    )
    rows = _result_rows(ctx, count, import_job=job)
    done = 0
    while done < count:
        chunk = [next(rows) for _ in range(min(CHUNK, count - done))]
        with transaction.atomic():
            insert_synthetic(SpotCheckResult, chunk)
        done += len(chunk)
    job.done = done
    job.summary = {"rows": done, "created": done}
    job.finished_at = timezone.now()
    job.save(update_fields=["done", "summary", "finished_at"])
    vacuum_analyze(SpotCheckResult)
    return done
