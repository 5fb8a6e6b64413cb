"""Demo engineering credit: responsible units of each kind, projects with their five units and quality deposits,
the 2015 ranking published and the 2016 one still a draft of 住建委."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from construction import services
from construction.choices import UnitKind
from construction.models import Deposit, Project, Ranking, ResponsibleUnit, UnitScore
from core.registry import DemoContext, demo_loader
from organizations.models import Department, Enterprise, Region
from organizations.uscc import make_uscc

NAMES = {
    UnitKind.BUILDER: [
        "盘锦城建投资",
        "辽河油田房地产开发",
        "兴隆台城市建设",
        "辽东湾港城置业",
        "盘锦安居房产",
    ],
    UnitKind.SURVEYOR: [
        "盘锦岩土工程勘察",
        "辽河工程勘察设计",
        "辽宁滨海地质勘察",
        "盘锦水文勘测",
        "渤海岩土",
    ],
    UnitKind.DESIGNER: [
        "盘锦市建筑设计研究院",
        "辽河石油勘察设计院",
        "湿地建筑设计",
        "红海滩规划设计",
        "双台子设计",
    ],
    UnitKind.CONTRACTOR: [
        "盘锦第一建筑工程",
        "辽河油田建设",
        "大洼建筑安装",
        "盘山县建筑工程",
        "辽东湾路桥建设",
    ],
    UnitKind.SUPERVISOR: ["盘锦建设监理", "辽河工程监理", "盘锦诚信项目管理", "滨海工程咨询", "盘锦华厦监理"],
}
PROJECTS = [
    ("盘锦市中心医院门诊综合楼", "211103", 2014),
    ("双台子区第二实验小学教学楼", "211102", 2014),
    ("大洼区保障性住房三期", "211104", 2015),
    ("盘山县污水处理厂提标改造", "211122", 2015),
    ("辽东湾新区体育中心", "2111A1", 2015),
    ("兴隆台区老旧小区改造", "211103", 2016),
    ("辽河口生态湿地展示馆", "2111A2", 2016),
    ("盘锦市图书馆新馆", "211102", 2016),
]


def _units(
    ctx: DemoContext, zjw: Department, regions: list[Region], office
) -> dict[str, list[ResponsibleUnit]]:
    # One contractor is also in the enterprise register, so its page links there.
    registered = Enterprise.objects.order_by("pk").first()
    units: dict[str, list[ResponsibleUnit]] = {}
    for kind_index, (kind, names) in enumerate(NAMES.items()):
        for index, name in enumerate(names):
            uscc = make_uscc(f"91211100{kind_index}{index}{ctx.random.randrange(10**7):07d}")
            if kind == UnitKind.CONTRACTOR and index == 0 and registered is not None:
                uscc, name = registered.uscc, registered.name
            unit = ResponsibleUnit(
                name=name if name.endswith(("院", "公司")) else f"{name}有限公司",
                uscc=uscc,
                kind=kind,
                qualification="甲级" if kind != UnitKind.CONTRACTOR else "建筑工程施工总承包一级",
                region=regions[index % len(regions)],
                department=zjw,
            )
            units.setdefault(kind, []).append(services.unit_save(unit=unit, user=office))
    return units


@demo_loader("construction.credit", order=60)
def load(ctx: DemoContext) -> str:
    if ResponsibleUnit.objects.exists():
        return "skipped (responsible units exist)"
    office = ctx.shared["users"]["office"]
    zjw = Department.objects.get(code="zjw")
    regions = {r.code: r for r in Region.objects.counties()}
    units = _units(ctx, zjw, list(regions.values()), office)
    for index, (name, code, year) in enumerate(PROJECTS):
        project = services.project_save(
            project=Project(
                name=name,
                code=f"2111{year}{index + 1:04d}",
                region=regions[code],
                department=zjw,
                started_on=dt.date(year, 3 + index % 6, 10),
                completed_on=dt.date(year + 1, 10, 30) if year < 2016 else None,
                **{
                    kind: units[kind][(index + offset) % len(units[kind])]
                    for offset, kind in enumerate(NAMES)
                },
            ),
            user=office,
        )
        due = Decimal(200000 + 50000 * index)
        deposit = Deposit(project=project, amount_due=due, paid_amount=due, paid_on=project.started_on)
        if project.completed_on and index % 3 != 2:  # settled two years after completion
            deposit.returned_amount, deposit.returned_on = due, project.completed_on + dt.timedelta(days=730)
        elif project.completed_on:  # a leaking roof: part kept to pay for the repair
            deposit.returned_amount, deposit.returned_on = (
                due - 60000,
                project.completed_on + dt.timedelta(days=730),
            )
            deposit.forfeited_amount, deposit.forfeited_on = (
                Decimal(60000),
                project.completed_on + dt.timedelta(days=400),
            )
            deposit.forfeit_reason = "保修期内屋面渗漏，施工单位拒不维修，动用保证金委托维修。"
        services.deposit_save(deposit=deposit, user=office)
    rankings = []
    for year in (2015, 2016):
        ranking = services.ranking_save(
            ranking=Ranking(year=year, department=zjw, notes="依据全年监督检查、事故、投诉和获奖情况评定。"),
            user=office,
        )
        for kind_units in units.values():
            for unit in kind_units:
                services.score_save(
                    score=UnitScore(
                        ranking=ranking,
                        unit=unit,
                        inspection_score=Decimal(ctx.random.randint(700, 990)) / 10,
                        accidents=1 if ctx.random.random() < 0.1 else 0,
                        complaints=ctx.random.choice([0, 0, 1, 2, 3]),
                        awards=ctx.random.choice([0, 0, 0, 1, 2]),
                    ),
                    user=office,
                )
        rankings.append(ranking)
    services.ranking_publish(ranking=rankings[0], user=office)
    count = sum(len(u) for u in units.values())
    return (
        f"{count} units, {len(PROJECTS)} projects with deposits, rankings 2015 (published) and 2016 (draft)"
    )
