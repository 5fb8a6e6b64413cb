"""Importing the spreadsheets the hotline systems export: columns found by their header text, every bad row
reported as "第 N 行 · 列 · 原因", and nothing written unless every row is good.

Each system names its columns a little differently; HEADERS lists the names we know for each field
(read through the one header mapper, `core.importing.HeaderMap`).
Rows whose 工单编号 the hotline already has are skipped, so an overlapping export can be imported again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from complaints import services, workdays
from complaints.choices import Domain, Kind, Status
from complaints.models import Complaint, Hotline, Transition
from core import bulk
from core.importing import HeaderMap, RowError, TemplateColumn
from core.jobs import job_enqueue
from core.models import Job, JobStatus
from core.uploads import first_sheet
from organizations.models import Enterprise
from organizations.places import RegionNames
from organizations.uscc import normalize_uscc

HEADERS = HeaderMap(
    {
        "number": ("工单编号", "工单号", "诉求编号", "受理编号", "编号"),
        "received_at": ("登记时间", "来电时间", "受理时间", "接收时间", "投诉时间"),
        "kind": ("类别", "诉求类型", "工单类型", "类型"),
        "domain": ("领域", "涉及领域", "问题领域", "所属领域"),
        "is_sanbao": ("三包纠纷", "是否三包", "三包"),
        "region": ("所属县区", "所属区县", "县区", "区县", "地区"),
        "enterprise": ("统一社会信用代码", "企业信用代码", "被投诉企业信用代码"),
        "enterprise_name": ("被投诉对象", "被投诉企业", "被投诉单位", "企业名称"),
        "subject": ("诉求标题", "标题", "主题"),
        "description": ("诉求内容", "投诉内容", "问题描述", "内容"),
        "complainant_name": ("投诉人", "来电人", "举报人", "姓名"),
        "complainant_phone": ("联系电话", "来电号码", "手机", "电话"),
    }
)
# The import template (`/complaints/import/template/`): a sample row and how to fill each column in.
TEMPLATE_COLUMNS = (
    TemplateColumn(
        "number", "12365-2016-000123", "热线系统的工单编号；该热线已有的编号会跳过。", required=True
    ),
    TemplateColumn(
        "received_at",
        "2016-03-01 09:30",
        "来电或登记的时间，写作 2016-03-01 09:30。",
        required=True,
    ),
    TemplateColumn("kind", "投诉", "投诉、举报或咨询。", required=True),
    TemplateColumn("domain", "产品质量", "产品质量、工程质量、服务质量或食品药品。", required=True),
    TemplateColumn("is_sanbao", "否", "是否三包纠纷：是 / 否，留空为否。"),
    TemplateColumn(
        "region", "兴隆台区", "所属县区的名称或代码（如 兴隆台区、211103），也可写地址。", required=True
    ),
    TemplateColumn("enterprise", None, "被投诉企业的 18 位统一社会信用代码，有则填，用于对应企业名录。"),
    TemplateColumn("enterprise_name", "盘锦示例电器商行", "被投诉的企业或单位名称。"),
    TemplateColumn("subject", "新购电热水器漏水", "诉求的标题，一句话。", required=True),
    TemplateColumn("description", "购买一周后出现漏水，要求更换。", "诉求的具体内容。"),
    TemplateColumn("complainant_name", "王某", "投诉人姓名；只有办公室和承办单位能看到全名。"),
    TemplateColumn("complainant_phone", "13800000000", "联系电话；只有办公室和承办单位能看到完整号码。"),
)
REQUIRED = ("number", "received_at", "kind", "domain", "region", "subject")
KIND_WORDS = {str(label): value for value, label in Kind.choices} | {v: v for v in Kind.values}
DOMAIN_WORDS = (
    {str(label): value for value, label in Domain.choices}
    | {v: v for v in Domain.values}
    | {"产品": "product", "工程": "engineering", "建设工程": "engineering", "服务": "service"}
    | {"食品": "food", "药品": "food", "餐饮": "food"}
)


def _text(value) -> str:
    """Cell text; spreadsheets store phone numbers and ticket numbers as floats (13812341234.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _word(words: dict[str, str], what: str, choices):
    """A closed set written in words (投诉 / 举报 / 咨询 …)."""
    known = "、".join(str(label) for _, label in choices)

    def clean(value) -> str:
        text = _text(value)
        if text not in words:
            raise ValueError(f"{what}“{text}”无法识别，应为：{known}")
        return words[text]

    return clean


def _yes_no(value) -> bool:
    return _text(value) in ("是", "Y", "y", "1", "True", "TRUE", "√")


RECEIVED_AT_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d",
)


def _received_at(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(9))
    else:
        text = _text(value)
        for pattern in RECEIVED_AT_FORMATS:
            try:
                moment = dt.datetime.strptime(text, pattern).replace(tzinfo=timezone.get_current_timezone())
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"时间“{text}”无法识别，应写作 2015-10-08 09:30")
    # Hotline systems write local (Beijing) time.
    moment = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    if moment > timezone.now() + dt.timedelta(minutes=1):
        raise ValueError(f"登记时间 {timezone.localtime(moment):%Y-%m-%d %H:%M} 晚于当前时间")
    return moment


class Lookups:
    """Everything a row is checked against, loaded once per import instead of once per row."""

    def __init__(self, hotline: Hotline, rows: list[tuple[int, dict]]) -> None:
        # A county by its code, name or an address; the old 大洼县 stays itself and counts for 大洼区.
        self.regions = RegionNames()
        codes = {normalize_uscc(_text(values.get("enterprise"))) for _, values in rows} - {""}
        self.enterprises: dict[str, int] = {}
        codes_list = sorted(codes)
        for start in range(0, len(codes_list), 10000):
            chunk = codes_list[start : start + 10000]
            self.enterprises.update(Enterprise.objects.filter(uscc__in=chunk).values_list("uscc", "pk"))
        self.numbers = set(Complaint.objects.filter(hotline=hotline).values_list("number", flat=True))


CLEAN = {
    "number": _text,
    "received_at": _received_at,
    "kind": _word(KIND_WORDS, "类别", Kind.choices),
    "domain": _word(DOMAIN_WORDS, "领域", Domain.choices),
    "is_sanbao": _yes_no,
    "enterprise_name": _text,
    "subject": _text,
    "description": _text,
    "complainant_name": _text,
    "complainant_phone": _text,
}
# What the model's full_clean checked for text: its length, and that a required one is there.
LIMITS = {
    name: Complaint._meta.get_field(name).max_length
    for name in ("number", "enterprise_name", "subject", "complainant_name", "complainant_phone")
}


IMPORT_JOB = "complaints.import"


@dataclass
class ImportReport:
    """What an import found and did."""

    rows: int = 0
    new: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    batch: Job | None = None


class SheetError(ValidationError):
    """The sheet as a whole cannot be imported (no header, required columns missing)."""

    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.row_error = error


@dataclass
class Sheet:
    """The first sheet's data rows as (Excel row number, field → cell) and each field's header text."""

    rows: list[tuple[int, dict]]
    source_headers: dict[str, str]


def read_sheet(file) -> Sheet:
    """The first sheet, columns found by header text (unknown columns dropped, blank rows skipped)."""
    try:
        sheet, _merged = first_sheet(file)
    except ValidationError as exc:
        raise SheetError(RowError(0, "", exc.messages[0])) from exc
    if not sheet:
        raise SheetError(RowError(1, "表头", "文件是空的：第 1 行应为表头。"))
    header_row = [_text(h) for h in sheet[0]]
    columns = HEADERS.columns(header_row)
    missing = [HEADERS.aliases[name][0] for name in REQUIRED if name not in columns]
    if missing:
        raise SheetError(RowError(1, "表头", f"缺少列：{'、'.join(missing)}（按表头文字识别）"))
    rows = []
    for number, raw in enumerate(sheet[1:], start=2):
        if not any(_text(cell) for cell in raw):
            continue
        rows.append(
            (number, {name: raw[index] if index < len(raw) else None for name, index in columns.items()})
        )
    if not rows:
        raise SheetError(RowError(0, "", "没有找到数据行：表头下面没有工单。"))
    return Sheet(rows=rows, source_headers={name: header_row[index] for name, index in columns.items()})


@dataclass
class Checked:
    """What checking the rows found: the new complaints' values, and what was skipped or refused."""

    new: list[dict] = field(default_factory=list)
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


PROGRESS_EVERY = 5000


def check_rows(sheet: Sheet, hotline: Hotline, lookups: Lookups, progress=None) -> Checked:
    """Check every row in Python against the lookups, as receiving a complaint would (nothing is written).

    Errors read “第 N 行 · 列 · 原因”; a ticket the hotline already has (or an earlier row of the file) is
    skipped. `progress(done, total)` is called every PROGRESS_EVERY rows.
    """
    checked = Checked()
    headers = sheet.source_headers
    seen = set(lookups.numbers)
    total = len(sheet.rows)
    for done, (row, cells) in enumerate(sheet.rows, start=1):
        values: dict = {}
        errors = []
        for name, raw in cells.items():
            try:
                if name == "region":
                    text = _text(raw)
                    values["region_id"] = lookups.regions.find(text)
                    if values["region_id"] is None:
                        raise ValueError(f"县区“{text}”不存在")
                elif name == "enterprise":
                    code = normalize_uscc(_text(raw))
                    values["enterprise_id"] = lookups.enterprises.get(code) if code else None
                    if code and values["enterprise_id"] is None:
                        raise ValueError(f"统一社会信用代码“{code}”不在企业库中")
                else:
                    values[name] = CLEAN[name](raw)
            except ValueError as exc:
                errors.append(RowError(row, headers.get(name, "—"), str(exc)))
                continue
            limit = LIMITS.get(name)
            if limit and len(values[name]) > limit:
                errors.append(
                    RowError(row, headers[name], f"不能超过 {limit} 个字符（现有 {len(values[name])} 个）")
                )
            elif name in ("number", "subject") and not values[name]:
                errors.append(RowError(row, headers[name], "不能为空"))
        if errors:
            checked.errors += errors
        elif values["number"] in seen:
            checked.skipped += 1  # already imported from an earlier, overlapping export
        else:
            seen.add(values["number"])
            checked.new.append(values)
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    return checked


def _write(checked: Checked, hotline: Hotline, user, batch: Job | None) -> None:
    """Insert the new complaints and their receipt transitions with COPY, each with its history row."""
    now = timezone.now()
    # Receipt (as services.receipt_prepare) for every row at once: the calendar is read once for all deadlines.
    department_id = services.receiving_department_id(user=user, hotline=hotline)
    days = {timezone.localdate(values["received_at"]) for values in checked.new}
    table = services.limit_table()
    longest = max((limit.accept_days for limit in table.get(hotline.code, [])), default=0)
    exceptions = (
        workdays.calendar_exceptions(min(days), max(days) + dt.timedelta(days=workdays.window(longest)))
        if days
        else {}
    )
    due = {
        day: services.accept_due_on(hotline=hotline, received_on=day, exceptions=exceptions, table=table)
        for day in days
    }
    rows = []
    for values in checked.new:
        accept_due = due[timezone.localdate(values["received_at"])]
        rows.append(
            {
                **values,
                "hotline_id": hotline.code,
                "status": Status.RECEIVED,
                "department_id": department_id,
                "accept_due": accept_due,
                "due_on": accept_due,
                "import_batch_id": batch.pk if batch else None,
                "created_at": now,
            }
        )
    reason = f"导入：{batch.name}" if batch else ""
    ids = bulk.insert_with_history(Complaint, rows, user=user, reason=reason, history_date=now)
    transitions = [
        {
            "complaint_id": pk,
            "from_status": "",
            "to_status": Status.RECEIVED,
            "user_id": getattr(user, "pk", None),
            "at": values["received_at"],
            "note": reason,
        }
        for pk, values in zip(ids, checked.new, strict=True)
    ]
    bulk.insert_with_history(Transition, transitions, user=user, reason=reason, history_date=now)


def import_complaints(
    *, file, hotline: Hotline, user, file_name: str, dry_run: bool, batch: Job | None = None, progress=None
) -> ImportReport:
    """Check (dry run) or import a hotline export; the real run writes everything or nothing.

    Rows are checked in Python against lookups loaded once (outside any transaction, so `progress` is seen
    while it runs), then written in one transaction with COPY. `batch` is the job when the import runs as a
    background job; otherwise a real run records one.
    """
    sheet = read_sheet(file)
    report = ImportReport(rows=len(sheet.rows))
    checked = check_rows(sheet, hotline, Lookups(hotline, sheet.rows), progress)
    report.errors = sorted(checked.errors, key=lambda error: error.row)
    report.new, report.skipped = len(checked.new), checked.skipped
    if dry_run or report.errors:
        return report
    with transaction.atomic():
        if batch is None:
            batch = Job.objects.create(
                kind=IMPORT_JOB,
                name=file_name[:200],
                params={"hotline": hotline.code},
                user=user,
                status=JobStatus.SUCCEEDED,
                started_at=timezone.now(),
                finished_at=timezone.now(),
                total=report.rows,
                done=report.rows,
            )
            _write(checked, hotline, user, batch)
            batch.summary = summary_of(report)
            batch.save(update_fields=["summary"])
        else:
            _write(checked, hotline, user, batch)
    report.batch = batch
    return report


def summary_of(report: ImportReport) -> dict:
    return {"rows": report.rows, "created": report.new, "skipped": report.skipped}


def import_job_create(*, file, hotline: Hotline, user, dry_run: bool) -> Job:
    """Keep an uploaded hotline export as a queued job; after commit a worker checks or imports it."""
    return job_enqueue(
        kind=IMPORT_JOB,
        user=user,
        name=file.name,
        params={"hotline": hotline.code},
        file=file,
        check_only=dry_run,
    )
