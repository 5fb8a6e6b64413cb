"""Excel out: real .xlsx with numbers as numbers, dates as dates, text as text, the header frozen and widths set.

Text is never a formula: a cell whose text starts with `=`, `+`, `-`, `@`, a tab or a CR (a name masked as
`=***`, a subject someone typed as `=HYPERLINK(...)`) is written as a string cell holding exactly that text,
so Excel shows it and never evaluates it (OWASP's CSV injection advice, without altering the value). A CSV
export, should one be added, cannot mark a cell as text and must prefix such a value with a single quote.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, str):
        # Control characters XML cannot hold, written as Excel writes them (`_x0001_`) instead of failing.
        return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    if value is None or isinstance(value, int | float | dt.date):
        return value
    return _cell(str(value))


def _display_width(value) -> int:
    text = str(value) if value is not None else ""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def add_sheet(workbook: Workbook, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    widths = [_display_width(h) for h in headers]
    for row in rows:
        values = [_cell(v) for v in row]
        sheet.append(values)
        for index, value in enumerate(values):
            widths[index] = max(widths[index], min(_display_width(value), 60))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
        for (cell,) in sheet.iter_rows(min_col=index, max_col=index):
            if cell.data_type == "f":  # openpyxl reads text starting with "=" as a formula; it is text here
                cell.data_type = "s"
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def workbook_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        add_sheet(workbook, title, headers, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]
) -> HttpResponse:
    response = HttpResponse(workbook_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


def table_to_sheet(table, title: str) -> tuple[str, list[str], list[list]]:
    """A django-tables2 table as one sheet: its visible, exportable columns and raw values."""
    rows = list(table.as_values())
    return title, [str(h) for h in rows[0]], rows[1:]
