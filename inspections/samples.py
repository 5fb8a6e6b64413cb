"""Synthetic spot-check bulletins as bureaus publish them, for the import benchmark and the demo.

The shape is the untidy one: two sheets (合格 and 不合格 lists published apart, no conclusion column), a
title and a publisher row above a two-row header ("被抽样单位" over 名称 | 地址), line breaks and full-width
spaces in header cells, counties only inside addresses, producers outside the city, rows of other cities
(a provincial table lists every city), dates written five ways, a notes block and totals below.
"""

from __future__ import annotations

import datetime as dt
import random

from openpyxl import Workbook

from organizations.models import Enterprise

# The group cells read as a merged cell does once filled: the group's name over each of its parts.
TOP = ["序号", "产品名称", "规格型号", "商标", "生产日期\n/批号", "被抽样单位", "被抽样单位", "标称生产企业", "标称生产企业", "抽样日期", "承检机构", "不合格项目", "备注"]  # fmt: skip
BOTTOM = ["", "", "", "", "", "名称", "地　址", "名称", "地址", "", "", "", ""]
ADDRESSES = [
    "辽宁省盘锦市兴隆台区石油大街{n}号",
    "盘锦市双台子区胜利街{n}号",
    "盘锦市大洼区田家街道{n}号",
    "盘山县太平镇{n}号",
    "辽东湾新区荣兴路{n}号",
    "辽宁省盘锦市辽河口生态经济区{n}号",
    "兴隆台区惠宾街{n}号",
]
OTHER_CITIES = ["沈阳市和平区太原街{n}号", "辽宁省大连市甘井子区{n}号", "鞍山市铁东区{n}号"]
OUTSIDE_PRODUCERS = [
    ("河北某电缆有限公司", "河北省廊坊市{n}号"),
    ("浙江某塑业有限公司", "浙江省台州市{n}号"),
    ("沈阳某防水材料厂", "沈阳市铁西区{n}号"),
]
PRODUCTS = [
    ("电线电缆", "BV 2.5mm²"),
    ("防水卷材", "SBS Ⅰ PY"),
    ("塑料管材", "PE100 dn110"),
    ("润滑油", "L-HM 46"),
]
AGENCY = "盘锦市产品质量监督检验所"
FAIL_SHARE = 0.08


def _production(index: int, made: dt.date):
    return [made, f"{made:%Y.%-m.%-d}", f"{made:%Y年%-m月%-d日}", f"{made:%Y%m%d}批", f"批号：A{index}"][
        index % 5
    ]


def _sampled(index: int, day: dt.date):
    return [day, f"{day:%Y.%-m.%-d}", f"{day:%Y年%-m月%-d日}", f"{day:%Y-%m-%d}", int(f"{day:%Y%m%d}")][
        index % 5
    ]


def build_table(target, rows: int, seed: int = 2015) -> None:
    """An untidy two-sheet bulletin of `rows` samples: about 8 % failed (on their own sheet), 5 % sampled in
    other cities, a fifth made by producers outside the city; sampled units from the register where it has some."""
    rng = random.Random(seed)
    names = list(Enterprise.objects.values_list("name", flat=True)[:2000]) or ["盘锦示例化工有限公司"]
    workbook = Workbook(write_only=True)
    failed_rows, passed_rows = [], []
    for index in range(1, rows + 1):
        product, spec = PRODUCTS[index % len(PRODUCTS)]
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(360))
        made = day - dt.timedelta(days=rng.randrange(10, 200))
        if rng.random() < 0.05:
            address = rng.choice(OTHER_CITIES).format(n=index)
            unit = f"外市测试商行{index}"
        else:
            address = rng.choice(ADDRESSES).format(n=index % 500)
            unit = names[index % len(names)] if index % 4 else f"盘锦测试商店{index}"
        if rng.random() < 0.2:
            producer, producer_address = rng.choice(OUTSIDE_PRODUCERS)
            producer_address = producer_address.format(n=index % 300)
        else:
            producer, producer_address = names[(index * 7) % len(names)], ""
        failed = rng.random() < FAIL_SHARE
        row = [
            index,
            product,
            spec,
            "辽河",
            _production(index, made),
            unit,
            address,
            producer,
            producer_address,
            _sampled(index, day),
            AGENCY,
            "标志和使用说明" if failed else "",
            "",
        ]
        (failed_rows if failed else passed_rows).append(row)
    for title, data in (("不合格产品", failed_rows), ("合格产品", passed_rows)):
        sheet = workbook.create_sheet(title)
        sheet.append([f"2015年盘锦市产品质量监督抽查{title}名单"])
        sheet.append(["盘锦市质量技术监督局　2015年12月"])
        sheet.append(TOP)
        sheet.append(BOTTOM)
        for position, row in enumerate(data, start=1):
            row[0] = position
            sheet.append(row)
        sheet.append([])
        sheet.append([f"合计 {len(data)} 批次"])
        sheet.append(["注：1. 本次抽查依据产品标准和相关规定进行检验。"])
        sheet.append(["2. 不合格产品已责令企业整改。"])
    workbook.save(target)
