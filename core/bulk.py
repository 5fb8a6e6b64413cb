"""Fast bulk inserts, for tables of tens of thousands of rows (imports, the large demo, the statistics job).

Django's `bulk_create` spends most of a 50,000-row insert preparing values field by field; here the rows
are already validated, so they go in as plain text: PostgreSQL's COPY, or `executemany` on SQLite. This
module is the one COPY writer: `copy_text` is the one escaping rule, `copy_into` the one COPY call.
For models, ids are allocated first, so the django-simple-history rows (type "+", the user, the reason)
are written the same way, in the same transaction — the history row is the data row with the audit
columns appended — and the audit trail sees every row.

Text cells keep every character PostgreSQL text can hold (tabs, line breaks, backslashes, U+0001,
U+2028, emoji), and None stays NULL apart from ''. NUL (U+0000) is the one character PostgreSQL text
cannot hold; the ORM refuses it there (psycopg2 raises ValueError), and so does this writer, on every
database, with the row and column named (`NulInText`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

from django.db import connection, models
from django.utils import timezone

COPY_CHUNK = 20000
# COPY's text format: tab-separated, one row a line, NULL as \N; backslash, tab and line breaks escaped.
NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# Most values hold none of these: searching for them first costs a third of translating every value.
_SPECIAL = re.compile("[\\\\\t\n\r\0]")
_NUL_REASON = "文本含空字符（U+0000），数据库无法保存"
_AUDIT = ("history_date", "history_change_reason", "history_type", "history_user_id")


class NulInText(ValueError):
    """A text value holds NUL (U+0000), which PostgreSQL text cannot store."""


def copy_text(value: str) -> str:
    """One text value in COPY's text format: backslash, tab, CR and LF escaped, every other character as it is."""
    if _SPECIAL.search(value) is None:
        return value
    if "\0" in value:
        raise NulInText(_NUL_REASON)
    return value.translate(_ESCAPES)


def copy_line(values: Sequence) -> str:
    """One row in COPY's text format, without its line break: None as NULL, text escaped, other values printed."""
    # One search over the row's texts together: most rows need no escaping, and a call per value was most of
    # preparing a 50,000-row import.
    if _SPECIAL.search("".join([v for v in values if type(v) is str])) is None:
        return "\t".join([v if type(v) is str else NULL if v is None else str(v) for v in values])
    return "\t".join([NULL if v is None else copy_text(v) if isinstance(v, str) else str(v) for v in values])


def copy_lines(rows: Sequence[Sequence], columns: Sequence[str]) -> list[str]:
    """Rows in COPY's text format (the default for `write_rows`)."""
    return [copy_line(row) for row in rows]


class CopyTexts(dict):
    """Text values already in COPY form, for writers that repeat the same few values thousands of times."""

    def __missing__(self, value: str | None) -> str:
        text = self[value] = NULL if value is None else copy_text(value)
        return text


def _refuse_nul(rows: Iterable[Sequence], columns: Sequence[str]) -> None:
    """Raise NulInText naming the first row (counted from 1) and column whose text holds NUL."""
    for number, row in enumerate(rows, start=1):
        for column, value in zip(columns, row, strict=True):
            if isinstance(value, str) and "\0" in value:
                raise NulInText(f"第 {number} 行 · {column} · {_NUL_REASON}")


def copy_into(table: str, columns: Sequence[str], lines: Iterable[str]) -> None:
    """COPY lines of text (from `copy_line`, without line breaks) into `table`, in chunks of COPY_CHUNK lines."""
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
    lines = iter(lines)
    with connection.cursor() as cursor:
        while chunk := list(islice(lines, COPY_CHUNK)):
            text = "\n".join(chunk) + "\n"
            # Sent in one piece: psycopg2 takes the GIL back after each piece (8 KiB by default), which costs
            # up to 5 ms each while another thread validates (core.pipeline).
            cursor.cursor.copy_expert(sql, io.StringIO(text), size=len(text))


def _escaped(
    rows: Sequence[Sequence],
    columns: Sequence[str],
    lines: Callable[[Sequence[Sequence], Sequence[str]], list[str]],
) -> list[str]:
    try:
        return lines(rows, columns)
    except NulInText:
        _refuse_nul(rows, columns)
        raise


def write_rows(
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence],
    *,
    lines: Callable[[Sequence[Sequence], Sequence[str]], list[str]] = copy_lines,
) -> int:
    """Insert plain rows (values in `columns` order): COPY on PostgreSQL, one executemany elsewhere.

    `lines` turns the rows into COPY text; a writer that knows which of its columns are text may pass a
    faster one built on `CopyTexts`. Return the number of rows.
    """
    if connection.vendor == "postgresql":
        copy_into(table, columns, _escaped(rows, columns, lines))
    else:
        _refuse_nul(rows, columns)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})", rows
            )
    return len(rows)


def check_keys_now(model: type[models.Model], *, except_columns: Sequence[str] = ()) -> None:
    """From now until this transaction ends, check `model`'s foreign keys at the end of each statement that writes
    it, but for those of `except_columns` (PostgreSQL; elsewhere nothing changes).

    Django makes every foreign key DEFERRABLE INITIALLY DEFERRED: checked at commit, one row at a time, 0.17 s a
    key for a 50,000-row import, while nothing else runs. Checked at each COPY instead, they run while the next
    batch is validated (core.pipeline). A key to rows written later in the transaction stays deferred.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid "
            "AND a.attnum = c.conkey[1] WHERE c.conrelid = %s::regclass AND c.contype = 'f' "
            "AND c.condeferred AND NOT a.attname = ANY(%s)",
            [model._meta.db_table, [model._meta.get_field(c).column for c in except_columns]],
        )
        if names := [connection.ops.quote_name(name) for (name,) in cursor.fetchall()]:
            cursor.execute(f"SET CONSTRAINTS {', '.join(names)} IMMEDIATE")


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Reserve `count` primary keys of `model` (the sequence on PostgreSQL; above the maximum on SQLite)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def _converter(field: models.Field, postgres: bool) -> Callable | None:
    """How a Python value of this field is written (None: as it is)."""
    if isinstance(field, models.JSONField):
        return lambda v: None if v is None else "{}" if v == {} else json.dumps(v, ensure_ascii=False)
    if isinstance(field, models.BooleanField):
        return (lambda v: None if v is None else "t" if v else "f") if postgres else None
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value if not postgres else lambda v: v and v.isoformat()
    if isinstance(field, models.DateField):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(field, models.DecimalField):
        return lambda v: None if v is None else str(v)
    return None


@dataclass
class Prepared:
    """Rows made ready to write (by `prepare_with_history`, which may run in another thread; see core.pipeline):
    their new ids and, per table, its columns and the rows as COPY lines (PostgreSQL) or value tuples."""

    ids: list[int]
    writes: list[tuple[str, list[str], list]]


def insert_with_history(
    model: type[models.Model],
    rows: list[dict],
    *,
    user=None,
    reason: str = "",
    history_date: dt.datetime | None = None,
) -> list[int]:
    """Insert `rows` (dicts by attname, without id) and one "+" history row each; return the new ids."""
    return write_prepared(
        prepare_with_history(model, rows, user=user, reason=reason, history_date=history_date)
    )


def insert_synthetic(model: type[models.Model], rows: list[dict]) -> list[int]:
    """Insert generated rows without history rows: only for synthetic loads whose batch record stands in for them."""
    return write_prepared(_prepare(model, rows, None))


def prepare_with_history(
    model: type[models.Model],
    rows: list[dict],
    *,
    user=None,
    reason: str = "",
    history_date: dt.datetime | None = None,
) -> Prepared:
    """`insert_with_history` up to the writing: ids taken from the sequence, rows and history rows as text."""
    postgres = connection.vendor == "postgresql"
    history = model.history.model
    audit = [
        _converter(history._meta.get_field("history_date"), postgres)(history_date or timezone.now()),
        reason,
        "+",
        getattr(user, "pk", None),
    ]
    return _prepare(model, rows, audit)


def write_prepared(prepared: Prepared) -> list[int]:
    """Write prepared rows (COPY on PostgreSQL, executemany elsewhere); return their ids."""
    for table, columns, rows in prepared.writes:
        if connection.vendor == "postgresql":
            copy_into(table, columns, rows)
        else:
            write_rows(table, columns, rows)
    return prepared.ids


def _prepare(model: type[models.Model], rows: list[dict], audit: list | None) -> Prepared:
    postgres = connection.vendor == "postgresql"
    # Generated columns (the month key) are filled in by the database.
    fields = [f for f in model._meta.concrete_fields if f.attname != "id" and not f.generated]
    history = model.history.model
    history_columns = {
        f.attname: f.column for f in history._meta.concrete_fields if f.attname != "history_id"
    }
    mirrored = ["id", *(f.attname for f in fields)]
    if set(history_columns) != {*mirrored, *_AUDIT}:
        raise ValueError(f"{history.__name__} does not mirror {model.__name__} field for field")
    defaults = {f.attname: f.get_default() for f in fields if f.has_default() or f.null or f.blank}
    # Values by name in C (itemgetter); only the fields that need it (dates, booleans, JSON) are converted.
    pick = operator.itemgetter("id", *(f.attname for f in fields))
    converted = [(i, c) for i, f in enumerate(fields, start=1) if (c := _converter(f, postgres))]
    ids = allocate_ids(model, len(rows))
    columns = ["id", *(f.column for f in fields)]
    audited_columns = [*(history_columns[a] for a in mirrored), *(history_columns[a] for a in _AUDIT)]

    def values(pk: int, row: dict) -> list:
        merged = {**defaults, **row, "id": pk} if len(row) < len(fields) else {**row, "id": pk}
        out = list(pick(merged))
        for index, convert in converted:
            out[index] = convert(out[index])
        return out

    tuples = [values(pk, row) for pk, row in zip(ids, rows, strict=True)]
    history_table = history._meta.db_table
    if not postgres:
        writes = [(model._meta.db_table, columns, tuples)]
        if audit is not None:
            writes.append((history_table, audited_columns, [(*t, *audit) for t in tuples]))
        return Prepared(ids, writes)
    lines = _escaped(tuples, columns, copy_lines)
    writes = [(model._meta.db_table, columns, lines)]
    if audit is not None:
        suffix = "\t" + _escaped([audit], audited_columns[-len(_AUDIT) :], copy_lines)[0]
        writes.append((history_table, audited_columns, [line + suffix for line in lines]))
    return Prepared(ids, writes)
