"""Demo action plans 2015–2017: items per key task, some led by counties (三(一)1, 三(一)3 name 各县区政府),
progress reported by the lead units, a few items overdue."""

from __future__ import annotations

import datetime as dt

from core.registry import DemoContext, demo_loader
from organizations.models import Department, Region
from plans.models import Plan, PlanItem, PlanProgress
from targets.choices import ProgressStatus
from targets.models import KeyTask

# (clause, task, lead: department code or county code, supporting departments, deadline month-day, output)
ITEMS = [
    ("三(一)1", "将质量发展目标纳入本县区国民经济和社会发展计划", "211103", ["fgw"], (6, 30), "县区政府印发的年度计划文件"),
    ("三(一)1", "将质量发展目标纳入本县区国民经济和社会发展计划", "211122", ["fgw"], (6, 30), "县区政府印发的年度计划文件"),
    ("三(一)3", "开展质量强县区活动，争创全国知名品牌创建示范区", "211104", ["zjj"], (11, 30), "创建方案和年度总结"),
    ("三(三)3", "开展生产性、生活性服务业顾客满意度测评并发布结果", "fwyw", ["zjj"], (12, 15), "测评报告"),
    ("三(三)5", "组织打假治劣专项行动，查办大案要案", "zjj", ["gsj", "syj", "gaj"], (10, 31), "行动方案、案件查处统计"),
    ("三(四)2", "开展计量惠民进社区活动", "zjj", [], (9, 30), "活动记录和照片"),
    ("四(三)", "制定对县区政府质量工作考核办法并组织考核", "zjj", ["rsj"], (12, 31), "考核办法、考核结果通报"),
]  # fmt: skip


@demo_loader("plans", order=60)
def load(ctx: DemoContext) -> str:
    if Plan.objects.exists():
        return "plans already loaded"
    departments = {d.code: d for d in Department.objects.all()}
    counties = {r.code: r for r in Region.objects.counties()}
    tasks = {t.clause: t for t in KeyTask.objects.all()}
    items = reports = 0
    for year in (2015, 2016, 2017):
        plan = Plan.objects.create(
            year=year,
            title=f"盘锦市{year}年实施质量强市战略行动计划",
            document_no=f"盘质强办发〔{year}〕1号",
            issued_on=dt.date(year, 3, 10),
        )
        for number, (clause, task, lead, supporting, (month, day), output) in enumerate(ITEMS, start=1):
            item = PlanItem.objects.create(
                plan=plan,
                number=number,
                task=task,
                clause=clause,
                key_task=tasks.get(clause),
                lead_department=departments.get(lead),
                lead_region=counties.get(lead),
                deadline=dt.date(year, month, day),
                output=output,
            )
            item.supporting_departments.set([departments[c] for c in supporting])
            items += 1
            # 2017's later items are still open (overdue to the office's to-do list); earlier years are done.
            if year == 2017 and number % 3 == 0:
                continue
            status = ProgressStatus.DONE if year < 2017 else ProgressStatus.ON_TRACK
            text = (
                f"{output}已完成并报送领导小组办公室。"
                if status == ProgressStatus.DONE
                else "已形成初稿，正在征求意见。"
            )
            PlanProgress.objects.create(
                item=item, reported_on=dt.date(year, month, min(day, 28)), status=status, text=text
            )
            item.status, item.progress = status, text
            item.save(update_fields=["status", "progress"])
            reports += 1
    return f"3 plans, {items} items, {reports} progress reports"
