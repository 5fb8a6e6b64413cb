"""Excel import of a campaign's cases (the tables counties report: one row per case), all or nothing.

Columns are found by header text (core.importing.HeaderMap); every bad row is reported as 第 N 行 · 列 · 原因
and nothing is written while any row is bad. The row rules are the model's (`Case.clean`, its constraints)
and the policy's (a county imports its own county's cases only), the same as the form's and the API's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import policy
from campaigns.models import Campaign, Case
from core.importing import HeaderMap, RowError, cell_text, find_header
from core.uploads import first_sheet
from organizations.models import Enterprise, Region

HEADERS = HeaderMap(
    {
        "region": ("县区", "所在县区", "地区", "查处单位所在县区"),
        "number": ("案件编号", "立案编号", "案号"),
        "cause": ("案由", "违法行为", "案件名称"),
        "product": ("涉案产品", "产品名称", "产品"),
        "party": ("当事人", "涉案单位", "当事人名称"),
        "uscc": ("统一社会信用代码", "信用代码"),
        "opened_on": ("立案日期", "立案时间"),
        "goods_value": ("货值（元）", "货值金额", "货值", "涉案货值"),
        "fines": ("罚没款（元）", "罚没金额", "罚没款", "罚没"),
        "referred_to_police": ("移送公安", "是否移送公安"),
        "major": ("大案要案", "是否大案要案"),
        "notes": ("备注",),
    }
)
REQUIRED = ("region", "cause", "product", "opened_on")
LABELS = {name: texts[0] for name, texts in HEADERS.aliases.items()}
YES, NO = {"是", "Y", "y", "yes", "1", "√", "TRUE", "True"}, {"", "否", "N", "n", "no", "0", "FALSE", "False"}


@dataclass
class Report:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: int = 0


def _region_lookup() -> dict[str, Region]:
    """A county by its code, its name, or its name without 区/县 (“兴隆台”)."""
    lookup: dict[str, Region] = {}
    for region in Region.objects.counties():
        for key in (region.code, region.name, region.name.rstrip("区县")):
            lookup[key] = region
    return lookup


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value).replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"日期“{cell_text(value)}”无法识别，应写作 2015-05-10") from None


def _amount(value) -> Decimal:
    text = cell_text(value).replace(",", "").replace("，", "")
    if not text:
        return Decimal(0)
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"金额“{text}”不是数字") from None


def _flag(value) -> bool:
    text = cell_text(value)
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"“{text}”应填 是 或 否")


def read_cases(file, *, campaign: Campaign, user) -> tuple[Report, list[Case]]:
    """Every row of the first sheet as an unsaved Case, or the reasons it cannot be one."""
    report = Report()
    try:
        rows, _merged = first_sheet(file)
    except ValidationError as exc:
        report.errors.append(RowError(0, "", exc.messages[0]))
        return report, []
    header = find_header(rows, HEADERS)
    missing = [LABELS[name] for name in REQUIRED if header is None or name not in header.columns]
    if missing:
        report.errors.append(RowError(0, "", f"表头缺少列：{'、'.join(missing)}"))
        return report, []
    assert header is not None
    regions = _region_lookup()
    enterprises = dict(Enterprise.objects.values_list("uscc", "pk"))
    cases = []
    for index in range(header.last + 1, len(rows)):
        row = rows[index]
        values = {name: row[column] if column < len(row) else "" for name, column in header.columns.items()}
        if all(cell_text(v) == "" for v in values.values()):
            continue
        line = index + 1
        report.rows += 1
        errors_before = len(report.errors)

        def refuse(name: str, reason: str, line: int = line) -> None:
            report.errors.append(RowError(line, LABELS.get(name, name), reason))

        region = regions.get(cell_text(values["region"]))
        if region is None:
            refuse("region", f"县区“{cell_text(values['region'])}”不是本市的县区")
        elif not policy.can_change_in(user, Case, region=region, department=campaign.lead_id):
            refuse("region", f"无权登记{region.name}的案件")
        parsed = {}
        for name, convert in (
            ("opened_on", _date),
            ("goods_value", _amount),
            ("fines", _amount),
            ("referred_to_police", _flag),
            ("major", _flag),
        ):
            if name in values:
                try:
                    parsed[name] = convert(values[name])
                except ValueError as exc:
                    refuse(name, str(exc))
        uscc = cell_text(values.get("uscc", "")).upper()
        if uscc and uscc not in enterprises:
            refuse("uscc", f"统一社会信用代码“{uscc}”不在企业库中")
        if len(report.errors) > errors_before:
            continue
        case = Case(
            campaign=campaign,
            region=region,
            number=cell_text(values.get("number", "")),
            cause=cell_text(values["cause"]),
            product=cell_text(values["product"]),
            party=cell_text(values.get("party", "")),
            enterprise_id=enterprises.get(uscc) if uscc else None,
            notes=cell_text(values.get("notes", "")),
            **parsed,
        )
        try:
            case.full_clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                refuse(name, messages[0])
            continue
        cases.append(case)
    numbers = [c.number for c in cases if c.number]
    if len(numbers) != len(set(numbers)):
        report.errors.append(RowError(0, LABELS["number"], "表中有重复的案件编号"))
    return report, cases


def import_cases(file, *, campaign: Campaign, user, dry_run: bool) -> Report:
    """Check every row, then (unless `dry_run`) write them all in one transaction, or nothing."""
    report, cases = read_cases(file, campaign=campaign, user=user)
    if report.errors or dry_run:
        report.created = 0 if report.errors else len(cases)
        return report
    with transaction.atomic():
        for case in cases:
            case.save()
    report.created = len(cases)
    return report
