"""Demo awards of Panjin (盘锦大米 and 盘锦河蟹, 辽宁名牌产品 2012–2017 …) and two mayor's quality award rounds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from brands import services
from brands.choices import ApplicationStatus
from brands.models import Application, Assignment, Award, AwardType, EvaluationRound, Expert, Score
from brands.selectors import ranking
from core.registry import DemoContext, demo_loader
from organizations.models import Enterprise, Region
from organizations.uscc import make_uscc

# Product names by the industries the enterprise register uses.
PRODUCTS = {
    "稻米加工": ["蟹田大米", "盘锦大米（粳米）", "有机大米"],
    "石油化工": ["道路石油沥青", "聚丙烯专用料", "溶剂油"],
    "防水材料": ["SBS改性沥青防水卷材", "高分子防水卷材"],
    "电线电缆": ["交联聚乙烯绝缘电力电缆", "控制电缆"],
    "装备制造": ["石油钻采设备", "抽油机"],
    "塑料制品": ["塑料编织袋", "PE管材"],
    "食品制造": ["蟹黄酱", "碱地柿子酱"],
    "水产养殖": ["盘锦河蟹（中华绒螯蟹）"],
}
# (award type, product-bearing industry, year) — a dozen 辽宁名牌产品 over 2012–2017, renewals included.
LIAONING_BRANDS = [
    ("稻米加工", 2012), ("石油化工", 2012), ("防水材料", 2012),
    ("稻米加工", 2013), ("电线电缆", 2013),
    ("石油化工", 2014), ("装备制造", 2014),
    ("稻米加工", 2015), ("防水材料", 2015), ("塑料制品", 2015),
    ("石油化工", 2016), ("食品制造", 2016),
    ("电线电缆", 2017), ("稻米加工", 2017),
]  # fmt: skip
PANJIN_BRANDS = [
    ("食品制造", 2013),
    ("塑料制品", 2014),
    ("水产养殖", 2015),
    ("稻米加工", 2016),
    ("装备制造", 2017),
]
FAMOUS_MARKS = [("稻米加工", 2013), ("石油化工", 2014), ("防水材料", 2016), ("水产养殖", 2017)]
EXPERTS = [
    ("王建国", "沈阳工业大学管理学院", "教授", "卓越绩效管理"),
    ("李淑华", "辽宁省质量协会", "高级工程师", "质量管理体系"),
    ("张海涛", "盘锦市质量技术监督局", "高级工程师", "标准化"),
    ("刘玉梅", "辽宁石油化工大学", "教授", "石油化工"),
    ("陈志强", "盘锦市产品质量监督检验所", "正高级工程师", "产品检验"),
    ("赵红", "大连理工大学盘锦校区", "副教授", "统计与测量分析"),
    ("孙立新", "盘锦市服务业委员会", "高级经济师", "服务质量"),
]
REWARD = Decimal("100000")  # the city's reward per mayor's award winner (元)


def _enterprise(name: str, code_body: str, region: Region, industry: str) -> Enterprise:
    enterprise = Enterprise.objects.filter(name=name).first()
    if enterprise is None:
        enterprise = Enterprise(
            name=name,
            uscc=make_uscc(code_body),
            region=region,
            industry=industry,
        )
        enterprise.full_clean()
        enterprise.save()
    return enterprise


def _award(
    types: dict, code: str, enterprise: Enterprise, year: int, product: str, serial: int, rng
) -> Award:
    award_type = types[code]
    valid_from = dt.date(year, rng.choice([3, 6, 9, 11]), rng.randint(1, 28))
    return Award(
        award_type=award_type,
        enterprise=enterprise,
        product=product if award_type.for_products else "",
        year=year,
        certificate_no=f"{award_type.name}-{year}-{serial:03d}",
        valid_from=valid_from,
        valid_until=award_type.default_valid_until(valid_from),
    )


@demo_loader("brands.awards", order=40)
@transaction.atomic
def load_awards(ctx: DemoContext) -> str:
    if Award.objects.exists():
        return f"{Award.objects.count()} awards already present"
    rng = ctx.random
    types = {t.code: t for t in AwardType.objects.all()}
    by_industry: dict[str, list[Enterprise]] = {}
    for enterprise in Enterprise.objects.filter(industry__in=PRODUCTS).order_by("pk")[
        : 400 if ctx.large else 120
    ]:
        by_industry.setdefault(enterprise.industry, []).append(enterprise)
    dawa = Region.objects.get(code="211121")  # the rice and crab associations registered before 2016
    rice = _enterprise("盘锦市大米协会", "51211121MJ0000001", dawa, "稻米加工")
    crab = _enterprise("盘锦市河蟹协会", "51211121MJ0000002", dawa, "水产养殖")
    awards = [
        _award(types, "geo_indication", rice, 2011, "盘锦大米", 1, rng),
        _award(types, "geo_indication", crab, 2012, "盘锦河蟹", 2, rng),
    ]
    serial = 0
    awarded: set[tuple] = set()
    for code, plan in (
        ("liaoning_brand", LIAONING_BRANDS),
        ("panjin_brand", PANJIN_BRANDS),
        ("famous_mark", FAMOUS_MARKS),
    ):
        for industry, year in plan * (8 if ctx.large else 1):
            serial += 1
            holders = by_industry.get(industry) or [rice]
            # Holders repeat (a 辽宁名牌产品 is renewed every three years), so cumulative counts are distinct.
            enterprise = holders[serial % min(len(holders), 3 if code == "liaoning_brand" else 6)]
            product = rng.choice(PRODUCTS.get(industry, ["大米"]))
            if code == "famous_mark":
                product = f"“{enterprise.name[2:4]}”商标（{product}）"
            holder_year = (code, enterprise.pk, product, year)
            if holder_year in awarded:  # the large data set repeats the plan: one award per holder and year
                continue
            awarded.add(holder_year)
            awards.append(_award(types, code, enterprise, year, product, serial, rng))
    chemical = by_industry.get("石油化工") or [rice]
    awards.append(_award(types, "governor_award", chemical[0], 2014, "", 1, rng))
    awards.append(_award(types, "governor_award", chemical[-1], 2016, "", 2, rng))
    awards.append(_award(types, "well_known_mark", rice, 2013, "“盘锦大米”地理标志证明商标", 1, rng))
    # The city rewards 辽宁名牌产品 and 盘锦名牌产品 (policy 四(二)); most rewards paid within a few months.
    for award in awards:
        if award.award_type.code in ("liaoning_brand", "panjin_brand"):
            award.reward_amount = (
                Decimal("50000") if award.award_type.code == "liaoning_brand" else Decimal("20000")
            )
            if rng.random() < 0.8:
                award.reward_paid_on = award.valid_from + dt.timedelta(days=rng.randint(60, 200))
    # One award withdrawn after its product failed a provincial spot check.
    revoked = next(a for a in awards if a.award_type.code == "liaoning_brand" and a.year == 2015)
    revoked.revoked_on = dt.date(2016, 8, 15)
    revoked.revoke_reason = "2016年省级监督抽查不合格，经复检仍不合格，撤销称号"
    bulk_create_with_history(awards, Award, batch_size=1000)
    return f"{len(awards)} awards added"


def _score_all(assignments: list[Assignment], rng, levels: dict[int, float]) -> None:
    """Complete score sheets, each category near the application's level and within its maximum.

    Written in one insert: the sheets are valid by construction, and the service's per-category checks
    would make the demo load slowly.
    """
    scores = []
    for assignment in assignments:
        for criterion in assignment.application.round.criteria.all():
            share = min(max(rng.gauss(levels[assignment.application_id], 0.06), 0.3), 0.98)
            points = Decimal(criterion.max_points * share).quantize(Decimal("0.1"))
            scores.append(Score(assignment=assignment, criterion=criterion, points=points))
    bulk_create_with_history(scores, Score)


def _run_round(year: int, candidates: list[Enterprise], experts: list[Expert]) -> EvaluationRound:
    evaluation = services.round_create(
        round=EvaluationRound(
            year=year,
            title=f"{year}年度盘锦市市长质量奖",
            quota=2,
            applications_open=dt.date(year, 3, 1),
            applications_close=dt.date(year, 4, 30),
            scoring_due=dt.date(year, 6, 30),
            announce_on=dt.date(year, 9, 10),
            reward_amount=REWARD,
        )
    )
    services.round_set_panel(round=evaluation, experts=experts)
    for index, enterprise in enumerate(candidates):
        application = services.application_submit(
            application=Application(
                round=evaluation,
                enterprise=enterprise,
                submitted_on=dt.date(year, 4, 10 + index),
                contact=f"质量部 {1300000 + index * 7:07d}",
                summary="按GB/T 19580《卓越绩效评价准则》编写自评报告，近三年主要经营指标持续增长。",
            )
        )
        if index == len(candidates) - 1:
            services.application_screen(
                application=application, accepted=False, note="近三年发生质量安全事故，不符合申报条件"
            )
        else:
            services.application_screen(application=application, accepted=True)
    services.round_start_review(round=evaluation)
    return evaluation


def _assignments_of(evaluation: EvaluationRound) -> list[Assignment]:
    return list(
        Assignment.objects.filter(application__round=evaluation)
        .select_related("application__round")
        .prefetch_related("application__round__criteria")
        .order_by("pk")
    )


@demo_loader("brands.mayor_award", order=41)
@transaction.atomic
def load_mayor_award(ctx: DemoContext) -> str:
    if EvaluationRound.objects.exists():
        return f"{EvaluationRound.objects.count()} rounds already present"
    rng = ctx.random
    experts = [
        Expert.objects.create(name=name, organisation=org, title=title, speciality=speciality)
        for name, org, title, speciality in EXPERTS
    ]
    # 孙立新 works at 服务业委: linked to that unit's demo account, who so sees their own scoring tasks.
    experts[-1].user = ctx.shared.get("users", {}).get("dept-fwyw")
    experts[-1].save(update_fields=["user"])
    pool = list(
        Enterprise.objects.filter(industry__in=["石油化工", "装备制造", "稻米加工", "电线电缆"]).order_by(
            "pk"
        )[:13]
    )
    first, second = pool[:7], pool[7:13]
    # 刘玉梅 consulted for the first chemical firm: she never scores it.
    experts[3].conflicts.add(first[0])

    decided = _run_round(2015, first, experts)
    levels = {a.pk: rng.uniform(0.6, 0.85) for a in decided.applications.all()}
    _score_all(_assignments_of(decided), rng, levels)
    top = [row.application for row in ranking(decided)[: decided.quota]]
    services.round_decide(round=decided, winners=top, decided_on=dt.date(2015, 9, 10))

    running = _run_round(2017, second, experts[1:])
    levels = {a.pk: rng.uniform(0.6, 0.85) for a in running.applications.all()}
    # Two experts have not scored yet: the office sees who on the round page, 孙立新 on his task list.
    late = (experts[1].pk, experts[-1].pk)
    _score_all([a for a in _assignments_of(running) if a.expert_id not in late], rng, levels)
    awarded = Application.objects.filter(status=ApplicationStatus.AWARDED).count()
    return f"2 rounds, {len(experts)} experts, {awarded} winners"
