"""Exports: real .xlsx (numbers as numbers, dates as dates, text as text, the header frozen, widths set) and
CSV (UTF-8 with a BOM, so Excel and WPS on Chinese Windows open it), written row by row in bounded memory.

Text is never a formula: in .xlsx a cell whose text starts with `=`, `+`, `-`, `@`, a tab or a CR (a name
masked as `=***`, a subject someone typed as `=HYPERLINK(...)`) is written as a string cell holding exactly
that text, so Excel shows it and never evaluates it. A control character XML cannot hold is written as Excel
writes it (`_x0001_`, xlsxwriter's escaping) instead of failing the export. CSV cannot mark a cell as text, so such a value is
written with a single quote before it (OWASP's CSV injection advice).

The .xlsx writer is xlsxwriter in `constant_memory` mode: each row goes to a temporary file as it is written,
so a 200,000-row export holds one row in memory, not the workbook. The rows come from the list page's own
table (its columns, `value_*` methods, masks and order) read through `TableRows`, which resolves each column
once instead of once per cell. A list export larger than `EXPORT_JOB_ROWS` runs as a background job
(`core.jobs.ExportRunner`) whose file is downloaded from the job page through the policy-checked path.
"""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import escape_uri_path, force_str
from django_tables2.columns.base import Column
from django_tables2.rows import BoundRow
from xlsxwriter import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")
# Above this many rows a list's .xlsx export is a background job (a few seconds of writing at most inline).
EXPORT_JOB_ROWS = getattr(settings, "EXPORT_JOB_ROWS", 20000)
# Rows fetched from the database at a time (a server-side cursor on PostgreSQL).
CHUNK_ROWS = 2000
# A joined table this small is read once and shared by the rows (see `_share_small_relations`).
SHARED_RELATION_ROWS = 1000
# Column widths are judged from the first rows only: enough to fit the usual values, cheap on large sets.
WIDTH_SAMPLE_ROWS = 1000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Sheet = tuple[str, Sequence[str], Iterable[Sequence]]
# A sheet with a line above its table: what the rows are (the filters applied, when it was exported).
CaptionedSheet = tuple[str, Sequence[str], Iterable[Sequence], str]


def _cell(value):
    if isinstance(value, str):
        if not value:
            return None
        if (
            "\r" in value
        ):  # XML reads a CR as a line feed anyway; written as one, it is not escaped as _x000D_
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, int | float | dt.date):
        return value
    return _cell(str(value))


def _display_width(value) -> int:
    text = str(value) if value is not None else ""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def write_xlsx(
    target: str | IO[bytes],
    sheets: Iterable[Sheet | CaptionedSheet],
    progress: Callable[[int], None] | None = None,
):
    """Write the sheets to a path or binary file; `progress(rows written)` every CHUNK_ROWS rows. A sheet's
    caption, when it has one, is the first line, above the header."""
    workbook = Workbook(
        target,
        {
            "constant_memory": True,
            # Text stays text: no formulas, numbers or links guessed from strings.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "tmpdir": tempfile.gettempdir(),
        },
    )
    header_format = workbook.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "valign": "vcenter", "text_wrap": True}
    )
    caption_format = workbook.add_format({"italic": True, "font_color": "#444444"})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    written = 0
    used: set[str] = set()
    for title, headers, rows, *caption in sheets:
        sheet = workbook.add_worksheet(_sheet_name(title, used))
        widths = [_display_width(h) for h in headers]
        top = 1 if caption else 0  # the header's row
        if caption:
            sheet.write_string(0, 0, caption[0], caption_format)
        for column, header in enumerate(headers):
            sheet.write_string(top, column, str(header), header_format)
        write_string, write_number, write_datetime = (
            sheet.write_string,
            sheet.write_number,
            sheet.write_datetime,
        )
        index = top
        for index, row in enumerate(rows, start=top + 1):
            for column, raw in enumerate(row):
                value = _cell(raw)
                if value is None:
                    continue
                if isinstance(value, str):
                    write_string(index, column, value)
                elif isinstance(value, bool):
                    write_string(index, column, "是" if value else "否")
                elif isinstance(value, int | float):
                    write_number(index, column, value)
                elif isinstance(value, dt.datetime):
                    write_datetime(index, column, value, datetime_format)
                else:
                    write_datetime(index, column, value, date_format)
                if index <= WIDTH_SAMPLE_ROWS + top:
                    widths[column] = max(widths[column], min(_display_width(value), 60))
            written += 1
            if progress is not None and written % CHUNK_ROWS == 0:
                progress(written)
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width + 2)
        sheet.freeze_panes(top + 1, 0)
        if headers:
            sheet.autofilter(top, 0, max(index, top + 1), len(headers) - 1)
    workbook.close()
    return written


def filters_caption(filters: Iterable[tuple[str, Any]]) -> str:
    """The line above an exported table: the filters applied, by label and shown value, and when it was
    exported: “筛选条件：年度 2015；县区 兴隆台区 · 导出于 2026-11-30 13:05”."""
    return f"筛选条件：{filters_text(filters)} · 导出于 {timezone.localtime():%Y-%m-%d %H:%M}"


def filters_text(filters: Iterable[tuple[str, Any]]) -> str:
    """“年度 2015；县区 兴隆台区”, or “无（全部）”: the filters as an export's caption and a printed page name them."""
    return "；".join(f"{label} {shown_value(value)}" for label, value in filters) or "无（全部）"


def shown_value(value) -> str:
    """A filter's value as the page shows it: a choice's label, a record's name, 是/否, dates as 2015-03-02."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple | set | QuerySet):
        return "、".join(shown_value(v) for v in value)
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def form_filters(form) -> list[tuple[str, Any]]:
    """The filters a bound, valid filter form applies, as (label, shown value): empty fields left out, a
    choice shown by its label."""
    if form is None or not form.is_bound or not form.is_valid():
        return []
    applied = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()) or (isinstance(value, QuerySet) and not value.exists()):
            continue
        labels = _choice_labels(field) if not isinstance(value, models.Model | QuerySet) else {}
        if labels:
            value = (
                [labels.get(str(v), v) for v in value]
                if isinstance(value, list | tuple)
                else labels.get(str(value), value)
            )
        applied.append((str(field.label or name), value))
    return applied


def _sheet_name(title: str, used: set[str]) -> str:
    """A worksheet name Excel takes: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    name = re.sub(r"[\[\]:*?/\\]", "_", str(title)).strip("'")[:31] or "Sheet"
    base, number = name, 2
    while name.lower() in used:
        suffix = f"({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(name.lower())
    return name


def _choice_labels(field) -> dict[str, Any]:
    """A choice field's value → label, as text keys; {} for a field without choices. django-filter's choices may
    be a callable behind an iterator that has no len() until it is iterated."""
    choices = getattr(field, "choices", None)
    if choices is None:
        return {}
    try:
        return {str(key): label for key, label in (choices() if callable(choices) else list(choices))}
    except (TypeError, ValueError):
        return {}


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets)
    return buffer.getvalue()


def _attachment(response, filename: str):
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


def xlsx_response(filename: str, sheets: Sequence[Sheet | CaptionedSheet]) -> HttpResponse:
    """A workbook as a download. The rows are written to a temporary file first; the response holds the file's
    bytes, which stay small because a list sends anything above EXPORT_JOB_ROWS to a background job."""
    with tempfile.TemporaryFile() as handle:
        write_xlsx(handle, sheets)
        handle.seek(0)
        return _attachment(HttpResponse(handle.read(), content_type=XLSX_TYPE), filename)


def csv_text(value) -> str:
    """One CSV field: text that a spreadsheet would read as a formula gets a leading quote; numbers stay plain."""
    value = _cell(value)
    if value is None:
        return ""
    if isinstance(value, str):
        # `_cell` wrote a CR as a line feed: a field starting with one is quoted as a CR would be.
        return "'" + value if value.startswith(FORMULA_START) or value.startswith("\n") else value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


class _Line:
    """A file-like sink for csv.writer that hands back what was just written."""

    def write(self, text: str) -> str:
        return text


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The CSV file as encoded chunks: the BOM, the header, then the rows a few hundred at a time."""
    writer = csv.writer(_Line())
    yield "\ufeff".encode() + writer.writerow([str(h) for h in headers]).encode()
    chunk: list[str] = []
    for row in rows:
        chunk.append(writer.writerow([csv_text(v) for v in row]))
        if len(chunk) >= 500:
            yield "".join(chunk).encode()
            chunk = []
    if chunk:
        yield "".join(chunk).encode()


def write_csv(handle: IO[bytes], headers: Sequence[str], rows: Iterable[Sequence]) -> None:
    for chunk in csv_lines(headers, rows):
        handle.write(chunk)


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """A CSV download streamed as it is written: the first bytes leave at once, whatever the size."""
    return _attachment(StreamingHttpResponse(csv_lines(headers, rows), content_type=CSV_TYPE), filename)


# ---------------------------------------------------------------- a list page's table as rows


def _parameters(func) -> tuple[set[str], bool]:
    """The keyword arguments a tables2 render/value callable takes (and whether it takes **kwargs)."""
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return set(), True
    names = {p.name for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD}
    return names, any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())


def _same(value):
    return value


def _label_of(field) -> Callable[[Any], Any]:
    """A stored choice -> its label in the active language (what get_FOO_display gives), from one dict."""
    labels = {value: str(label) for value, label in field.flatchoices}
    return lambda value: labels.get(value, value)


def _share_small_relations(queryset: QuerySet) -> tuple[QuerySet, list[tuple[Any, dict]]]:
    """Joined reference tables of a few hundred rows (regions, product classes, hotlines) are read once and
    shared by every row instead of being joined and built again for each of 200,000 rows."""
    selected = queryset.query.select_related
    if not isinstance(selected, dict):
        return queryset, []
    shared, kept = [], []

    def paths(tree: dict, prefix: str = "") -> list[str]:
        found = []
        for name, below in tree.items():
            found += paths(below, f"{prefix}{name}__") if below else [f"{prefix}{name}"]
        return found

    for name, below in selected.items():
        field = queryset.model._meta.get_field(name)
        related = field.related_model
        if not below and field.many_to_one and related._default_manager.count() <= SHARED_RELATION_ROWS:
            key = field.target_field.attname  # a hotline is referred to by its code, a region by its id
            shared.append((field, {getattr(obj, key): obj for obj in related._default_manager.all()}))
        else:
            kept += paths({name: below})
    if not shared:
        return queryset, []
    queryset = queryset.select_related(None)
    # select_related() with no names would follow every relation.
    return (queryset.select_related(*kept) if kept else queryset), shared


class TableRows:
    """A django-tables2 table's export rows (as `Table.as_values` gives them), computed fast.

    `as_values` resolves each cell's accessor, looks up `get_FOO_display` and inspects the value method's
    signature once per cell; at 200,000 rows that costs more than writing the file. Here each column is
    resolved once into a getter, and the rows of a queryset come from a server-side cursor in chunks. A
    column whose value is the plain field value (no `value_*`/`render_*`, no custom column class) gives the
    raw value, so dates stay dates.
    """

    def __init__(self, table, exclude: Iterable[str] = ()):
        exclude = set(exclude)
        self.table = table
        self.columns = [
            bound
            for bound in table.columns.iterall()
            if not (bound.column.exclude_from_export or bound.name in exclude)
        ]
        self.headers = [force_str(bound.header, strings_only=True) for bound in self.columns]
        model = getattr(table._meta, "model", None)
        self.getters = [self._getter(bound, model) for bound in self.columns]
        # When every column is a stored value (a field, a choice's label, a small reference table's name), the
        # rows are read as tuples of those columns: no model instances at all.
        specs = [self._spec(bound, model) for bound in self.columns] if model is not None else [None]
        self.specs = specs if all(specs) and isinstance(table.data.data, QuerySet) else None

    def _spec(self, bound, model) -> tuple[str, Callable[[Any], Any]] | None:
        """(the column's path for values_list, what turns its stored value into the exported one), or None."""
        value_method = getattr(self.table, f"value_{bound.name}", None)
        choice = getattr(value_method, "choice_field", None)
        if choice is not None:
            return choice, _label_of(model._meta.get_field(choice))
        if not self._plain(bound):
            return None
        parts = str(bound.accessor).replace(".", "__").split("__")
        owner = model
        for index, part in enumerate(parts):
            try:
                field = owner._meta.get_field(part)
            except FieldDoesNotExist:
                return None
            last = index == len(parts) - 1
            if not field.is_relation:
                if not last or not field.concrete:
                    return None
                return "__".join(parts), _label_of(field) if field.choices else _same
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                return None
            if last:
                related = field.related_model
                if related._default_manager.count() > SHARED_RELATION_ROWS:
                    return None
                key = field.target_field.attname
                names = {getattr(obj, key): str(obj) for obj in related._default_manager.all()}
                return "__".join(parts), names.get
            owner = field.related_model
        return None

    def _plain(self, bound) -> bool:
        """The column exports its accessor's value as it is (no `value_*`/`render_*`, no column class that
        renders it); tables2 writes dates as ISO text, here a date stays a date cell."""
        column, func = bound.column, bound.value
        if hasattr(self.table, f"value_{bound.name}") or hasattr(self.table, f"render_{bound.name}"):
            return False
        base = getattr(func, "__func__", None) is Column.value and type(column).render is Column.render
        return (
            base
            or getattr(column, "export_plain", False)
            or type(column).__name__ in ("DateColumn", "DateTimeColumn")
        )

    def _resolve(self, accessor: str, model) -> Callable[[Any], Any]:
        """record -> the accessor's value, using `get_FOO_display` for a choice field (as tables2 does)."""
        parts = accessor.replace(".", "__").split("__")
        display = None
        if model is not None:
            owner = model
            try:
                for part in parts[:-1]:
                    owner = owner._meta.get_field(part).related_model
                field = owner._meta.get_field(parts[-1]) if owner is not None else None
            except (FieldDoesNotExist, AttributeError):
                field = None
            if isinstance(field, models.Field) and field.choices:
                # What get_FOO_display answers, looked up once: Django rebuilds the choices dict on every call.
                display = {value: str(label) for value, label in field.flatchoices}
        head, last = parts[:-1], parts[-1]

        def resolve(record):
            target = record
            for part in head:
                target = getattr(target, part, None)
                if target is None:
                    return None
            value = getattr(target, last, None)
            if display is not None:
                return display.get(value, value)
            if (
                callable(value)
                and not isinstance(value, models.Model)
                and not getattr(value, "alters_data", False)
            ):
                value = value()  # as tables2's Accessor calls a method it reaches
            return value

        return resolve

    def _getter(self, bound, model) -> Callable[[Any], Any]:
        column = bound.column
        resolve = self._resolve(str(bound.accessor), model)
        empty = column.empty_values
        func = bound.value
        if self._plain(bound):

            def plain_value(record):
                value = resolve(record)
                return None if value in empty else force_str(value, strings_only=True)

            return plain_value
        names, any_keyword = _parameters(func)
        needs_row = any_keyword or "bound_row" in names
        table = self.table

        def computed(record):
            value = resolve(record)
            if value in empty:
                return None
            arguments = {
                "value": value,
                "record": record,
                "column": column,
                "bound_column": bound,
                "table": table,
            }
            if needs_row:  # a TemplateColumn's context counts rows: only those columns pay for a BoundRow
                arguments["bound_row"] = BoundRow(record, table=table)
            kwargs = arguments if any_keyword else {k: v for k, v in arguments.items() if k in names}
            result = func(**kwargs)
            return force_str(result, strings_only=True)

        return computed

    def records(self) -> Iterator:
        data = self.table.data.data
        if not isinstance(data, QuerySet):
            yield from data
            return
        data, shared = _share_small_relations(data)
        # In a transaction the server-side cursor streams; in autocommit PostgreSQL would materialise the whole
        # result (WITH HOLD) before the first row. A generator keeps it open only while rows are read.
        with transaction.atomic():
            for record in data.iterator(chunk_size=CHUNK_ROWS):
                for field, instances in shared:
                    field.set_cached_value(record, instances.get(getattr(record, field.attname)))
                yield record

    def count(self) -> int:
        data = self.table.data.data
        return data.count() if isinstance(data, QuerySet) else len(data)

    def __iter__(self) -> Iterator[list]:
        if self.specs is not None:
            yield from self._tuples()
            return
        getters = self.getters
        for record in self.records():
            yield [get(record) for get in getters]

    def _tuples(self) -> Iterator[list]:
        paths = [path for path, _ in self.specs]
        transforms = list(enumerate(transform for _, transform in self.specs))
        empty = (None, "")
        with transaction.atomic():
            for values in self.table.data.data.values_list(*paths).iterator(chunk_size=CHUNK_ROWS):
                yield [None if values[i] in empty else transform(values[i]) for i, transform in transforms]


def choice_value(field_name: str):
    """A table's `value_<field>` giving the choice's label, as `get_FOO_display` does, from a dict built once per
    table (in the active language): Django rebuilds the choices dict at every call, which 200,000 rows feel."""
    key = f"_labels_{field_name}"

    def value(table, record):
        labels = table.__dict__.get(key)
        if labels is None:
            field = record._meta.get_field(field_name)
            labels = table.__dict__[key] = {v: str(label) for v, label in field.flatchoices}
        raw = getattr(record, field_name)
        return labels.get(raw, raw)

    value.choice_field = field_name  # type: ignore[attr-defined]  # lets TableRows read the bare column instead
    return value


def table_to_sheet(table, title: str, exclude: Iterable[str] = ()) -> Sheet:
    """A django-tables2 table as one sheet: its exportable columns and their values, rows read lazily."""
    rows = TableRows(table, exclude)
    return title, rows.headers, rows
