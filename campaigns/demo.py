"""Demo campaigns 2015–2017 (打假治劣 of 农资 and 食品, a 成品油 special rectification) and their cases in
every county (synthetic figures and parties)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from campaigns.choices import CampaignKind
from campaigns.models import Campaign, Case
from core.registry import DemoContext, demo_loader
from organizations.models import Department, Region

CAMPAIGNS = [
    ("2015年“红盾护农”农资打假专项行动", CampaignKind.COUNTERFEIT, dt.date(2015, 3, 1), dt.date(2015, 10, 31),
     "gsj", ["zjj", "nw"], "化肥、农药、种子、农膜"),
    ("2015年食品安全“四打击四规范”专项整治", CampaignKind.SPECIAL, dt.date(2015, 5, 1), dt.date(2015, 12, 31),
     "syj", ["gsj", "zjj"], "食用油、乳制品、大米"),
    ("2016年成品油质量专项整治", CampaignKind.SPECIAL, dt.date(2016, 4, 1), dt.date(2016, 11, 30),
     "zjj", ["gsj"], "汽油、柴油"),
    ("2017年打击侵权假冒伪劣商品专项行动", CampaignKind.COUNTERFEIT, dt.date(2017, 1, 1), dt.date(2017, 12, 31),
     "gsj", ["zjj", "syj"], "建材、电线电缆、日用消费品"),
]  # fmt: skip
CAUSES = ["销售假冒注册商标的商品", "生产不合格产品", "以假充真、以次充好", "无证生产", "标签标识不符合规定"]
PARTIES = ["某农资经销部", "某粮油商店", "某加油站", "某建材商行", "某食品厂", "某超市"]


@demo_loader("campaigns", order=55)
def load(ctx: DemoContext) -> str:
    if Campaign.objects.exists():
        return "campaigns already loaded"
    departments = {d.code: d for d in Department.objects.all()}
    counties = list(Region.objects.counties())
    rng = ctx.random
    cases = 0
    for name, kind, start, end, lead, supporting, products in CAMPAIGNS:
        campaign = Campaign.objects.create(
            name=name, kind=kind, starts_on=start, ends_on=end, lead=departments[lead], products=products
        )
        campaign.supporting.set([departments[c] for c in supporting if c in departments])
        span = (end - start).days
        for county in counties:
            for index in range(rng.randint(1, 5)):
                goods = Decimal(rng.randint(2, 400) * 500)
                Case.objects.create(
                    campaign=campaign,
                    region=county,
                    number=f"{county.code}-{start.year}-{campaign.pk:02d}{index + 1:02d}",
                    cause=rng.choice(CAUSES),
                    product=rng.choice(products.split("、")),
                    party=rng.choice(PARTIES),
                    opened_on=start + dt.timedelta(days=rng.randint(0, span)),
                    goods_value=goods,
                    fines=(goods * Decimal(rng.choice(["0.5", "1", "2"]))).quantize(Decimal("1")),
                    referred_to_police=goods > 150000,
                    major=goods > 180000,
                )
                cases += 1
    return f"{len(CAMPAIGNS)} campaigns, {cases} cases"
