"""Reading the spot-check tables that bureaus publish: find each sheet's header, map columns by their text, parse rows.

Real tables — national and provincial bulletins, the city's 抽查结果公告, food-safety 抽检 lists — have title
and publisher rows above the header, headers split over two rows or merged, line breaks and full-width
spaces inside them, the passed and the failed lists on sheets of their own, a notes block and totals rows
below ("注：1. …", "本次共抽查 120 批次，合格 112 批次"), conclusions like " 合格" / "P" / "F", dates written
five ways, and addresses instead of counties. Provincial tables list every city: a row sampled elsewhere is
set aside with its reason, not refused; a producer outside the city is kept as written and does not block.

Everything here is pure Python over the rows python-calamine returns, so a 50,000-row table is validated in
a second or two; the database is touched only to pre-load lookups (`Lookups`) and, in services, to write.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from core.importing import HeaderMap, RowError, TemplateColumn, fill_merged, find_header, header_key
from core.uploads import open_workbook
from foundations.models import Agency
from inspections import rules
from inspections.choices import CheckKind, Conclusion
from organizations.models import Enterprise
from organizations.names import normalize_name
from organizations.places import RegionNames
from organizations.uscc import (
    normalize_org_code,
    normalize_uscc,
    org_code_of,
    validate_org_code,
    validate_uscc,
)

# Header texts as bureaus write them, in order of preference; the first name is what the import template uses.
HEADERS = HeaderMap(
    {
        "seq": ("序号", "编号"),
        "product_name": (
            "产品名称",
            "样品名称",
            "食品名称",
            "抽样产品名称",
            "抽查产品",
            "产品",
            "产品名称及规格",
        ),
        "specification": ("规格型号", "规格", "型号", "规格型号等级", "规格等级"),
        "trademark": ("商标", "品牌", "商标品牌", "注册商标"),
        "production": (
            "生产日期/批号",
            "生产日期",
            "批号",
            "生产批号",
            "生产日期或批号",
            "生产日期批次",
            "批次",
            "生产日期/批号/编号",
        ),
        "producer_name": (
            "标称生产企业名称",
            "生产企业",
            "生产企业名称",
            "生产单位",
            "生产单位名称",
            "标称生产企业",
            "标称生产者名称",
            "生产者名称",
            "标称生产单位",
            "标称生产单位名称",
            "生产者",
        ),
        "producer_address": (
            "标称生产企业地址",
            "生产企业地址",
            "生产单位地址",
            "标称生产者地址",
            "标称生产单位地址",
            "生产者地址",
        ),
        "producer_code": (
            "生产企业统一社会信用代码",
            "生产单位统一社会信用代码",
            "标称生产企业统一社会信用代码",
            "生产企业信用代码",
            "生产企业组织机构代码",
            "标称生产企业组织机构代码",
        ),
        "sampled_unit_name": (
            "受检单位名称",
            "受检单位",
            "被抽样单位",
            "被抽样单位名称",
            "受检企业",
            "受检企业名称",
            "被检单位",
            "被抽查单位",
            "被抽查单位名称",
            "被抽查企业",
            "被抽样企业",
        ),
        "sampled_unit_code": (
            "统一社会信用代码",
            "受检单位统一社会信用代码",
            "被抽样单位统一社会信用代码",
            "社会信用代码",
            "信用代码",
            "组织机构代码",
            "受检单位组织机构代码",
        ),
        "sampled_unit_address": (
            "被抽样单位地址",
            "受检单位地址",
            "受检企业地址",
            "被抽查单位地址",
            "企业地址",
            "地址",
        ),
        "place": (
            "所在地",
            "所在地区",
            "受检单位所在地",
            "被抽样单位所在地",
            "地区",
            "县区",
            "所在县区",
            "所属县区",
            "企业所在地",
            "所属地区",
            "所在市县",
        ),
        "city": ("所在市", "被抽样单位所在市", "地市", "所在城市"),
        "province": ("被抽样单位所在省份", "所在省份", "省份", "所在省"),
        "agency": ("检验机构", "承检机构", "检验单位", "承检单位", "检测机构", "承检机构名称"),
        "conclusion": (
            "检验结论",
            "抽查结果",
            "结论",
            "判定结果",
            "判定结论",
            "抽检结果",
            "抽查结论",
            "综合判定",
            "结果",
            "检验结果",
        ),
        "failed_items": (
            "不合格项目",
            "主要不合格项目",
            "不合格项目名称",
            "不合格项",
            "不合格项目║检验结果║标准值",
            "不合格项目/检验结果/标准值",
            "不合格项目项目名称",
        ),
        "failed_result": ("实测值", "检验值", "检测值", "实测结果", "不合格项目检验结果"),
        "failed_standard": (
            "标准值",
            "标准要求",
            "标准规定值",
            "标准规定",
            "技术要求",
            "不合格项目标准值",
            "标准指标",
        ),
        "sampled_on": ("抽样日期", "抽样时间", "抽检日期", "抽查日期"),
        "category": ("分类", "类别", "产品类别", "食品大类", "食品类别", "食品细类", "产品种类"),
        "bulletin_no": ("公告号", "通告号", "公告编号", "通报编号", "公告期号", "文号"),
        "task_source": ("任务来源/项目名称", "任务来源", "项目名称", "任务类别", "抽查任务", "计划来源"),
        "check_kind": ("抽查类型", "抽检类型", "抽查类别", "监测类型", "检查类型"),
        "retest": ("复检结论", "复检结果", "复检判定"),
        "retest_on": ("复检日期", "复检时间"),
        "remarks": ("备注", "说明"),
    }
)
LABELS = {name: texts[0] for name, texts in HEADERS.aliases.items()} | {
    "production": "生产日期/批号",
    "producer_name": "生产企业",
    "sampled_unit_name": "受检单位",
    "sampled_unit_code": "统一社会信用代码",
}
# The import template (`/inspections/import/template/`): its columns, a sample row of a sample at a county of
# ours, and how to fill each column in (the 填表说明 sheet).
TEMPLATE_COLUMNS = (
    TemplateColumn("product_name", "大米", "样品的产品名称，照抽查结果公告填写。", required=True),
    TemplateColumn("specification", "25kg/袋", "规格、型号或等级。"),
    TemplateColumn("trademark", "鼎翔", "产品上的商标；没有写“/”或留空。"),
    TemplateColumn("production", "2015-09-01", "生产日期（2015-09-01）或批号，二者写一个即可。"),
    TemplateColumn(
        "sampled_unit_name",
        "盘锦示例米业有限公司",
        "被抽样单位全称；与生产企业为同一单位时也照写。",
        required=True,
    ),
    TemplateColumn(
        "sampled_unit_code",
        "91211103MA0XM0001M",
        "18 位统一社会信用代码（或 9 位组织机构代码）；有则填，用于对应企业名录。",
    ),
    TemplateColumn(
        "sampled_unit_address", "辽宁省盘锦市兴隆台区示例路 1 号", "被抽样单位地址；县区从地址中识别。"
    ),
    TemplateColumn("place", "兴隆台区", "被抽样单位所在县区（名称或代码），地址中没有县区时必须填写。"),
    TemplateColumn("producer_name", "盘锦示例米业有限公司", "标称生产企业名称；市外企业照写。"),
    TemplateColumn("producer_address", "辽宁省盘锦市兴隆台区示例路 1 号", "标称生产企业地址。"),
    TemplateColumn("producer_code", "91211103MA0XM0001M", "生产企业的统一社会信用代码，有则填。"),
    TemplateColumn("sampled_on", "2015-10-12", "抽样日期，写作 2015-10-12。"),
    TemplateColumn("agency", "盘锦市产品质量监督检验所", "承担检验的机构。"),
    TemplateColumn("conclusion", "合格", "合格、不合格或未检验（拒检、移送等写明原因）。", required=True),
    TemplateColumn("failed_items", None, "不合格时写不合格项目，多个项目用“、”分开；合格留空。"),
    TemplateColumn("retest", None, "复检结论（合格 / 不合格），没有复检留空；有复检时以复检为准。"),
)
# The table column each result field of `rules.result_errors` is read from.
RULE_COLUMNS = {
    "failed_items": "failed_items",
    "not_tested_reason": "conclusion",
    "production_date": "production",
    "retest_conclusion": "retest",
    "retest_on": "retest_on",
}
HEADER_SCAN_ROWS = 30
# Accepted rows handed on at a time while validating goes on (see parse_tables' `emit`).
EMIT_ROWS = 2000
PASS_WORDS = {"合格", "P", "PASS", "符合", "合格品", "√", "所检项目合格", "所检项目符合要求"}
FAIL_WORDS = {"不合格", "F", "FAIL", "不符合", "不合格品", "×", "所检项目不合格"}
NOT_TESTED_HINTS = ("拒检", "拒绝", "未检", "移送", "不予检验", "停产", "无产品", "未抽到", "转办")
NOTE_PREFIXES = ("注", "备注", "说明", "附注")
TOTAL_PREFIXES = ("合计", "总计", "小计")
# What a sheet's name or title says of every row on it when the table has no conclusion column.
FAILED_LIST = ("不合格",)
PASSED_LIST = ("合格",)

_DATE_IN_TEXT = re.compile(r"(?<!\d)(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_BATCH_PREFIX = re.compile(r"^(批号|批次|生产批号)\s*[:：]?\s*")
# 本次共抽查 120 批次产品，合格 112 批次（不合格 8 批次）: the bulletin's totals.
_TOTAL_ALL = re.compile(
    r"共(?:计)?(?:抽查|抽检|抽取|监督抽查|检验)?(?:了)?[^\d，,。；;]{0,12}?(\d+)\s*(?:个)?批"
)
_TOTAL_PASSED = re.compile(r"(?<!不)合格(?:产品|样品)?(?:的)?(?:有)?\s*(\d+)\s*(?:个)?批")
_TOTAL_FAILED = re.compile(r"不合格(?:产品|样品)?(?:的)?(?:有)?\s*(\d+)\s*(?:个)?批")
_ITEM_LINES = re.compile(r"\s*[\r\n]+\s*")


def clean_text(value) -> str:
    """A cell as one line of text as written (full-width brackets kept): numbers without a trailing .0,
    spaces, full-width spaces and line breaks collapsed."""
    if type(value) is str:
        text = value
    elif value is None:
        return ""
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime):
        return value.date().isoformat()
    elif isinstance(value, dt.date):
        return value.isoformat()
    else:
        text = str(value)
    return " ".join(text.split())


def key_text(text: str) -> str:
    """Text to parse (a conclusion, a date, a code): NFKC, so full-width digits and letters read as such."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def _valid_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        day_ = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return day_ if 1990 <= day_.year <= 2035 else None


def parse_date_text(text: str) -> tuple[dt.date | None, bool]:
    """The date written in a text (2015.3.2, 2015年3月2日, 2015-03-02, 20150302批) and whether that is all the text says."""
    for pattern in (_DATE_IN_TEXT, _COMPACT_DATE):
        match = pattern.search(text)
        if match:
            day = _valid_date(*match.groups())
            if day:
                return day, match.group(0).strip() == text.strip()
    return None, False


def cell_date(value) -> tuple[dt.date | None, str]:
    """A production date/batch cell: (date or None, batch text). Real dates stay dates; text is searched for one."""
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    text = key_text(clean_text(value))
    if not text:
        return None, ""
    day, whole = parse_date_text(text)
    return day, "" if whole else _BATCH_PREFIX.sub("", text)


def parse_conclusion(text: str) -> tuple[str | None, str]:
    """(conclusion, not-tested reason); None when the text is not a conclusion we know."""
    key = key_text(text).replace(" ", "").upper()
    if key in PASS_WORDS:
        return Conclusion.PASS, ""
    if key in FAIL_WORDS:
        return Conclusion.FAIL, ""
    if any(hint in key for hint in NOT_TESTED_HINTS):
        return Conclusion.NOT_TESTED, text
    return None, ""


def parse_check_kind(text: str) -> str | None:
    """The kind of check a text names (a column, the task source, a title); None when it names none."""
    if "监测" in text:
        return CheckKind.MONITORING
    if "专项" in text:
        return CheckKind.SPECIAL
    if "监督抽查" in text or "监督抽检" in text:
        return CheckKind.SUPERVISION
    return None


@dataclass(frozen=True)
class Statement:
    """A bulletin's totals as it states them: 共抽查 N 批次，合格 M 批次."""

    inspected: int
    passed: int
    text: str


def parse_statement(text: str) -> Statement | None:
    """The totals a line of a bulletin states (the title, a note, a line below the table), or None."""
    text = key_text(text).replace(" ", "")
    whole = _TOTAL_ALL.search(text)
    if whole is None:
        return None
    inspected = int(whole.group(1))
    passed = _TOTAL_PASSED.search(text, whole.end())
    failed = _TOTAL_FAILED.search(text, whole.end())
    if passed is not None:
        count = int(passed.group(1))
    elif failed is not None:
        count = inspected - int(failed.group(1))
    else:
        return None
    if not 0 <= count <= inspected:
        return None
    return Statement(inspected=inspected, passed=count, text=text[:300])


class TableError(Exception):
    """The file as a whole cannot be read as a spot-check table."""


@dataclass
class Table:
    """The data rows of a sheet with their Excel row numbers, and which column holds what."""

    header_row: int
    columns: dict[str, int]
    headers: list[str]
    notes: dict[int, str]  # column index → header text, for the columns we do not know
    rows: list[tuple[int, list]]
    sheet: str = ""
    # What the sheet's name or title says of every row: a conclusion (合格 / 不合格 lists), a kind of check.
    conclusion: str | None = None
    check_kind: str | None = None
    lines: list[str] = field(default_factory=list)  # the text above and below the table


def open_sheets(source) -> tuple[int, Iterator[tuple[str, list[list]]]]:
    """How many sheets a workbook (a file or a path) has, and each sheet, read when asked for, as (name, rows)
    (index 0 is Excel row 1), merged cells filled with their top-left value."""
    try:
        names, sheets = open_workbook(source)
    except ValidationError as exc:
        raise TableError(exc.messages[0]) from exc

    def filled() -> Iterator[tuple[str, list[list]]]:
        try:
            for name, rows, merged in sheets:
                yield name, fill_merged(rows, merged)
        except ValidationError as exc:
            raise TableError(exc.messages[0]) from exc

    return len(names), filled()


def _line_of(row: list, product_col: int | None = None) -> str | None:
    """The text of a row that is a line of text (a title, a note, totals merged across), or None for a table
    row: every filled cell says the same, and a lone cell is not in the product column."""
    first = None
    for v in row:  # most rows: cells that differ, decided at the second filled cell, before any cleaning
        if v == "" or v is None:
            continue
        if first is None:
            first = v
        elif v != first:
            return None
    raw = [(i, v) for i, v in enumerate(row) if v != "" and v is not None]
    if not raw:
        return None
    filled = [(i, t) for i, v in raw if (t := clean_text(v))]
    if not filled:
        return None
    if len(filled) == 1 and filled[0][0] == product_col:
        return None
    return filled[0][1]


def _list_conclusion(text: str) -> str | None:
    if any(word in text for word in FAILED_LIST):
        return Conclusion.FAIL
    if any(word in text for word in PASSED_LIST):
        return Conclusion.PASS
    return None


def _measured_columns(headers: list[str], columns: dict[str, int]) -> None:
    """检验结果 is the verdict in a municipal table and the measured value beside 标准值 in a food-safety list."""
    measured = [i for i, text in enumerate(headers) if header_key(text) == "检验结果"]
    if not measured:
        return
    conclusion = columns.get("conclusion")
    if conclusion in measured and "failed_standard" in columns:
        columns.pop("conclusion")
        columns.setdefault("failed_result", conclusion)
    for index in measured:
        if index != columns.get("conclusion"):
            columns.setdefault("failed_result", index)


def locate(rows: list[list], sheet: str = "") -> Table:
    """Find the header (one row, or two: a group over its parts) and the data rows under it, up to the notes."""
    header = find_header(rows, HEADERS, scan=HEADER_SCAN_ROWS)
    columns = dict(header.columns) if header else {}
    headers = header.texts if header else []
    if header:
        _measured_columns(headers, columns)
        if "sampled_unit_name" not in columns:
            # A national bulletin samples at the producer: its code and address columns are the producer's.
            for unit, producer in (
                ("sampled_unit_code", "producer_code"),
                ("sampled_unit_address", "producer_address"),
            ):
                if unit in columns and producer not in columns:
                    columns[producer] = columns.pop(unit)
    above = [line for row in rows[: header.first] if (line := _line_of(row))] if header else []
    context = " ".join([sheet, *above])
    list_conclusion = _list_conclusion(context) if "conclusion" not in columns else None
    missing = [LABELS[n] for n in ("product_name", "conclusion") if n not in columns]
    if list_conclusion:
        missing = [m for m in missing if m != LABELS["conclusion"]]
    if header is None or len(columns) < 3 or missing:
        raise TableError(
            "未找到表头：表头行须含“产品名称”“检验结论”以及受检单位或生产企业等列"
            "（只列合格或不合格产品的表，可在工作表名或标题中写明“合格”“不合格”）"
            + (f"（缺少：{'、'.join(missing)}）" if header is not None and missing else "")
            + "。"
        )
    if "producer_name" not in columns and "sampled_unit_name" not in columns:
        raise TableError("表头中没有“受检单位名称”或“生产企业”列。")
    known = set(columns.values())
    notes = {c: headers[c] for c in range(len(headers)) if c not in known and headers[c]}
    product_col = columns["product_name"]
    repeated = {*HEADERS.aliases["product_name"], header.texts[product_col], rows[header.first][product_col]}
    data, lines, in_notes = [], list(above), False
    for index in range(header.last + 1, len(rows)):
        row = rows[index]
        line = _line_of(row, product_col)
        if line is not None:
            lines.append(line)
            in_notes = in_notes or line.startswith(NOTE_PREFIXES)
            continue
        filled = [v for v in row if v != "" and v is not None and (type(v) is not str or v.strip())]
        if not filled:
            continue
        first = clean_text(filled[0])
        if in_notes or (first.startswith(NOTE_PREFIXES) and len(filled) <= 2):
            in_notes = True  # the notes block closes the table
            lines.append(" ".join(clean_text(v) for v in filled))
            continue
        if first.startswith(TOTAL_PREFIXES) or (first.startswith("共") and parse_statement(first)):
            lines.append(" ".join(clean_text(v) for v in filled))
            continue
        if product_col < len(row) and row[product_col] in repeated:
            continue  # a header repeated on every printed page
        data.append((index + 1, row))
    return Table(
        header_row=header.first + 1,
        columns=columns,
        headers=headers,
        notes=notes,
        rows=data,
        sheet=sheet,
        conclusion=list_conclusion,
        check_kind=parse_check_kind(context),
        lines=lines,
    )


def locate_each(
    sheets: Iterable[tuple[str, list[list]]], *, several: bool, others: list[str]
) -> Iterator[Table]:
    """The table of each sheet as the sheets come (`several`: name each by its sheet); the names of the sheets
    that hold none (a cover, an explanation) are added to `others`.

    A workbook whose sheets all fail says why the first one did; one whose tables have no row says so.
    """
    found: list[Table] = []
    first_error = None
    for name, rows in sheets:
        try:
            table = locate(rows, name if several else "")
        except TableError as exc:
            first_error = first_error or exc
            if any(any(v != "" and v is not None for v in row) for row in rows):
                others.append(name)
            continue
        found.append(table)
        yield table
    if not found:
        raise first_error or TableError("文件中没有工作表。")
    if not any(table.rows for table in found):
        raise TableError(f"没有找到数据行：第 {found[0].header_row} 行表头下面没有抽查结果。")


class Lookups:
    """What row validation needs from the database, loaded once per import: regions by name, enterprises by
    credit code, by the organisation code their credit code embeds, and by name."""

    def __init__(self) -> None:
        self.places = RegionNames()
        self.by_uscc: dict[str, tuple[int, int]] = {}
        self.by_org: dict[str, tuple[int, int] | None] = {}
        self.by_name: dict[str, tuple[int, int] | None] = {}
        self.uscc_of: dict[int, str] = {}
        self.name_of: dict[int, str] = {}
        # The testing agencies of the register by normalised name (承检机构 as tables write it names one of them).
        self.agencies: dict[str, int] = {
            normalize_name(name): pk for pk, name in Agency.objects.values_list("pk", "name")
        }
        for pk, uscc, name, key, region_id in Enterprise.objects.values_list(
            "pk", "uscc", "name", "name_key", "region_id"
        ):
            self.by_uscc[uscc] = (pk, region_id)
            self.uscc_of[pk] = uscc
            self.name_of[pk] = name
            org = org_code_of(uscc)
            self.by_org[org] = None if org in self.by_org else (pk, region_id)
            # Two enterprises with the same name: a name alone cannot say which, so it matches neither.
            self.by_name[key] = None if key in self.by_name else (pk, region_id)


@dataclass
class ParsedRow:
    row: int
    values: dict
    sheet: str = ""


@dataclass
class Parsed:
    rows: list[ParsedRow]
    errors: list[RowError]
    error_count: int
    new_enterprises: dict[str, dict]  # uscc → name, region_id
    matched: set[int] = field(default_factory=set)  # enterprises of the register the table names
    skipped: Counter = field(default_factory=Counter)  # reason → rows set aside
    skipped_rows: list[dict] = field(default_factory=list)  # the first of them: sheet, row, unit, reason
    statement: Statement | None = None
    notes: list[str] = field(default_factory=list)
    emitted: int = 0  # rows handed to `emit` so far
    tables: list[Table] = field(default_factory=list)  # the tables read, as they came


@dataclass
class _Found:
    """An enterprise a row names: ("new", uscc) or (pk, region id) of the register, or None; as written."""

    ref: tuple | None
    name: str
    code: str = ""


def parse_tables(
    tables: Iterable[Table],
    lookups: Lookups,
    *,
    year: int | None,
    sampled_on: dt.date | None,
    check_kind: str = CheckKind.SUPERVISION,
    max_errors: int = 1000,
    progress=None,
    emit: Callable[[list[ParsedRow]], None] | None = None,
) -> Parsed:
    """Validate every row of every table, each as it comes (the tables of a workbook's sheets as they are read);
    errors name the sheet (of several), the Excel row, the column as written in the table, and the reason. `emit`
    is handed the accepted rows in batches of EMIT_ROWS as they
    are validated (for writing meanwhile; see core.pipeline), and the last ones at the end; none after a row is
    refused, as nothing will be kept."""
    parsed = Parsed(rows=[], errors=[], error_count=0, new_enterprises={})
    # Who a new credit code or a new name belongs to, within this table: rows that disagree are conflicts.
    names_of_code: dict[str, tuple[str, int, str]] = {}
    codes_of_name: dict[str, tuple[str, int, str]] = {}
    done = 0
    for table in tables:
        if sampled_on is None and year is None and "sampled_on" not in table.columns:
            raise TableError("表中没有“抽样日期”列：请指定抽样日期或年度。")
        parsed.tables.append(table)
        done = _parse_table(
            table,
            lookups,
            parsed,
            year=year,
            sampled_on=sampled_on,
            check_kind=check_kind,
            max_errors=max_errors,
            progress=progress,
            done=done,
            names_of_code=names_of_code,
            codes_of_name=codes_of_name,
            emit=emit,
        )
    if emit and not parsed.error_count and len(parsed.rows) > parsed.emitted:
        emit(parsed.rows[parsed.emitted :])
        parsed.emitted = len(parsed.rows)
    parsed.statement = statement_of(parsed.tables)
    return parsed


def statement_of(tables: list[Table]) -> Statement | None:
    """The totals the bulletin states above or below its tables (the first such line)."""
    return next((s for table in tables for line in table.lines if (s := parse_statement(line))), None)


def _parse_table(
    table: Table,
    lookups: Lookups,
    parsed: Parsed,
    *,
    year,
    sampled_on,
    check_kind,
    max_errors,
    progress,
    done,
    names_of_code,
    codes_of_name,
    emit,
) -> int:
    cols = table.columns
    header = table.headers
    default_day = sampled_on or (dt.date(year, 12, 31) if year else None)
    places = lookups.places
    sheet = table.sheet
    # Names repeat down a table (the same shop, the same producer): normalise each once.
    name_key = functools.lru_cache(maxsize=65536)(normalize_name)
    table_kind = table.check_kind

    items = list(cols.items())
    cell: dict[str, str] = {}

    def label(name: str) -> str:
        return header[cols[name]] if name in cols else LABELS.get(name, name)

    def error(row_no: int, name: str, reason: str) -> RowError:
        return RowError(row_no, label(name), reason, sheet)

    def conflict(row_no, name_field, code_field, message) -> RowError:
        return error(row_no, code_field if code_field in cols else name_field, message)

    def enterprise(row_no, row, name_field, code_field, region_id, row_errors, *, may_create) -> _Found:
        """The enterprise a row names, by credit code, organisation code or name; a new one when it has a
        credit code, a region of ours and `may_create`; a conflict when a name and a code disagree."""
        name = cell.get(name_field, "")
        key = name_key(name) if name else ""
        raw = key_text(cell.get(code_field, ""))
        code = normalize_org_code(raw) if raw else ""
        if code and len(code) == 9:
            try:
                validate_org_code(code)
            except ValidationError as exc:
                row_errors.append(error(row_no, code_field, exc.messages[0]))
                return _Found(None, name)
            return _Found(lookups.by_org.get(code) or (lookups.by_name.get(key) if key else None), name, code)
        if code:
            code = normalize_uscc(raw)
            try:
                validate_uscc(code)
            except ValidationError as exc:
                row_errors.append(error(row_no, code_field, exc.messages[0]))
                return _Found(None, name, code)
            found = lookups.by_uscc.get(code)
            if found:
                return _Found(found, name, code)
            if key and (same := lookups.by_name.get(key)):
                row_errors.append(
                    conflict(
                        row_no,
                        name_field,
                        code_field,
                        f"企业名称冲突：企业名录中的“{lookups.name_of[same[0]]}”统一社会信用代码为 "
                        f"{lookups.uscc_of[same[0]]}，表中为 {code}。请核对后改正表格或企业名录（不会另建一户同名企业）。",
                    )
                )
                return _Found(None, name, code)
            if key:
                seen = names_of_code.setdefault(code, (key, row_no, sheet))
                other = codes_of_name.setdefault(key, (code, row_no, sheet))
                if seen[0] != key:
                    row_errors.append(
                        conflict(
                            row_no,
                            name_field,
                            code_field,
                            f"同一统一社会信用代码 {code} 在第 {seen[1]} 行写作另一家企业：请核对。",
                        )
                    )
                    return _Found(None, name, code)
                if other[0] != code:
                    row_errors.append(
                        conflict(
                            row_no,
                            name_field,
                            code_field,
                            f"企业名称冲突：“{name}”在第 {other[1]} 行的统一社会信用代码为 {other[0]}，本行为 {code}。",
                        )
                    )
                    return _Found(None, name, code)
            if name and region_id and may_create:
                parsed.new_enterprises.setdefault(code, {"name": name, "region_id": region_id})
                return _Found(("new", code), name, code)
            return _Found(None, name, code)
        return _Found(lookups.by_name.get(key) if key else None, name)

    for row_no, row in table.rows:
        done += 1
        if progress and done % 5000 == 0:
            progress(done)
        if emit and not parsed.error_count and len(parsed.rows) - parsed.emitted >= EMIT_ROWS:
            emit(parsed.rows[parsed.emitted :])
            parsed.emitted = len(parsed.rows)
        row_errors: list[RowError] = []
        width = len(row)
        # Every known column's text, cleaned once per row.
        cell = {name: clean_text(row[index]) if index < width else "" for name, index in items}
        # When: the sampled date, which also says whether 大洼县 is still the county.
        day = default_day
        if "sampled_on" in cols:
            raw_day = row[cols["sampled_on"]] if cols["sampled_on"] < len(row) else ""
            parsed_day, batch = cell_date(raw_day)
            if parsed_day and not batch:
                day = parsed_day
            elif clean_text(raw_day) or day is None:
                row_errors.append(
                    error(
                        row_no, "sampled_on", f"抽样日期“{clean_text(raw_day)}”无法识别，请写作 2015-03-02。"
                    )
                )
        # Where: the sampled unit's county from what the row says, in order of evidence.
        unit_name = cell.get("sampled_unit_name", "")
        hints = [
            cell.get("place", ""),
            cell.get("sampled_unit_address", ""),
            cell.get("city", ""),
            unit_name,
            cell.get("province", ""),
        ]
        region_id, outside = None, None
        for hint in hints:
            if not hint:
                continue
            region_id = places.find(hint, day)
            if region_id:
                break
            outside = places.elsewhere(hint)
            if outside:
                break
        if outside:
            parsed.skipped[f"受检单位在{outside}"] += 1
            if len(parsed.skipped_rows) < 20:
                parsed.skipped_rows.append(
                    {"sheet": sheet, "row": row_no, "unit": unit_name, "reason": f"受检单位在{outside}"}
                )
            continue
        product = cell.get("product_name", "")
        if not product:
            row_errors.append(error(row_no, "product_name", "产品名称为空。"))
        if "conclusion" in cols:
            raw_conclusion = cell.get("conclusion", "")
            conclusion, reason = parse_conclusion(raw_conclusion)
            if conclusion is None:
                row_errors.append(
                    error(
                        row_no,
                        "conclusion",
                        f"检验结论“{raw_conclusion}”无法识别，应为 合格 / 不合格（或 P / F），未检验的写明原因（如 拒检）。"
                        if raw_conclusion
                        else "检验结论为空。",
                    )
                )
        else:
            conclusion, reason = table.conclusion, ""
        retest = ""
        if "retest" in cols and (raw_retest := cell.get("retest", "")):
            retest_conclusion, _ = parse_conclusion(raw_retest)
            if retest_conclusion in (Conclusion.PASS, Conclusion.FAIL):
                retest = retest_conclusion
            else:
                row_errors.append(error(row_no, "retest", f"复检结论“{raw_retest}”应为 合格 或 不合格。"))
        retest_on = None
        if "retest_on" in cols and (raw_retest_on := cell.get("retest_on", "")):
            retest_on, batch = cell_date(row[cols["retest_on"]])
            if retest_on is None or batch:
                row_errors.append(error(row_no, "retest_on", f"复检日期“{raw_retest_on}”无法识别。"))
                retest_on = None
        if day and year and day.year != year:
            row_errors.append(error(row_no, "sampled_on", f"抽样日期 {day} 不在 {year} 年。"))
        production_date, batch_no = None, ""
        if "production" in cols and cols["production"] < len(row):
            production_date, batch_no = cell_date(row[cols["production"]])
        sampled = enterprise(
            row_no, row, "sampled_unit_name", "sampled_unit_code", region_id, row_errors, may_create=True
        )
        if region_id is None and sampled.ref and sampled.ref[0] != "new":
            region_id = sampled.ref[1]  # the enterprise directory
        # The producer: in the city (its address, or the sampled unit itself), or outside it, kept as written.
        producer_name = cell.get("producer_name", "")
        producer_address = cell.get("producer_address", "")
        same = not unit_name or (bool(producer_name) and name_key(producer_name) == name_key(unit_name))
        producer_region = places.find(producer_address, day) if producer_address else None
        if region_id is None and same and producer_region:
            region_id = producer_region
        producer_outside = False
        if producer_region is None:
            producer_outside = bool(
                (producer_address and places.elsewhere(producer_address))
                or (not producer_address and producer_name and places.elsewhere(producer_name))
            )
        producer = enterprise(
            row_no,
            row,
            "producer_name",
            "producer_code",
            producer_region or (region_id if same else None),
            row_errors,
            may_create=not producer_outside,
        )
        if producer.ref:
            producer_outside = False
        if region_id is None and sampled.ref is None and producer.ref and producer.ref[0] != "new" and same:
            region_id = producer.ref[1]
        if region_id is None:
            written = [h for h in hints[:3] if h]
            row_errors.append(
                error(
                    row_no,
                    "place"
                    if "place" in cols
                    else "sampled_unit_address"
                    if "sampled_unit_address" in cols
                    else "sampled_unit_name",
                    (
                        f"无法确定所在地区：“{written[0]}”中没有盘锦市的县区"
                        if written
                        else "无法确定所在地区：表中没有所在地或地址"
                    )
                    + "，企业名录中也没有该受检单位。请填写所在县区或地址。",
                )
            )
        if not unit_name and not producer_name:
            row_errors.append(error(row_no, "sampled_unit_name", "受检单位和生产企业都为空。"))
        failed_items = _failed_items(
            row, cols, cell.get("failed_result", ""), cell.get("failed_standard", ""), conclusion
        )
        broken = rules.result_errors(
            conclusion=conclusion,
            failed_items=failed_items,
            not_tested_reason=reason,
            production_date=production_date,
            sampled_on=day,
            retest_conclusion=retest,
            retest_on=retest_on,
        )
        if "failed_items" not in cols:
            broken.pop("failed_items", None)  # many published tables have no such column: nothing to check
        row_errors += [error(row_no, RULE_COLUMNS[name], why) for name, why in broken.items()]
        if row_errors:
            parsed.error_count += len(row_errors)
            if len(parsed.errors) < max_errors:
                parsed.errors.extend(row_errors[: max_errors - len(parsed.errors)])
            continue
        for found in (sampled, producer):
            if found.ref and found.ref[0] != "new":
                parsed.matched.add(found.ref[0])
        task_source = cell.get("task_source", "")
        kind = (
            parse_check_kind(cell.get("check_kind", ""))
            or parse_check_kind(task_source)
            or table_kind
            or check_kind
        )
        notes = {h: clean_text(row[c]) for c, h in table.notes.items() if c < len(row) and clean_text(row[c])}
        if sampled.code and sampled.ref is None:
            notes["受检单位代码"] = sampled.code
        parsed.rows.append(
            ParsedRow(
                row=row_no,
                sheet=sheet,
                values={
                    "product_name": product[:120],
                    "specification": cell.get("specification", "")[:120],
                    "trademark": cell.get("trademark", "")[:60],
                    "production_date": production_date,
                    "batch_no": batch_no[:60],
                    "sampled_on": day,
                    "sampled_unit": sampled.ref,
                    "sampled_unit_name": unit_name[:120],
                    "sampled_unit_address": cell.get("sampled_unit_address", "")[:200],
                    "producer": producer.ref,
                    "producer_name": producer_name[:120],
                    "producer_address": producer_address[:200],
                    "producer_code": producer.code[:18] if producer.ref is None else "",
                    "producer_outside": producer_outside,
                    "region_id": region_id,
                    "agency": cell.get("agency", "")[:120],
                    "agency_ref_id": lookups.agencies.get(name_key(cell.get("agency", ""))),
                    "check_kind": kind,
                    "conclusion": conclusion,
                    "not_tested_reason": reason[:120],
                    "failed_items": failed_items if conclusion == Conclusion.FAIL else "",
                    "retest_conclusion": retest,
                    "retest_on": retest_on,
                    "category": cell.get("category", "")[:60],
                    "bulletin_no": cell.get("bulletin_no", "")[:60],
                    "task_source": task_source[:120],
                    "remarks": cell.get("remarks", "")[:200],
                    "notes": notes,
                },
            )
        )
    return done


def _failed_items(row: list, cols: dict[str, int], result: str, standard: str, conclusion) -> str:
    """The failed items as written, one per line joined with “；”, with the measured and the standard value."""
    index = cols.get("failed_items")
    raw = row[index] if index is not None and index < len(row) else ""
    items = "；".join(part for part in _ITEM_LINES.split(str(raw or "").strip()) if part)
    items = " ".join(items.split())
    if conclusion != Conclusion.FAIL:
        return items
    extra = "；".join(
        part
        for part in (f"检验结果：{result}" if result else "", f"标准值：{standard}" if standard else "")
        if part
    )
    if extra:
        items = f"{items}（{extra}）" if items else extra
    return items


def preview_rows(parsed: Iterable[ParsedRow], regions: dict[int, str], limit: int = 20) -> list[dict]:
    """The first rows as the user will see them after the import, for the confirmation page."""
    out = []
    for item in parsed:
        v = item.values
        out.append(
            {
                "sheet": item.sheet,
                "row": item.row,
                "product_name": v["product_name"],
                "specification": v["specification"],
                "production": str(v["production_date"] or "")
                + (f" {v['batch_no']}" if v["batch_no"] else ""),
                "sampled_unit": v["sampled_unit_name"],
                "region": regions.get(v["region_id"], ""),
                "producer": v["producer_name"] + ("（市外）" if v["producer_outside"] else ""),
                "sampled_on": str(v["sampled_on"]),
                "kind": str(CheckKind(v["check_kind"]).label),
                "conclusion": str(Conclusion(v["conclusion"]).label)
                + (f" → 复检{Conclusion(v['retest_conclusion']).label}" if v["retest_conclusion"] else ""),
                "failed_items": v["failed_items"],
            }
        )
        if len(out) >= limit:
            break
    return out
