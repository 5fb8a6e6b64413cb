"""Demo enterprises: realistic names for Panjin's industries, valid credit codes, in every region."""

from __future__ import annotations

from simple_history.utils import bulk_create_with_history

from core.registry import DemoContext, demo_loader
from core.stats import vacuum_analyze
from organizations.models import Enterprise, Region
from organizations.names import normalize_name
from organizations.uscc import ALPHABET, make_uscc

BRANDS = [
    "辽河",
    "红海滩",
    "鼎翔",
    "中润",
    "北方",
    "华锦",
    "宏业",
    "昌盛",
    "兴隆",
    "田庄台",
    "胡家",
    "石山",
    "新兴",
    "渤海",
    "鑫源",
    "金穗",
    "绿洲",
    "禾丰",
    "海川",
    "盛达",
    "万达",
    "天润",
    "恒泰",
    "瑞丰",
    "安泰",
    "兴业",
    "荣兴",
    "坝墙子",
    "唐家",
    "东郭",
    "甜水",
    "古城子",
    "羊圈子",
    "新开",
    "荣滨",
    "清水",
    "平安",
    "西安",
]
INDUSTRIES = [
    ("石油化工", "石化有限公司"),
    ("稻米加工", "米业有限公司"),
    ("水产养殖", "河蟹养殖专业合作社"),
    ("食品制造", "食品有限公司"),
    ("建材", "建材有限公司"),
    ("装备制造", "机械制造有限公司"),
    ("塑料制品", "塑料制品有限公司"),
    ("建筑施工", "建筑工程有限公司"),
    ("物业服务", "物业服务有限公司"),
    ("餐饮住宿", "酒店管理有限公司"),
    ("旅游服务", "旅游开发有限公司"),
    ("电线电缆", "电缆有限公司"),
    ("防水材料", "防水科技有限公司"),
    ("农业种植", "农业科技有限公司"),
]
STREETS = [
    "石油大街",
    "兴隆台街",
    "泰山路",
    "惠宾街",
    "双兴路",
    "建设街",
    "辽河路",
    "市府大街",
    "渤海路",
    "中兴路",
]


def demo_enterprises(ctx: DemoContext, count: int, regions: list[Region], start: int = 0) -> list[Enterprise]:
    rng = ctx.random
    result = []
    used = set(Enterprise.objects.values_list("name", flat=True))
    for index in range(start, start + count):
        region = regions[index % len(regions)]
        industry, suffix = INDUSTRIES[rng.randrange(len(INDUSTRIES))]
        brand = BRANDS[rng.randrange(len(BRANDS))]
        name = f"盘锦{brand}{suffix}"
        if name in used:
            # Registers tell same-named firms apart by a branch or a serial, so names stay unique at any size.
            name = f"盘锦{brand}{suffix}{region.name}第{index}分公司"
        used.add(name)
        org = "".join(ALPHABET[rng.randrange(len(ALPHABET))] for _ in range(9))
        area = region.code if region.national_code else "211100"
        result.append(
            Enterprise(
                name=name,
                uscc=make_uscc(f"91{area}{org}"),
                region=region,
                industry=industry,
                address=f"{region.name}{STREETS[rng.randrange(len(STREETS))]}{rng.randint(1, 999)}号",
            )
        )
    return result


@demo_loader("organizations.enterprises", order=20)
def load_enterprises(ctx: DemoContext) -> str:
    regions = list(Region.objects.counties())
    wanted = 20000 if ctx.large else 150
    have = Enterprise.objects.count()
    if have >= wanted:
        return f"{have} enterprises already present"
    batch = demo_enterprises(ctx, wanted - have, regions, start=have)
    # Random codes may repeat at large sizes; keep the first of each.
    existing = set(Enterprise.objects.values_list("uscc", flat=True))
    unique = []
    for enterprise in batch:
        if enterprise.uscc not in existing:
            existing.add(enterprise.uscc)
            unique.append(enterprise)
    for enterprise in unique:  # save() is bypassed by bulk inserts
        enterprise.name_key = normalize_name(enterprise.name)
    bulk_create_with_history(unique, Enterprise, batch_size=2000)
    # The search box decides by the planner's estimate whether a word is common (core.search.COMMON_ROWS):
    # without statistics 有限 looked rare and the list took a second.
    vacuum_analyze(Enterprise)
    return f"{len(unique)} enterprises added"
