"""Importing administrative penalties from a spreadsheet: the 双公示 columns the departments already publish
(行政相对人名称, 统一社会信用代码, 行政处罚决定书文号 …) or their everyday names (案由, 决定机关 …), found by header
text through `core.importing.HeaderMap`; every bad row reported as “第 N 行 · 列 · 原因”; all or nothing.

A decision number the register already has is skipped, so an overlapping table can be imported again; the
same number twice in one table is an error. The enterprise is found by its credit code and must be in the
register; the deciding department by its name, short name or code. A row with a 公示日期 is published.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import bulk
from core.importing import HeaderMap, RowError, cell_text, find_header
from core.models import Job
from core.uploads import first_sheet
from credit.choices import PenaltyCategory, SubjectKind
from credit.models import Penalty
from organizations.models import Department, Enterprise
from organizations.uscc import normalize_uscc

IMPORT_JOB = "credit.penalty_import"

HEADERS = HeaderMap(
    {
        "decision_number": ("行政处罚决定书文号", "处罚决定书文号", "决定书文号", "文书号"),
        "enterprise_name": ("行政相对人名称", "企业名称", "当事人名称", "被处罚单位"),
        "subject_kind": ("行政相对人类别", "相对人类别"),
        "uscc": ("统一社会信用代码", "行政相对人代码_1", "信用代码"),
        "legal_representative": ("法定代表人", "法定代表人（负责人）", "负责人"),
        "cause": ("违法行为类型", "案由", "案件名称"),
        "facts": ("违法事实", "主要违法事实"),
        "basis": ("处罚依据",),
        "category": ("处罚类别", "处罚种类"),
        "content": ("处罚内容", "处罚结果"),
        "fine": ("罚款金额（万元）", "罚款金额"),
        "confiscated": ("没收违法所得、没收非法财物的金额（万元）", "没收金额", "没收违法所得"),
        "decided_on": ("处罚决定日期", "决定日期", "处罚日期"),
        "valid_until": ("处罚有效期",),
        "publish_until": ("公示截止期",),
        "department": ("处罚机关", "决定机关", "处罚部门"),
        "authority_uscc": ("处罚机关统一社会信用代码",),
        "published_on": ("公示日期",),
        "notes": ("备注",),
    }
)
REQUIRED = (
    "decision_number",
    "uscc",
    "cause",
    "facts",
    "basis",
    "category",
    "content",
    "decided_on",
    "department",
)
TEXT_FIELDS = ("decision_number", "legal_representative", "cause", "facts", "basis", "content", "notes")
LIMITS = {name: Penalty._meta.get_field(name).max_length for name in TEXT_FIELDS}
CATEGORY_WORDS = {str(label): value for value, label in PenaltyCategory.choices} | {
    "没收违法所得和非法财物": PenaltyCategory.CONFISCATE_GAINS,
    "没收非法财物": PenaltyCategory.CONFISCATE_PROPERTY,
    "责令停产停业": PenaltyCategory.SUSPEND_BUSINESS,
    "吊销营业执照": PenaltyCategory.REVOKE_LICENCE,
    "吊销许可证": PenaltyCategory.REVOKE_LICENCE,
    "暂扣许可证": PenaltyCategory.SUSPEND_LICENCE,
}
SUBJECT_WORDS = {str(label): value for value, label in SubjectKind.choices} | {
    "法人": SubjectKind.LEGAL_PERSON,
    "法人及其他组织": SubjectKind.LEGAL_PERSON,
}
DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    match = DATE_PATTERN.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise ValueError(f"日期“{text}”无法识别，应写作 2015-03-02")


def _amount(value) -> Decimal:
    text = cell_text(value).replace(",", "") or "0"
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"金额“{text}”不是数字（以万元计）") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"金额“{text}”应为不小于 0 的数字（以万元计）")
    if amount >= Decimal(10) ** 8:
        raise ValueError(f"金额“{text}”过大（以万元计）")
    return amount.quantize(Decimal("0.0001"))


def _category(value) -> str:
    text = cell_text(value)
    for word in re.split(r"[;；、,，/]", text):
        if word.strip() in CATEGORY_WORDS:
            return CATEGORY_WORDS[word.strip()]
    known = "、".join(str(label) for _, label in PenaltyCategory.choices)
    raise ValueError(f"处罚类别“{text}”无法识别，应为：{known}")


def _subject_kind(value) -> str:
    text = cell_text(value)
    if not text:
        return SubjectKind.LEGAL_PERSON
    if text not in SUBJECT_WORDS:
        raise ValueError(f"行政相对人类别“{text}”无法识别，应为：法人及非法人组织、个体工商户")
    return SUBJECT_WORDS[text]


class SheetError(ValidationError):
    """The table as a whole cannot be imported (not a workbook, no header, required columns missing)."""

    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.row_error = error


@dataclass
class Report:
    rows: int = 0
    new: list[dict] = field(default_factory=list)
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


def read_rows(file) -> tuple[list[tuple[int, dict]], dict[str, str]]:
    """(Excel row number, field → cell) for every data row below the header, and each field's header text."""
    try:
        sheet, _merged = first_sheet(file)
    except ValidationError as exc:
        raise SheetError(RowError(0, "", exc.messages[0])) from exc
    header = find_header(sheet, HEADERS)
    if header is None:
        raise SheetError(
            RowError(1, "表头", "没有找到表头：应有“行政处罚决定书文号”“统一社会信用代码”等列。")
        )
    missing = [HEADERS.aliases[name][0] for name in REQUIRED if name not in header.columns]
    if missing:
        raise SheetError(RowError(header.last + 1, "表头", f"缺少列：{'、'.join(missing)}（按表头文字识别）"))
    rows = []
    for index in range(header.last + 1, len(sheet)):
        raw = sheet[index]
        if not any(cell_text(cell) for cell in raw):
            continue
        rows.append(
            (index + 1, {name: raw[i] if i < len(raw) else None for name, i in header.columns.items()})
        )
    if not rows:
        raise SheetError(RowError(0, "", "没有找到数据行：表头下面没有处罚记录。"))
    return rows, {name: header.texts[i] for name, i in header.columns.items()}


class Lookups:
    """What rows are checked against, loaded once."""

    def __init__(self, rows: list[tuple[int, dict]]) -> None:
        codes = sorted({normalize_uscc(cell_text(values.get("uscc"))) for _, values in rows} - {""})
        self.enterprises = {
            uscc: (pk, region_id)
            for uscc, pk, region_id in Enterprise.objects.filter(uscc__in=codes).values_list(
                "uscc", "pk", "region_id"
            )
        }
        self.departments: dict[str, int] = {}
        for pk, code, short_name, name in Department.objects.values_list("pk", "code", "short_name", "name"):
            for key in (code, short_name, name):
                self.departments.setdefault(key, pk)
        numbers = [cell_text(values.get("decision_number")) for _, values in rows]
        self.numbers = set(
            Penalty.objects.filter(decision_number__in=numbers).values_list("decision_number", flat=True)
        )


def _clean(name: str, raw, lookups: Lookups, values: dict) -> None:
    """Put the field's value(s) into `values`, or raise ValueError with the reason."""
    if name == "uscc":
        code = normalize_uscc(cell_text(raw))
        if code not in lookups.enterprises:
            raise ValueError(f"统一社会信用代码“{code}”不在企业库中，请先登记企业")
        values["enterprise_id"], values["region_id"] = lookups.enterprises[code]
    elif name == "department":
        text = cell_text(raw)
        if text not in lookups.departments:
            raise ValueError(f"处罚机关“{text}”不是领导小组成员单位（按全称、简称或简码识别）")
        values["department_id"] = lookups.departments[text]
    elif name in ("decided_on", "valid_until", "publish_until", "published_on"):
        values[name] = _date(raw) if cell_text(raw) else None
    elif name in ("fine", "confiscated"):
        values[name] = _amount(raw)
    elif name == "category":
        values[name] = _category(raw)
    elif name == "subject_kind":
        values[name] = _subject_kind(raw)
    elif name == "authority_uscc":
        values[name] = normalize_uscc(cell_text(raw))
    elif name in TEXT_FIELDS:
        text = cell_text(raw) if name == "decision_number" else ("" if raw is None else str(raw).strip())
        limit = LIMITS[name]
        if limit and len(text) > limit:
            raise ValueError(f"不能超过 {limit} 个字符（现有 {len(text)} 个）")
        values[name] = text


def check_rows(rows: list[tuple[int, dict]], headers: dict[str, str]) -> Report:
    """Check every row as the form would (nothing is written)."""
    from organizations.uscc import validate_uscc

    lookups = Lookups(rows)
    report = Report(rows=len(rows))
    seen: dict[str, int] = {}
    today = timezone.localdate()
    for row, cells in rows:
        values: dict = {}
        errors = []
        for name, raw in cells.items():
            if name == "enterprise_name":
                continue
            if name in REQUIRED and not cell_text(raw):
                errors.append(RowError(row, headers[name], "不能为空"))
                continue
            try:
                _clean(name, raw, lookups, values)
                if name == "authority_uscc" and values[name]:
                    validate_uscc(values[name])
            except ValidationError as exc:
                errors.append(RowError(row, headers[name], exc.messages[0]))
            except ValueError as exc:
                errors.append(RowError(row, headers[name], str(exc)))
        if not errors and values["decided_on"] > today:
            errors.append(RowError(row, headers["decided_on"], "处罚决定日期不能晚于今天"))
        if errors:
            report.errors += errors
            continue
        number = values["decision_number"]
        if number in seen:
            report.errors.append(
                RowError(row, headers["decision_number"], f"与第 {seen[number]} 行的决定书文号重复")
            )
        elif number in lookups.numbers:
            report.skipped += 1  # imported before from an overlapping table
        else:
            seen[number] = row
            report.new.append(values)
    return report


def import_penalties(*, file, user, dry_run: bool, batch: Job) -> Report:
    """Check (dry run) or import a penalty table, everything or nothing."""
    rows, headers = read_rows(file)
    report = check_rows(rows, headers)
    if dry_run or report.errors or not report.new:
        return report
    now = timezone.now()
    records = [
        {
            **values,
            "published": values.get("published_on") is not None,
            "import_batch_id": batch.pk,
            "created_at": now,
        }
        for values in report.new
    ]
    with transaction.atomic():
        bulk.insert_with_history(Penalty, records, user=user, reason=f"导入：{batch.name}", history_date=now)
    return report
