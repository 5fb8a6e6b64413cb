"""Demo incidents: a few a year across the counties, and the systemic one that vetoes 辽河口生态经济区's 2015
assessment (inside its window 2014-07-01—2015-06-30), with its response, investigation and 责任追究."""

from __future__ import annotations

import datetime as dt

from core.registry import DemoContext, demo_loader
from incidents import services
from incidents.choices import Domain, Grade, PartyKind, Status
from incidents.models import Accountability, Incident
from organizations.models import Enterprise, Region

# 辽河口生态经济区: its 2015 assessment is vetoed (grade D, linked to this incident) by the assessments demo.
VETOED_2015 = "2111A2"

SYSTEMIC = {
    "title": "辽河口稻蟹种养区大米镉含量超标事件",
    "occurred_on": dt.date(2015, 6, 8),
    "domain": Domain.FOOD,
    "grade": Grade.LARGE,
    "regional": True,
    "systemic": True,
    "summary": "省级食品安全监督抽检发现辖区 4 家大米加工企业共 11 批次大米镉含量超标，涉及稻蟹种养区多个"
    "收储点，原粮收购未执行重金属快检制度。",
    "response": "6月9日启动食品安全事故Ⅲ级应急响应，封存问题大米 362 吨，责令涉事企业停产整改、召回已售产品，"
    "对辖区全部大米加工企业开展拉网式排查。",
    "investigation": "联合调查组认定为原粮收购环节把关缺失导致的系统性质量安全事件：收储点未落实快检，"
    "监管部门未将重金属指标纳入日常抽检计划。",
    "status": Status.CLOSED,
}

OTHERS = [
    ("双台子区某小区电梯困人事件", dt.date(2014, 11, 20), "211102", Domain.SERVICE, Grade.GENERAL),
    ("兴隆台区商品房外墙保温层脱落", dt.date(2015, 3, 14), "211103", Domain.ENGINEERING, Grade.GENERAL),
    ("大洼区燃气热水器一氧化碳中毒事故", dt.date(2016, 1, 5), "211104", Domain.PRODUCT, Grade.LARGE),
    ("盘山县学校食堂集体腹泻事件", dt.date(2016, 5, 19), "211122", Domain.FOOD, Grade.GENERAL),
    ("辽东湾新区在建厂房模板坍塌", dt.date(2017, 4, 2), "2111A1", Domain.ENGINEERING, Grade.LARGE),
]

ACCOUNTABILITIES = [
    (
        PartyKind.UNIT,
        "盘锦某米业有限公司",
        "",
        "吊销食品生产许可证，没收违法所得并处罚款 48 万元。",
        "盘市监罚〔2015〕31号",
    ),
    (
        PartyKind.PERSON,
        "王某",
        "辽河口生态经济区农产品质量监管站站长",
        "给予行政记过处分。",
        "辽河口纪〔2015〕7号",
    ),
    (PartyKind.PERSON, "刘某", "某粮食收储点负责人", "移送公安机关依法处理。", ""),
]


@demo_loader("incidents.incidents", order=85)
def load(ctx: DemoContext) -> str:
    if Incident.objects.exists():
        return "skipped (incidents exist)"
    office = ctx.shared["users"]["office"]
    regions = {r.code: r for r in Region.objects.counties()}
    food = Enterprise.objects.filter(region=regions[VETOED_2015]).order_by("pk").first()
    systemic = services.incident_save(
        incident=Incident(region=regions[VETOED_2015], enterprise=food, **SYSTEMIC), user=office
    )
    for kind, name, affiliation, measure, document in ACCOUNTABILITIES:
        services.accountability_save(
            accountability=Accountability(
                incident=systemic,
                party_kind=kind,
                name=name,
                affiliation=affiliation,
                measure=measure,
                document_no=document,
                decided_on=dt.date(2015, 8, 20),
            ),
            user=office,
        )
    for title, day, code, domain, grade in OTHERS:
        services.incident_save(
            incident=Incident(
                title=title,
                occurred_on=day,
                region=regions[code],
                domain=domain,
                grade=grade,
                summary=f"{title}，已按预案处置，无次生事故。",
                response="接报后相关部门 1 小时内到场处置，开展救治和隐患排查。",
                investigation="事故调查报告已批复，责任单位已整改。",
                status=Status.CLOSED,
            ),
            user=office,
        )
    return f"{1 + len(OTHERS)} incidents (one systemic in {VETOED_2015}, vetoing its 2015 assessment)"
