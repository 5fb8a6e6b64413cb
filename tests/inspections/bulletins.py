"""Bulletins as bureaus publish them — national, provincial, municipal, food-safety — built with openpyxl.

Every name, address and code here is made up (no real person's or enterprise's data); the shapes follow the
published tables: titles and publisher rows, two-row headers with merged groups, line breaks and full-width
spaces in headers, passed and failed lists on sheets of their own, notes and totals below the table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment

from organizations.uscc import make_org_code, make_uscc


@dataclass
class Sheet:
    name: str
    header: list[list]  # one or two header rows
    rows: list[list]
    above: list[str] = field(default_factory=list)  # title, publisher: merged across the table
    below: list[str] = field(default_factory=list)  # notes, totals
    merges: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # header merges: rows and columns 1-based within the header


def workbook(*sheets: Sheet) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        width = max(len(r) for r in spec.header)
        row_no = 1
        for line in spec.above:
            sheet.cell(row=row_no, column=1, value=line)
            sheet.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=width)
            row_no += 1
        header_top = row_no
        for header in spec.header:
            for col, text in enumerate(header, start=1):
                if text is not None:
                    sheet.cell(row=row_no, column=col, value=text).alignment = Alignment(wrap_text=True)
            row_no += 1
        for top, left, bottom, right in spec.merges:
            sheet.merge_cells(
                start_row=header_top + top - 1,
                start_column=left,
                end_row=header_top + bottom - 1,
                end_column=right,
            )
        for values in spec.rows:
            for col, value in enumerate(values, start=1):
                if value not in ("", None):
                    sheet.cell(row=row_no, column=col, value=value)
            row_no += 1
        row_no += 1  # a blank row before the notes
        for line in spec.below:
            sheet.cell(row=row_no, column=1, value=line)
            sheet.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=width)
            row_no += 1
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def first_data_row(spec: Sheet) -> int:
    return len(spec.above) + len(spec.header) + 1


# Enterprises of the register that the bulletins name (made up).
DINGXIN_USCC = make_uscc("91211103MA0DX0001")  # 盘锦鼎信粮油（集团）有限公司, 兴隆台区
DINGXIN_NAME = "盘锦鼎信粮油（集团）有限公司"
CABLE_ORG = make_org_code(
    "7A10C2B3"
)  # the organisation code a national bulletin gives for 盘锦华缆电缆有限公司
CABLE_USCC = make_uscc("91211122" + CABLE_ORG)  # its credit code embeds it
CABLE_NAME = "盘锦华缆电缆有限公司"
NEW_FOOD_USCC = make_uscc("91211104MA0NEW001")
NEW_FOOD_NAME = "盘锦新村食品（大洼）有限公司"


# ---------------------------------------------------------------- 市级：抽查结果公告 (the table)

MUNICIPAL_HEADER = [
    "序号",
    "产品名称",
    "规格型号",
    "生产日期\n/批号",
    "被抽样单位名称",
    "被抽样单位所在地",
    "标称生产企业名称",
    "标称生产企业地址",
    "抽样日期",
    "抽查 结果",
    "不合格项目",
    "承检机构",
]
AGENCY = "盘锦市产品质量监督检验所"


def municipal() -> Sheet:
    """2015 municipal food check: counties only inside addresses, dates five ways, a 沈阳 producer sampled at a
    兴隆台 shop, a producer that is the sampled unit, a new enterprise written with full-width brackets.

    By hand: 8 rows; 1 refused (not tested); 5 passed, 2 failed → 5 / 7.
    """
    rows = [
        [1, "大米", "5kg", dt.date(2015, 2, 1), "兴隆台区惠民超市", "辽宁省盘锦市兴隆台区石油大街 12 号", DINGXIN_NAME, "盘锦市兴隆台区", "2015.3.2", "合格", "", AGENCY],
        [2, "大米", "10kg", "2015年2月9日", "惠民超市", "兴隆台", "沈阳禾丰米业有限公司", "沈阳市于洪区禾丰路 8 号", "2015年3月2日", "不合格", "标签\n净含量", AGENCY],
        [3, "挂面", "500g", "20150212批", "盘锦市大洼县田庄台镇红星商店", "", "河北金穗面业有限公司", "河北省邢台市", "2015-03-09", " 合格", "", AGENCY],
        [4, "酱油", "500mL", "批号：J150301", "盘山县陈家粮油店", "盘山县", "", "", dt.date(2015, 3, 10), "P", "", AGENCY],
        [5, "米粉", "400g", "2015/03/02", NEW_FOOD_NAME, "", NEW_FOOD_NAME, "盘锦市大洼县荣兴镇", 20150320, "F", "菌落总数", AGENCY],
        [6, "豆油", "5L", dt.date(2015, 3, 1), "辽河口农贸市场", "辽河口生态经济区", "盘锦辽滨油脂有限公司", "辽东湾新区", dt.date(2015, 4, 1), "合格", "", AGENCY],
        [7, "豆油", "1.8L", "2015.3.5", "盘锦市双台子区新兴街综合商店", "", "盘锦辽滨油脂有限公司", "辽东湾新区", "2015.4.2", "拒检", "", AGENCY],
        [8, "食醋", "420mL", "2015.1.15", "辽东湾新区荣滨超市", "", "天津市蓟州区盘山醋业有限公司", "天津市蓟州区盘山镇", "2015.4.3", "合格", "", AGENCY],
    ]  # fmt: skip
    return Sheet(
        name="抽查结果",
        above=["2015年第一季度盘锦市食品质量监督抽查结果公告", "盘锦市质量技术监督局　2015年4月20日"],
        header=[MUNICIPAL_HEADER],
        rows=rows,
        below=["注：1. 本次抽查依据 GB 2762 等标准检验。", "2. 不合格产品已依法处理。"],
    )


# ---------------------------------------------------------------- 省级：两行表头，列出全省各市

PROVINCIAL_HEADER = [
    [
        "序号",
        "产品名称",
        "被抽样单位",
        None,
        None,
        "标称生产企业",
        None,
        "规格型号",
        "生产日期/批号",
        "检验结论",
        "主要不合格项目",
    ],
    [None, None, "名称", "所在市", "地址", "名称", "地址", None, None, None, None],
]
# The group cells over two columns, and the cells merged down both header rows.
PROVINCIAL_MERGES = [(1, 3, 1, 5), (1, 6, 1, 7), (1, 1, 2, 1), (1, 2, 2, 2), (1, 8, 2, 8), (1, 9, 2, 9), (1, 10, 2, 10), (1, 11, 2, 11)]  # fmt: skip


def provincial() -> Sheet:
    """2015 provincial check of building materials: every city of the province; rows of other cities set aside.

    By hand for 盘锦: 4 rows, 3 passed, 1 failed → 3 / 4; 3 rows of 沈阳, 大连, 鞍山 skipped.
    """
    rows = [
        [1, "防水卷材", "沈阳建材市场某商行", "沈阳市", "沈阳市铁西区", "沈阳防水材料厂", "沈阳市铁西区", "SBS Ⅰ PY", "2015-05-01", "合格", ""],
        [2, "防水卷材", "兴隆台区建材城某商行", "盘锦市", "盘锦市兴隆台区建材城 3 号", "盘锦东方防水材料有限公司", "盘锦市双台子区", "SBS Ⅱ PY", "2015-05-03", "合格", ""],
        [3, "塑料管材", "大连某管业有限公司", "大连市", "大连市甘井子区", "大连某管业有限公司", "大连市甘井子区", "PE100", "2015-04-11", "不合格", "静液压强度"],
        [4, "塑料管材", CABLE_NAME, "盘锦市", "盘山县太平镇", CABLE_NAME, "盘山县太平镇", "PPR dn20", "2015-04-12", "不合格", "纵向回缩率"],
        [5, "电线电缆", "双台子区五金店", "盘锦市", "双台子区胜利街", "浙江某电缆有限公司", "浙江省杭州市", "BV 2.5", "2015-04-20", "合格", ""],
        [6, "电线电缆", "鞍山某五金店", "鞍山市", "鞍山市铁东区", "盘锦华缆电缆有限公司", "盘山县太平镇", "BV 4", "2015-04-21", "合格", ""],
        [7, "电线电缆", "大洼县建材市场", "盘锦市", "", "营口某电缆厂", "营口市", "BVR 1.5", "2015-04-22", "合格", ""],
    ]  # fmt: skip
    return Sheet(
        name="2015年省级监督抽查",
        above=["辽宁省质量技术监督局2015年建筑材料产品质量监督抽查结果"],
        header=PROVINCIAL_HEADER,
        merges=PROVINCIAL_MERGES,
        rows=rows,
        below=["本次共抽查 300 批次产品，合格 280 批次，不合格 20 批次。"],
    )


# ---------------------------------------------------------------- 国家：在生产企业抽样，组织机构代码，复检

NATIONAL_HEADER = [
    "序号",
    "产品名称",
    "标称生产企业名称",
    "标称生产企业地址",
    "组织机构代码",
    "规格型号",
    "商标",
    "生产日期/批号",
    "检验结论",
    "主要不合格项目",
    "复检结论",
    "承检机构",
]


def national() -> Sheet:
    """A national bulletin of samples taken at producers: the producer's address gives the county, the
    organisation code finds the register's enterprise; a failed sample passed its re-test.

    By hand: 3 rows; conclusions pass, fail (re-test pass), fail → counted 2 passed of 3.
    """
    rows = [
        [1, "电线电缆", CABLE_NAME, "辽宁省盘锦市盘山县太平镇", CABLE_ORG[:8] + "-" + CABLE_ORG[8], "BV 2.5", "华缆", "2015-06-01", "合格", "", "", "国家电线电缆质量监督检验中心"],
        [2, "电线电缆", CABLE_NAME, "辽宁省盘锦市盘山县太平镇", CABLE_ORG, "BV 4", "华缆", "2015-06-08", "不合格", "导体电阻", "合格", "国家电线电缆质量监督检验中心"],
        [3, "电线电缆", "盘锦远东线缆有限公司", "辽宁省盘锦市双台子区工业园", "", "RVV 3×1.5", "", "2015-06-09", "不合格", "绝缘厚度", "", "国家电线电缆质量监督检验中心"],
    ]  # fmt: skip
    return Sheet(
        name="Sheet1",
        above=["2015年第2批国家监督抽查产品质量公告（电线电缆）"],
        header=[NATIONAL_HEADER],
        rows=rows,
    )


# ---------------------------------------------------------------- 食品安全抽检：合格、不合格分表，风险监测

FOOD_FAILED_HEADER = [
    [
        "序号",
        "标称生产企业名称",
        "标称生产企业地址",
        "被抽样单位名称",
        "被抽样单位地址",
        "食品名称",
        "规格型号",
        "商标",
        "生产日期/批号",
        "不合格项目",
        None,
        None,
        "分类",
        "公告号",
        "任务来源/项目名称",
        "检验机构",
        "备注",
    ],
    [
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "项目名称",
        "检验结果",
        "标准值",
        None,
        None,
        None,
        None,
        None,
    ],
]
FOOD_FAILED_MERGES = [(1, 10, 1, 12)] + [
    (1, c, 2, c) for c in (1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15, 16, 17)
]
FOOD_PASSED_HEADER = [
    "序号",
    "标称生产企业名称",
    "标称生产企业地址",
    "被抽样单位名称",
    "被抽样单位所在省份",
    "食品名称",
    "规格型号",
    "生产日期/批号",
    "分类",
    "公告号",
    "任务来源/项目名称",
    "检验机构",
]


def food_safety() -> list[Sheet]:
    """A food-safety 抽检 list, failed and passed on two sheets without a conclusion column; one row is risk
    monitoring (kept, not counted); one passed row is a 沈阳 shop (set aside).

    By hand: failed sheet 2 rows (fail, fail); passed sheet 4 rows of which 1 monitoring, 1 in 沈阳 →
    counted 2 passed, 2 failed → 2 / 4.
    """
    failed = [
        [1, "盘锦河畔调味品有限公司", "辽宁省盘锦市大洼县西安镇", "盘锦市兴隆台区佳佳超市", "辽宁省盘锦市兴隆台区新兴路", "酱油", "500mL", "河畔", "2015-05-01", "氨基酸态氮", "0.32g/100mL", "≥0.4g/100mL", "调味品", "2015年第18号", "2015年辽宁省食品安全监督抽检", "辽宁省食品检验检测院", ""],
        [2, "山东某食品有限公司", "山东省临沂市", "盘锦市双台子区好又多商店", "辽宁省盘锦市双台子区", "饼干", "200g", "", "2015-04-11", "菌落总数\n霉菌", "2.1×10⁴CFU/g", "≤1×10⁴CFU/g", "饼干", "2015年第18号", "2015年辽宁省食品安全监督抽检", "辽宁省食品检验检测院", "复检中"],
    ]  # fmt: skip
    passed = [
        [1, "盘锦河畔调味品有限公司", "辽宁省盘锦市大洼县西安镇", "盘锦市大洼县西安镇河畔超市", "辽宁", "食醋", "500mL", "2015-05-02", "调味品", "2015年第18号", "2015年辽宁省食品安全监督抽检", "辽宁省食品检验检测院"],
        [2, "盘锦河畔调味品有限公司", "辽宁省盘锦市大洼县西安镇", "沈阳市和平区某超市", "辽宁", "食醋", "500mL", "2015-05-02", "调味品", "2015年第18号", "2015年辽宁省食品安全监督抽检", "辽宁省食品检验检测院"],
        [3, "盘锦某乳业有限公司", "盘锦市盘山县", "盘山县城郊乳品店", "辽宁", "巴氏杀菌乳", "250mL", "2015-05-06", "乳制品", "2015年第18号", "2015年辽宁省食品安全风险监测", "辽宁省食品检验检测院"],
        [4, "盘锦某乳业有限公司", "盘锦市盘山县", "盘锦市盘山县城郊乳品店", "辽宁", "酸奶", "200g", "2015-05-06", "乳制品", "2015年第18号", "2015年辽宁省食品安全监督抽检", "辽宁省食品检验检测院"],
    ]  # fmt: skip
    return [
        Sheet(
            name="不合格产品信息",
            above=["食品安全监督抽检不合格产品信息"],
            header=FOOD_FAILED_HEADER,
            merges=FOOD_FAILED_MERGES,
            rows=failed,
            below=["（声明：以上信息仅指本次抽检标称的生产企业相关产品的生产日期/批号和所检项目）"],
        ),
        Sheet(
            name="合格产品信息",
            above=["食品安全监督抽检合格产品信息"],
            header=[FOOD_PASSED_HEADER],
            rows=passed,
        ),
        Sheet(name="说明", header=[["本公告抽检依据 GB 2717 等标准。"]], rows=[]),
    ]


# ---------------------------------------------------------------- 只有合计：只列出不合格批次的公告


def totals_only() -> Sheet:
    """A municipal bulletin that lists only its failed batches and states its totals in a note.

    By hand: 共抽查 40 批次，合格 37 批次 → 37 / 40 for the city; the 3 listed batches count through it.
    """
    header = ["序号", "产品名称", "受检单位名称", "受检单位地址", "规格型号", "生产日期", "不合格项目"]
    rows = [
        [1, "电线电缆", "盘锦华通电器商行", "兴隆台区", "BV 1.5", "2015-07-01", "导体电阻"],
        [2, "电线电缆", "盘锦华通电器商行", "兴隆台区", "BV 2.5", "2015-07-01", "绝缘厚度"],
        [3, "插座", "大洼区某五金店", "大洼区", "10A", "2015-06-20", "标志"],
    ]
    return Sheet(
        name="不合格产品",
        above=["2015年第三季度盘锦市电器产品质量监督抽查不合格产品名单"],
        header=[header],
        rows=rows,
        below=["本次共抽查电器产品 40 批次，合格 37 批次，不合格 3 批次。", "注：不合格产品已责令整改。"],
    )
