"""Importing the spreadsheets the hotline systems export: columns found by their header text, every bad row
reported as "第 N 行 · 列 · 原因", and nothing written unless every row is good.

Each system names its columns a little differently; HEADERS lists the names we know for each field
(read through the one header mapper, `core.importing.HeaderMap`).
Rows whose 工单编号 the hotline already has are skipped, so an overlapping export can be imported again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from import_export import fields, resources, widgets

from complaints import services
from complaints.choices import Domain, Kind
from complaints.models import Complaint, Hotline
from core.importing import HeaderMap, RowError
from core.jobs import job_enqueue
from core.models import Job, JobStatus
from core.uploads import first_sheet
from organizations.models import Enterprise, Region
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


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return _text(value)


class WordWidget(widgets.Widget):
    """A closed set written in words (投诉 / 举报 / 咨询 …)."""

    def __init__(self, words: dict[str, str], what: str, choices):
        super().__init__()
        self.words, self.what = words, what
        self.known = "、".join(str(label) for _, label in choices)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if text not in self.words:
            raise ValueError(f"{self.what}“{text}”无法识别，应为：{self.known}")
        return self.words[text]


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return _text(value) in ("是", "Y", "y", "1", "True", "TRUE", "√")


class ReceivedAtWidget(widgets.Widget):
    FORMATS = (
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y-%m-%d",
        "%Y/%m/%d",
    )

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            moment = value
        elif isinstance(value, dt.date):
            moment = dt.datetime.combine(value, dt.time(9))
        else:
            text = _text(value)
            for pattern in self.FORMATS:
                try:
                    # Hotline systems write local (Beijing) time.
                    moment = dt.datetime.strptime(text, pattern).replace(
                        tzinfo=timezone.get_current_timezone()
                    )
                    break
                except ValueError:
                    continue
            else:
                raise ValueError(f"时间“{text}”无法识别，应写作 2015-10-08 09:30")
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class RegionWidget(widgets.Widget):
    """A county by its name (盘山县) or code (211122); the old 大洼县 stays itself and counts for 大洼区."""

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        region = Region.objects.exclude(kind="city").filter(code=text).first()
        region = region or Region.objects.exclude(kind="city").filter(name=text).first()
        if region is None:
            raise ValueError(f"县区“{text}”不存在")
        return region


class EnterpriseWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        code = normalize_uscc(_text(value))
        if not code:
            return None
        enterprise = Enterprise.objects.filter(uscc=code).first()
        if enterprise is None:
            raise ValueError(f"统一社会信用代码“{code}”不在企业库中")
        return enterprise


class ComplaintResource(resources.ModelResource):
    """Complaints of one hotline, received through the same service as the web form."""

    number = fields.Field("number", "number", TextWidget())
    received_at = fields.Field("received_at", "received_at", ReceivedAtWidget())
    kind = fields.Field("kind", "kind", WordWidget(KIND_WORDS, "类别", Kind.choices))
    domain = fields.Field("domain", "domain", WordWidget(DOMAIN_WORDS, "领域", Domain.choices))
    is_sanbao = fields.Field("is_sanbao", "is_sanbao", YesNoWidget())
    region = fields.Field("region", "region", RegionWidget())
    enterprise = fields.Field("enterprise", "enterprise", EnterpriseWidget())
    enterprise_name = fields.Field("enterprise_name", "enterprise_name", TextWidget())
    subject = fields.Field("subject", "subject", TextWidget())
    description = fields.Field("description", "description", TextWidget())
    complainant_name = fields.Field("complainant_name", "complainant_name", TextWidget())
    complainant_phone = fields.Field("complainant_phone", "complainant_phone", TextWidget())

    class Meta:
        model = Complaint
        fields = tuple(HEADERS.aliases)
        import_id_fields = ("number",)
        skip_diff = True
        use_transactions = True
        # The service runs full_clean when it saves; validating here as well would do it twice.
        clean_model_instances = False

    def __init__(self, *, hotline: Hotline, user, columns: list[str], batch: Job | None = None):
        super().__init__()
        self.hotline, self.user, self.batch = hotline, user, batch
        self.columns = set(columns)

    def get_queryset(self):
        return Complaint.objects.filter(hotline=self.hotline)

    def get_import_fields(self):
        # Optional columns missing from the sheet are left at their defaults.
        return [f for f in super().get_import_fields() if f.column_name in self.columns]

    def import_instance(self, instance, row, **kwargs):
        instance.hotline = self.hotline
        super().import_instance(instance, row, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # Already imported from an earlier, overlapping export.
        return instance.pk is not None

    def save_instance(self, instance, is_create, row, **kwargs):
        services.complaint_receive(complaint=instance, user=self.user, batch=self.batch)


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


def read_sheet(file) -> tablib.Dataset:
    """The first sheet as a Dataset whose headers are our field names (unknown columns dropped)."""
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
    dataset = tablib.Dataset(headers=list(columns))
    dataset.source_headers = {name: header_row[index] for name, index in columns.items()}
    for raw in sheet[1:]:
        if not any(_text(cell) for cell in raw):
            continue
        dataset.append([raw[index] if index < len(raw) else None for index in columns.values()])
    if not dataset:
        raise SheetError(RowError(0, "", "没有找到数据行：表头下面没有工单。"))
    return dataset


def _row_errors(result, dataset: tablib.Dataset) -> list[RowError]:
    headers = dataset.source_headers
    errors = []
    for invalid in result.invalid_rows:
        for name, messages in invalid.error_dict.items():
            column = headers.get(name, "—")
            errors += [RowError(invalid.number + 1, column, message) for message in messages]
    for number, row_errors in result.row_errors():
        errors += [RowError(number + 1, "—", str(error.error)) for error in row_errors]
    return sorted(errors, key=lambda error: error.row)


def import_complaints(
    *, file, hotline: Hotline, user, file_name: str, dry_run: bool, batch: Job | None = None
) -> ImportReport:
    """Check (dry run) or import a hotline export; the real run writes everything or nothing.

    `batch` is the job when the import runs as a background job; otherwise a real run records one.
    """
    dataset = read_sheet(file)
    report = ImportReport(rows=len(dataset))
    # A background job records its counts with its outcome; a job made here records them itself.
    own_batch = batch is None and not dry_run
    with transaction.atomic():
        if own_batch:
            batch = Job.objects.create(
                kind=IMPORT_JOB,
                name=file_name[:200],
                params={"hotline": hotline.code},
                user=user,
                status=JobStatus.SUCCEEDED,
                started_at=timezone.now(),
                finished_at=timezone.now(),
            )
        resource = ComplaintResource(
            hotline=hotline, user=user, columns=dataset.headers, batch=None if dry_run else batch
        )
        result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False, use_transactions=True)
        report.errors = _row_errors(result, dataset)
        report.new = result.totals.get("new", 0)
        report.skipped = result.totals.get("skip", 0)
        if dry_run:
            return report
        if report.errors:
            transaction.set_rollback(True)
            return report
        report.batch = batch
        if own_batch:
            batch.total = batch.done = report.rows
            batch.summary = summary_of(report)
            batch.save(update_fields=["total", "done", "summary"])
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
