"""Reading the spot-check tables that bureaus publish: find the header, map columns by their text, parse rows.

Real tables have title rows above the header, merged cells, blank rows, a notes block below ("注：1. …"),
headers written with line breaks or full-width spaces, conclusions like " 合格" / "P" / "F", and the
production date mixed with batch numbers. Everything here is pure Python over the rows python-calamine
returns, so a 50,000-row table is validated in about a second; the database is touched only to pre-load
lookups (`Lookups`) and, in services, to write the result in bulk.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from core.importing import HeaderMap, RowError
from core.uploads import first_sheet
from inspections import rules
from inspections.choices import Conclusion
from organizations.models import Enterprise
from organizations.names import normalize_name
from organizations.places import RegionNames
from organizations.uscc import normalize_uscc, validate_uscc

# Header texts as bureaus write them, in order of preference; the first name is what the import template uses.
HEADERS = HeaderMap(
    {
        "seq": ("序号", "编号"),
        "product_name": ("产品名称", "样品名称", "食品名称", "抽样产品名称", "产品"),
        "specification": ("规格型号", "规格", "型号", "规格型号等级", "规格等级"),
        "trademark": ("商标", "品牌", "商标品牌"),
        "production": (
            "生产日期/批号",
            "生产日期",
            "批号",
            "生产批号",
            "生产日期或批号",
            "生产日期批次",
            "批次",
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
        ),
        "producer_uscc": ("生产企业统一社会信用代码", "生产单位统一社会信用代码"),
        "sampled_unit_name": (
            "受检单位名称",
            "受检单位",
            "被抽样单位",
            "被抽样单位名称",
            "受检企业",
            "受检企业名称",
            "被检单位",
        ),
        "sampled_unit_uscc": ("统一社会信用代码", "受检单位统一社会信用代码", "社会信用代码", "信用代码"),
        "place": (
            "所在地",
            "所在地区",
            "受检单位所在地",
            "地区",
            "县区",
            "所在县区",
            "受检单位地址",
            "地址",
            "企业所在地",
        ),
        "agency": ("检验机构", "承检机构", "检验单位", "承检单位", "检测机构"),
        "conclusion": ("检验结论", "抽查结果", "结论", "判定结果", "检验结果", "抽检结果", "结果"),
        "failed_items": ("不合格项目", "主要不合格项目", "不合格项目名称", "不合格项"),
        "sampled_on": ("抽样日期", "抽样时间", "抽检日期"),
    }
)
LABELS = {
    "product_name": "产品名称",
    "production": "生产日期/批号",
    "producer_name": "生产企业",
    "producer_uscc": "生产企业统一社会信用代码",
    "sampled_unit_name": "受检单位",
    "sampled_unit_uscc": "统一社会信用代码",
    "place": "所在地",
    "conclusion": "检验结论",
    "failed_items": "不合格项目",
    "sampled_on": "抽样日期",
}
# The table column each result field of `rules.result_errors` is read from.
RULE_COLUMNS = {
    "failed_items": "failed_items",
    "not_tested_reason": "conclusion",
    "production_date": "production",
}
HEADER_SCAN_ROWS = 30
PASS_WORDS = {"合格", "P", "PASS", "符合", "合格品", "√"}
FAIL_WORDS = {"不合格", "F", "FAIL", "不符合", "不合格品", "×"}
NOT_TESTED_HINTS = ("拒检", "拒绝", "未检", "移送", "不予检验", "停产", "无产品", "未抽到", "转办")
NOTE_PREFIXES = ("注", "备注", "说明", "附注")
TOTAL_PREFIXES = ("合计", "总计", "小计")

_DATE_IN_TEXT = re.compile(r"(?<!\d)(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_BATCH_PREFIX = re.compile(r"^(批号|批次|生产批号)\s*[:：]?\s*")
_SPACES = re.compile(r"\s+")


def clean_text(value) -> str:
    """A cell as one line of text: numbers without a trailing .0, spaces (full-width too) collapsed."""
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
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


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
    text = clean_text(value)
    if not text:
        return None, ""
    day, whole = parse_date_text(text)
    return day, "" if whole else _BATCH_PREFIX.sub("", text)


def parse_conclusion(text: str) -> tuple[str | None, str]:
    """(conclusion, not-tested reason); None when the text is not a conclusion we know."""
    key = text.replace(" ", "").upper()
    if key in PASS_WORDS:
        return Conclusion.PASS, ""
    if key in FAIL_WORDS:
        return Conclusion.FAIL, ""
    if any(hint in key for hint in NOT_TESTED_HINTS):
        return Conclusion.NOT_TESTED, text
    return None, ""


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


def read_rows(source) -> list[list]:
    """Every row of the first sheet (index 0 is Excel row 1), merged cells filled with their top-left value."""
    try:
        rows, merged = first_sheet(source)
    except ValidationError as exc:
        raise TableError(exc.messages[0]) from exc
    # A blank row stays blank even where a merged cell (a testing agency merged down the table) spans it.
    blank = {i for i, row in enumerate(rows) if all(v == "" or v is None for v in row)}
    for (top, left), (bottom, right) in merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            if r in blank:
                continue
            row = rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                row[c] = value
    return rows


def locate(rows: list[list]) -> Table:
    """Find the header row (the one naming the most known columns) and the data rows under it, up to the notes."""
    best_index, best_columns = -1, {}
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns = HEADERS.columns(row)
        if len(columns) > len(best_columns):
            best_index, best_columns = index, columns
    missing = [LABELS[n] for n in ("product_name", "conclusion") if n not in best_columns]
    if best_index < 0 or len(best_columns) < 3 or missing:
        raise TableError(
            "未找到表头：表头行须含“产品名称”“检验结论”以及受检单位或生产企业等列"
            + (f"（缺少：{'、'.join(missing)}）" if best_index >= 0 and missing else "")
            + "。"
        )
    if "producer_name" not in best_columns and "sampled_unit_name" not in best_columns:
        raise TableError("表头中没有“受检单位名称”或“生产企业”列。")
    header = rows[best_index]
    known = set(best_columns.values())
    headers = [" ".join(str(h).split()) for h in header]
    notes = {c: headers[c] for c in range(len(header)) if c not in known and headers[c]}
    data = []
    for index in range(best_index + 1, len(rows)):
        row = rows[index]
        filled = [v for v in row if v != "" and v is not None and (type(v) is not str or v.strip())]
        if not filled:
            continue
        first = clean_text(filled[0])
        if first.startswith(NOTE_PREFIXES) and len(filled) <= 2:
            break  # the notes block closes the table
        if first.startswith(TOTAL_PREFIXES):
            continue
        product_col = best_columns["product_name"]
        if product_col < len(row) and HEADERS.field_of(row[product_col]):
            continue  # a header repeated on every printed page
        data.append((index + 1, row))
    if not data:
        raise TableError(f"没有找到数据行：第 {best_index + 1} 行表头下面没有抽查结果。")
    return Table(header_row=best_index + 1, columns=best_columns, headers=headers, notes=notes, rows=data)


class Lookups:
    """What row validation needs from the database, loaded once per import: regions by name, enterprises by code and name."""

    def __init__(self) -> None:
        self.places = RegionNames()
        self.by_uscc: dict[str, tuple[int, int]] = {}
        self.by_name: dict[str, tuple[int, int] | None] = {}
        for pk, uscc, key, region_id in Enterprise.objects.values_list("pk", "uscc", "name_key", "region_id"):
            self.by_uscc[uscc] = (pk, region_id)
            # Two enterprises with the same name: a name alone cannot say which, so it matches neither.
            self.by_name[key] = None if key in self.by_name else (pk, region_id)


@dataclass
class ParsedRow:
    row: int
    values: dict
    new_enterprises: list[dict] = field(default_factory=list)


@dataclass
class Parsed:
    rows: list[ParsedRow]
    errors: list[RowError]
    error_count: int
    new_enterprises: dict[str, dict]  # uscc → name, region_id


def parse_table(
    table: Table,
    lookups: Lookups,
    *,
    year: int | None,
    sampled_on: dt.date | None,
    max_errors: int = 1000,
    progress=None,
) -> Parsed:
    """Validate every row; errors name the Excel row, the column as written in the table, and the reason."""
    cols = table.columns
    header = table.headers
    errors: list[RowError] = []
    error_count = 0
    parsed: list[ParsedRow] = []
    new_enterprises: dict[str, dict] = {}
    if "sampled_on" not in cols and sampled_on is None and year is None:
        raise TableError("表中没有“抽样日期”列：请指定抽样日期或年度。")
    default_day = sampled_on or (dt.date(year, 12, 31) if year else None)

    def text(row: list, name: str) -> str:
        index = cols.get(name)
        return clean_text(row[index]) if index is not None and index < len(row) else ""

    def label(name: str) -> str:
        return header[cols[name]] if name in cols else LABELS.get(name, name)

    def enterprise(row_no, row, name_field, uscc_field, region_id, row_errors):
        name = text(row, name_field)
        uscc = normalize_uscc(text(row, uscc_field)) if uscc_field in cols else ""
        if uscc:
            try:
                validate_uscc(uscc)
            except ValidationError as exc:
                row_errors.append(RowError(row_no, label(uscc_field), exc.messages[0]))
                return None, name
            found = lookups.by_uscc.get(uscc)
            if found:
                return found, name
            if name and region_id:
                new_enterprises.setdefault(uscc, {"name": name, "region_id": region_id})
                return ("new", uscc), name
            return None, name
        return (lookups.by_name.get(normalize_name(name)) if name else None), name

    for done, (row_no, row) in enumerate(table.rows, start=1):
        if progress and done % 5000 == 0:
            progress(done)
        row_errors: list[RowError] = []
        product = text(row, "product_name")
        if not product:
            row_errors.append(RowError(row_no, label("product_name"), "产品名称为空。"))
        raw_conclusion = text(row, "conclusion")
        conclusion, reason = parse_conclusion(raw_conclusion)
        if conclusion is None:
            row_errors.append(
                RowError(
                    row_no,
                    label("conclusion"),
                    f"检验结论“{raw_conclusion}”无法识别，应为 合格 / 不合格（或 P / F），未检验的写明原因（如 拒检）。"
                    if raw_conclusion
                    else "检验结论为空。",
                )
            )
        day = default_day
        if "sampled_on" in cols:
            raw_day = row[cols["sampled_on"]] if cols["sampled_on"] < len(row) else ""
            parsed_day, batch = cell_date(raw_day)
            if parsed_day and not batch:
                day = parsed_day
            elif clean_text(raw_day) or day is None:
                row_errors.append(
                    RowError(
                        row_no,
                        label("sampled_on"),
                        f"抽样日期“{clean_text(raw_day)}”无法识别，请写作 2015-03-02。",
                    )
                )
        if day and year and day.year != year:
            row_errors.append(RowError(row_no, label("sampled_on"), f"抽样日期 {day} 不在 {year} 年。"))
        production_date, batch_no = None, ""
        if "production" in cols and cols["production"] < len(row):
            production_date, batch_no = cell_date(row[cols["production"]])
        place = text(row, "place")
        region_id = lookups.places.find(place) if place else None
        if place and region_id is None:
            row_errors.append(RowError(row_no, label("place"), f"所在地“{place}”不是盘锦市的县区。"))
        sampled, sampled_name = enterprise(
            row_no, row, "sampled_unit_name", "sampled_unit_uscc", region_id, row_errors
        )
        producer, producer_name = enterprise(
            row_no, row, "producer_name", "producer_uscc", region_id, row_errors
        )
        if region_id is None and not place:
            for found in (sampled, producer):
                if found and found[0] != "new":
                    region_id = found[1]
                    break
            else:
                row_errors.append(
                    RowError(
                        row_no, label("place"), "无法确定所在地区：请填写所在地，或使用企业名录中的企业。"
                    )
                )
        if not sampled_name and not producer_name:
            row_errors.append(RowError(row_no, label("sampled_unit_name"), "受检单位和生产企业都为空。"))
        failed_items = text(row, "failed_items")
        broken = rules.result_errors(
            conclusion=conclusion,
            failed_items=failed_items,
            not_tested_reason=reason,
            production_date=production_date,
            sampled_on=day,
        )
        if "failed_items" not in cols:
            broken.pop("failed_items", None)  # many published tables have no such column: nothing to check
        row_errors += [RowError(row_no, label(RULE_COLUMNS[name]), why) for name, why in broken.items()]
        if row_errors:
            error_count += len(row_errors)
            if len(errors) < max_errors:
                errors.extend(row_errors[: max_errors - len(errors)])
            continue
        parsed.append(
            ParsedRow(
                row=row_no,
                values={
                    "product_name": product[:120],
                    "specification": text(row, "specification")[:120],
                    "trademark": text(row, "trademark")[:60],
                    "production_date": production_date,
                    "batch_no": batch_no[:60],
                    "sampled_on": day,
                    "sampled_unit": sampled,
                    "sampled_unit_name": sampled_name[:120],
                    "producer": producer,
                    "producer_name": producer_name[:120],
                    "region_id": region_id,
                    "agency": text(row, "agency")[:120],
                    "conclusion": conclusion,
                    "not_tested_reason": reason[:120],
                    "failed_items": failed_items if conclusion == Conclusion.FAIL else "",
                    "notes": {
                        h: clean_text(row[c])
                        for c, h in table.notes.items()
                        if c < len(row) and clean_text(row[c])
                    },
                },
            )
        )
    return Parsed(rows=parsed, errors=errors, error_count=error_count, new_enterprises=new_enterprises)


def preview_rows(parsed: Iterable[ParsedRow], limit: int = 20) -> list[dict]:
    """The first rows as the user will see them after the import, for the confirmation page."""
    out = []
    for item in parsed:
        v = item.values
        out.append(
            {
                "row": item.row,
                "product_name": v["product_name"],
                "specification": v["specification"],
                "production": str(v["production_date"] or "")
                + (f" {v['batch_no']}" if v["batch_no"] else ""),
                "sampled_unit": v["sampled_unit_name"],
                "producer": v["producer_name"],
                "sampled_on": str(v["sampled_on"]),
                "conclusion": str(Conclusion(v["conclusion"]).label),
                "failed_items": v["failed_items"],
            }
        )
        if len(out) >= limit:
            break
    return out
