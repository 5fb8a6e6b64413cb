"""Synthetic spot-check tables as bureaus publish them, for the import benchmark and the demo."""

from __future__ import annotations

import datetime as dt
import random

from openpyxl import Workbook

from organizations.models import Enterprise

HEADERS = [
    "序号",
    "产品名称",
    "规格型号",
    "商标",
    "生产日期\n/批号",
    "受检单位　名称",
    "所在地",
    "标称生产企业名称",
    "抽样日期",
    "检验机构",
    "检验结论",
    "不合格项目",
    "备注",
]
PLACES = ["盘锦市兴隆台区", "双台子区", "盘锦市大洼区", "盘山县", "辽东湾新区", "辽河口生态经济区"]
PRODUCTS = [
    ("电线电缆", "BV 2.5mm²"),
    ("防水卷材", "SBS Ⅰ PY"),
    ("塑料管材", "PE100 dn110"),
    ("润滑油", "L-HM 46"),
]


def build_table(target, rows: int, seed: int = 2015) -> None:
    """An untidy published table of `rows` samples: title rows, merged cells, mixed dates, a notes block."""
    rng = random.Random(seed)
    names = list(Enterprise.objects.values_list("name", flat=True)[:2000]) or ["盘锦示例化工有限公司"]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("抽查结果")
    sheet.append(["2015年盘锦市产品质量监督抽查结果"])
    sheet.append(["（第一批）"])
    sheet.append(HEADERS)
    for index in range(1, rows + 1):
        product, spec = PRODUCTS[index % len(PRODUCTS)]
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(360))
        made = day - dt.timedelta(days=rng.randrange(10, 200))
        production = [
            made,
            f"{made:%Y.%-m.%-d}",
            f"{made:%Y年%-m月%-d日}",
            f"{made:%Y%m%d}批",
            f"批号：A{index}",
        ][index % 5]
        failed = rng.random() < 0.08
        conclusion = ("不合格 " if index % 2 else "F") if failed else (" 合格" if index % 3 else "P")
        sheet.append(
            [
                index,
                product,
                spec,
                "辽河",
                production,
                names[index % len(names)] if index % 4 else f"盘锦测试企业{index}有限公司",
                PLACES[index % len(PLACES)],
                names[(index * 7) % len(names)],
                day,
                "盘锦市产品质量监督检验所",
                conclusion,
                "标志和使用说明" if failed else "",
                "",
            ]
        )
    sheet.append([])
    sheet.append(["注：1. 本次抽查依据产品标准和相关规定进行检验。"])
    sheet.append(["2. 不合格产品已责令企业整改。"])
    workbook.save(target)
