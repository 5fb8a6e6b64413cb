"""Excel import of register rows (standards, metrology, market exits) through the one import flow.

Columns are found by header text (`core.importing.HeaderMap`); each row is turned into the model and checked by
the model's own rules (`full_clean`, as the web form and the API are), against lookups loaded once per file
(counties by name or code, enterprises by credit code or name, the keys already registered). Errors read
“第 N 行 · 列 · 原因”; one bad row and nothing is written. Cells are kept as written: text that looks like a
formula (“=…”) stays text, here and in exports.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.urls import reverse

from accounts import policy
from accounts.choices import Role
from core import bulk
from core.importing import HeaderMap, RowError, fill_merged, find_header
from core.jobs import JobRunner, job_enqueue
from core.models import Job
from core.periods import MAX_YEAR, MIN_YEAR
from core.uploads import first_sheet
from foundations import services
from foundations.choices import ExitKind, ExitReason, MetrologyCategory, StandardKind, StandardLevel
from foundations.models import MarketExit, MetrologyRecord, Standard
from organizations.models import Enterprise
from organizations.names import normalize_name
from organizations.places import RegionNames
from organizations.uscc import normalize_uscc

IMPORT_JOB = "foundations.import"


def text(value) -> str:
    """A cell as text, as written (numbers stored as floats lose their trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def whole(value, what: str = "数量") -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    written = text(value)
    if written.isdigit():
        return int(written)
    raise ValueError(f"{what}应为非负整数，表中为“{written}”")


def year(value) -> int:
    number = whole(value, "年度")
    if not MIN_YEAR <= number <= MAX_YEAR:
        raise ValueError(f"年度应在 {MIN_YEAR}–{MAX_YEAR} 之间，表中为 {number}")
    return number


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    written = text(value)
    if not written:
        return None
    match = _DATE.match(written)
    try:
        if match is None:
            raise ValueError
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueError(f"日期“{written}”无法识别，应写作 2015-03-02") from None


def words(choices, *extra: tuple[str, str]) -> Callable[[object], str]:
    """A closed set written as its label (主导制定), its code (lead) or a known synonym."""
    known = {str(label): value for value, label in choices.choices} | {v: v for v in choices.values}
    known |= dict(extra)
    listing = "、".join(str(label) for label in choices.labels)

    def clean(value) -> str:
        written = text(value)
        if written not in known:
            raise ValueError(f"“{written}”无法识别，应为：{listing}")
        return known[written]

    return clean


class Lookups:
    """What the rows are checked against, loaded once per file."""

    def __init__(self, rows: list[tuple[int, dict]]) -> None:
        self.regions = RegionNames()
        codes = {normalize_uscc(text(cells.get("uscc"))) for _, cells in rows} - {""}
        names = {normalize_name(text(cells.get("holder_name"))) for _, cells in rows} - {""}
        self.by_uscc: dict[str, tuple[int, int]] = {}
        self.by_name: dict[str, tuple[int, int] | None] = {}
        found = Enterprise.objects.filter(uscc__in=codes) | Enterprise.objects.filter(name_key__in=names)
        for pk, uscc, key, region_id in found.values_list("pk", "uscc", "name_key", "region_id"):
            self.by_uscc[uscc] = (pk, region_id)
            self.by_name[key] = None if key in self.by_name else (pk, region_id)


@dataclass(frozen=True)
class Spec:
    """One importable register: its columns, the required ones and how each cell becomes a field."""

    name: str
    model: type[Model]
    headers: HeaderMap
    required: tuple[str, ...]
    cells: dict[str, Callable[[object], object]]
    list_url: str
    # The field holding the enterprise's name as written, matched to the register when no credit code is given.
    name_field: str = ""


STANDARDS = Spec(
    name="standards",
    model=Standard,
    headers=HeaderMap(
        {
            "year": ("年度", "年份"),
            "kind": ("类别", "类型", "参与方式"),
            "level": ("层级", "标准层级", "级别"),
            "code": ("标准号", "标准编号", "批准文号"),
            "title": ("名称", "标准名称", "示范区名称"),
            "holder_name": ("承担单位", "企业名称", "单位名称"),
            "uscc": ("统一社会信用代码", "信用代码"),
            "region": ("县区", "所属县区", "地区"),
            "published_on": ("发布日期", "批准日期"),
            "notes": ("备注",),
        }
    ),
    required=("year", "kind", "level", "title", "holder_name"),
    cells={
        "year": year,
        "kind": words(
            StandardKind, ("主导", "lead"), ("参与", "join"), ("采标", "adopt"), ("示范区", "demo_zone")
        ),
        "level": words(
            StandardLevel,
            ("国家标准", "national"),
            ("行业标准", "industry"),
            ("地方标准", "local"),
            ("团体标准", "group"),
            ("国际标准", "international"),
            ("国家级", "national"),
            ("国际", "international"),
        ),
        "code": text,
        "title": text,
        "holder_name": text,
        "published_on": date,
        "notes": text,
    },
    list_url="foundations:standard_list",
    name_field="holder_name",
)
METROLOGY = Spec(
    name="metrology",
    model=MetrologyRecord,
    headers=HeaderMap(
        {
            "year": ("年度", "年份"),
            "region": ("县区", "所属县区", "地区"),
            "category": ("检定领域", "领域", "类别"),
            "verified": ("检定台件数", "强检台件数", "检定数量"),
            "passed": ("合格台件数", "合格数量"),
            "notes": ("备注",),
        }
    ),
    required=("year", "region", "category", "verified", "passed"),
    cells={
        "year": year,
        "category": words(MetrologyCategory),
        "verified": lambda v: whole(v, "检定台件数"),
        "passed": lambda v: whole(v, "合格台件数"),
        "notes": text,
    },
    list_url="foundations:metrology_list",
)
MARKET_EXITS = Spec(
    name="market-exits",
    model=MarketExit,
    headers=HeaderMap(
        {
            "decided_on": ("决定日期", "日期"),
            "region": ("县区", "所属县区", "地区"),
            "enterprise_name": ("企业名称", "单位名称"),
            "uscc": ("统一社会信用代码", "信用代码"),
            "kind": ("退出方式", "方式"),
            "reason": ("退出原因", "原因"),
            "licence_no": ("许可证编号", "证书编号"),
            "product": ("产品或行业", "产品", "行业"),
            "decision_no": ("决定文号", "文号"),
            "notes": ("备注",),
        }
    ),
    required=("decided_on", "enterprise_name", "kind", "reason"),
    cells={
        "decided_on": date,
        "enterprise_name": text,
        "kind": words(
            ExitKind,
            ("注销许可证", "licence_cancelled"),
            ("吊销许可证", "licence_cancelled"),
            ("关停", "closed"),
        ),
        "reason": words(ExitReason),
        "licence_no": text,
        "product": text,
        "decision_no": text,
        "notes": text,
    },
    list_url="foundations:exit_list",
    name_field="enterprise_name",
)
SPECS = {spec.name: spec for spec in (STANDARDS, METROLOGY, MARKET_EXITS)}


class SheetError(Exception):
    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.row_error = error


def read_rows(spec: Spec, file) -> tuple[list[tuple[int, dict]], dict[str, str]]:
    """The data rows as (Excel row, field → cell) and each field's header as written; a title above is skipped."""
    try:
        sheet, merged = first_sheet(file)
    except ValidationError as exc:
        raise SheetError(RowError(0, "", exc.messages[0])) from exc
    fill_merged(sheet, merged)
    header = find_header(sheet, spec.headers)
    if header is None:
        raise SheetError(
            RowError(1, "表头", f"找不到表头：应有 {'、'.join(spec.headers.template_headers())} 等列")
        )
    missing = [spec.headers.aliases[name][0] for name in spec.required if name not in header.columns]
    if missing:
        raise SheetError(RowError(header.last + 1, "表头", f"缺少列：{'、'.join(missing)}（按表头文字识别）"))
    rows = []
    for index, raw in enumerate(sheet[header.last + 1 :], start=header.last + 2):
        if not any(text(cell) for cell in raw):
            continue
        rows.append(
            (index, {name: raw[col] if col < len(raw) else None for name, col in header.columns.items()})
        )
    if not rows:
        raise SheetError(RowError(0, "", "没有找到数据行：表头下面是空的。"))
    return rows, {name: header.texts[col] for name, col in header.columns.items()}


def _unique_keys(model: type[Model]) -> list[tuple[tuple[str, ...], str, set[tuple]]]:
    """Each unique constraint: its columns, its message, and the keys already registered (loaded once)."""
    keys = []
    for constraint in model._meta.constraints:
        if not getattr(constraint, "fields", None):
            continue
        columns = tuple(model._meta.get_field(name).attname for name in constraint.fields)
        existing = model._default_manager.filter(constraint.condition or Q())
        keys.append((columns, str(constraint.violation_error_message), set(existing.values_list(*columns))))
    return keys


def check_rows(spec: Spec, rows, headers: dict[str, str], department, lookups: Lookups):
    """Each row as a model instance checked by the model's rules; (instances, errors)."""
    model = spec.model
    label = {name: headers.get(name) or str(model._meta.get_field(name).verbose_name) for name in headers}
    fk_fields = [f.name for f in model._meta.concrete_fields if f.is_relation]
    keys = _unique_keys(model)
    seen: dict[tuple, int] = {}
    good, errors = [], []
    for row, cells in rows:
        values: dict = {}
        row_errors = []
        for name, raw in cells.items():
            if name in ("region", "uscc"):
                continue
            try:
                values[name] = spec.cells[name](raw)
            except ValueError as exc:
                row_errors.append(RowError(row, label[name], str(exc)))
        enterprise = None
        code = normalize_uscc(text(cells.get("uscc")))
        if code:
            enterprise = lookups.by_uscc.get(code)
            if enterprise is None:
                row_errors.append(RowError(row, label["uscc"], f"统一社会信用代码“{code}”不在企业库中"))
        elif spec.name_field and "enterprise" in [f.name for f in model._meta.fields]:
            enterprise = lookups.by_name.get(normalize_name(text(cells.get(spec.name_field))))
        region_text = text(cells.get("region"))
        region_id = lookups.regions.find(region_text) if region_text else None
        if region_text and region_id is None:
            row_errors.append(RowError(row, label["region"], f"县区“{region_text}”不存在"))
        elif region_id is None and enterprise is not None:
            region_id = enterprise[1]
        elif region_id is None:
            row_errors.append(RowError(row, label.get("region", "县区"), "不能为空：填写县区名称或代码"))
        if row_errors:
            errors += row_errors
            continue
        obj = model(**values, region_id=region_id, department=department)
        if enterprise is not None:
            obj.enterprise_id = enterprise[0]
        try:
            obj.full_clean(exclude=fk_fields)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                where = label.get(name) or (
                    str(model._meta.get_field(name).verbose_name) if name != "__all__" else ""
                )
                errors += [RowError(row, where, message) for message in messages]
            continue
        repeated = False
        for columns, message, existing in keys:
            key = tuple(getattr(obj, column) for column in columns)
            if "" in key:  # a blank standard number is not held to be unique (the constraint's condition)
                continue
            if key in existing:
                errors.append(RowError(row, "", message))
                repeated = True
            elif (columns, key) in seen:
                errors.append(RowError(row, "", f"与第 {seen[columns, key]} 行重复：{message}"))
                repeated = True
            seen.setdefault((columns, key), row)
        if not repeated:
            good.append(obj)
    return good, errors


def _as_row(obj: Model) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key}


def import_register(
    *, spec: Spec, file, user, dry_run: bool, job: Job | None = None
) -> tuple[int, int, list]:
    """Check (dry run) or import a register's rows; the real run writes every row or none. (rows, created, errors)"""
    rows, headers = read_rows(spec, file)
    department = services.default_department(spec.model, user)
    good, errors = check_rows(spec, rows, headers, department, Lookups(rows))
    errors.sort(key=lambda error: error.row)
    if errors or dry_run:
        return len(rows), len(good), errors
    reason = f"导入：{job.name}" if job else "导入"
    with transaction.atomic():
        bulk.insert_with_history(spec.model, [_as_row(obj) for obj in good], user=user, reason=reason)
    return len(rows), len(good), errors


def import_job_create(*, register: str, file, user, dry_run: bool) -> Job:
    """Keep an uploaded register table as a queued job; after commit a worker checks or imports it."""
    department = user.department if policy.role_of(user) == Role.DEPARTMENT else None
    return job_enqueue(
        kind=IMPORT_JOB,
        user=user,
        name=file.name,
        params={"register": register},
        file=file,
        check_only=dry_run,
        department=department,
    )


class RegisterImportRunner(JobRunner):
    """Check (a check-only job) or import a register table, everything or nothing."""

    kind = IMPORT_JOB
    label = "质量基础登记导入"
    capability = "foundations.import"

    def run(self) -> None:
        job = self.job
        spec = SPECS[job.params["register"]]
        if not policy.can_add(job.user, spec.model):
            self.fail([RowError(0, "", f"您无权导入{spec.model._meta.verbose_name}。")])
            return
        try:
            with job.file.open("rb") as handle:
                rows, created, errors = import_register(
                    spec=spec, file=handle, user=job.user, dry_run=job.check_only, job=job
                )
        except SheetError as exc:
            self.fail([exc.row_error])
            return
        job.total = rows
        if errors:
            self.fail(errors)
            job.summary = {"rows": rows, "created": 0, "skipped": 0}
            return
        job.summary = {"rows": rows, "created": created, "skipped": 0}

    @classmethod
    def describe(cls, job: Job) -> list[tuple[str, str]]:
        spec = SPECS.get(job.params.get("register", ""))
        return [("登记簿", str(spec.model._meta.verbose_name) if spec else "")]

    @classmethod
    def result_url(cls, job: Job) -> str | None:
        spec = SPECS.get(job.params.get("register", ""))
        return None if job.check_only or spec is None else reverse(spec.list_url)
