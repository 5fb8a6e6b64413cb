"""Spot-check tables as bureaus publish them, built with openpyxl: untidy on purpose."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from organizations.uscc import make_uscc

NEW_USCC = make_uscc("91211103MA0TEXT01")
HEADER_ROW = 4  # the Excel row of the header: title, subtitle and a blank row above it

HEADERS = [
    "序号",
    "产品名称",
    "规格型号",
    "商标",
    "生产日期\n/批号",
    "受检单位　名称",
    "统一社会信用代码",
    "所在地",
    "标称生产企业名称",
    "抽样日期",
    "承检机构",
    "检验结论",
    "主要不合格项目",
    "备注（执法人员）",
]

# Where each value of a row goes: every column but 序号 (1) and 承检机构 (11, merged down the table).
ROW_COLUMNS = [2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14]
# (product, spec, trademark, production, sampled unit, credit code, place, producer, sampled on, conclusion, failed items, note)
GOOD_ROWS = [
    (
        "盘锦大米",
        "5kg",
        "鼎翔",
        dt.date(2015, 2, 1),
        "盘锦鼎翔米业（有限公司）",
        "",
        "盘锦市兴隆台区",
        "盘锦鼎翔米业(有限公司)",
        dt.date(2015, 3, 2),
        " 合格",
        "",
        "张三",
    ),
    (
        "盘锦大米",
        "10kg",
        "鼎翔",
        "2015.3.2",
        "盘锦 鼎翔米业（有限公司）",
        "",
        "兴隆台区",
        "",
        dt.date(2015, 3, 9),
        "不合格 ",
        "标签",
        "",
    ),
    ("河蟹", "二两", "", "2015年3月2日", "盘山示例河蟹专业合作社", "", "盘山县", "", "2015.4.1", "P", "", ""),
    (
        "米粉",
        "500g",
        "田庄台",
        "20150302批",
        "新企业米粉厂",
        NEW_USCC,
        "盘锦市兴隆台区",
        "新企业米粉厂",
        dt.date(2015, 4, 8),
        "F",
        "菌落总数",
        "",
    ),
    (
        "米粉",
        "500g",
        "",
        "批号：A123",
        "大洼示例粮油有限公司",
        "",
        "大洼县",
        "外省某食品有限公司",
        dt.date(2015, 5, 20),
        "拒检",
        "",
        "企业拒绝抽样",
    ),
]


def untidy_table(rows=GOOD_ROWS, *, extra_rows=()) -> bytes:
    """A published table: title and subtitle above the header (merged), a blank row, a notes block below."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "抽查结果"
    sheet["A1"] = "2015年第一季度盘锦市食品质量监督抽查结果"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A2"] = "（按受检单位排序）"
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    for col, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=col, value=header)
        cell.alignment = Alignment(wrap_text=True)
    excel_row = HEADER_ROW + 1
    for index, row in enumerate([*rows, *extra_rows], start=1):
        if index == 3:
            excel_row += 1  # a blank row in the middle of the data
        sheet.cell(row=excel_row, column=1, value=index)
        for col, value in zip(ROW_COLUMNS, row, strict=True):
            sheet.cell(row=excel_row, column=col, value=value)
        excel_row += 1
    # The testing agency, merged down the whole table as bureaus print it.
    agency_col = HEADERS.index("承检机构") + 1
    sheet.cell(row=HEADER_ROW + 1, column=agency_col, value="盘锦市产品质量监督检验所")
    sheet.merge_cells(
        start_row=HEADER_ROW + 1, start_column=agency_col, end_row=excel_row - 1, end_column=agency_col
    )
    sheet.cell(row=excel_row + 1, column=1, value="注：1. 本次抽查依据 GB 2762 等标准检验。")
    sheet.cell(row=excel_row + 2, column=1, value="2. 不合格产品已依法处理。")
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def excel_row_of(index: int) -> int:
    """The Excel row of the index-th data row (1-based) in `untidy_table`, counting the blank row."""
    return HEADER_ROW + index + (1 if index >= 3 else 0)
