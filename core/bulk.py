"""Fast bulk inserts with their audit rows, for tables of tens of thousands of rows (imports, the large demo).

Django's `bulk_create` spends most of a 50,000-row insert preparing values field by field; here the rows
are already validated, so they go in as plain text: PostgreSQL's COPY, or `executemany` on SQLite.
Ids are allocated first, so the django-simple-history rows (type "+", the user, the reason) are written
the same way, in the same transaction — the history row is the data row with the audit columns appended —
and the audit trail sees every row.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable

from django.db import connection, models
from django.utils import timezone

COPY_CHUNK = 20000
# COPY's text format: tab-separated, NULL as \N, backslash, tab and line breaks escaped. Values are first
# joined with NUL (which PostgreSQL text cannot hold) so one translate per row escapes them all.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\t", "\1": "\\N"})
_AUDIT = ("history_date", "history_change_reason", "history_type", "history_user_id")


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


def _copy(table: str, columns: list[str], lines) -> None:
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor:
        buffer = io.StringIO()
        for count, line in enumerate(lines, start=1):
            buffer.write(line)
            if count % COPY_CHUNK == 0:
                buffer.seek(0)
                cursor.cursor.copy_expert(sql, buffer)
                buffer = io.StringIO()
        if buffer.tell():
            buffer.seek(0)
            cursor.cursor.copy_expert(sql, buffer)


def _executemany(table: str, columns: list[str], rows: list[tuple]) -> None:
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})", rows)


def insert_with_history(
    model: type[models.Model],
    rows: list[dict],
    *,
    user=None,
    reason: str = "",
    history_date: dt.datetime | None = None,
) -> list[int]:
    """Insert `rows` (dicts by attname, without id) and one "+" history row each; return the new ids."""
    postgres = connection.vendor == "postgresql"
    history = model.history.model
    audit = [
        _converter(history._meta.get_field("history_date"), postgres)(history_date or timezone.now()),
        reason,
        "+",
        getattr(user, "pk", None),
    ]
    return _insert(model, rows, audit)


def insert_synthetic(model: type[models.Model], rows: list[dict]) -> list[int]:
    """Insert generated rows without history rows: only for synthetic loads whose batch record stands in for them."""
    return _insert(model, rows, None)


def _insert(model: type[models.Model], rows: list[dict], audit: list | None) -> list[int]:
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
    converters = [_converter(f, postgres) for f in fields]
    ids = allocate_ids(model, len(rows))
    columns = ["id", *(f.column for f in fields)]
    audited_columns = [*(history_columns[a] for a in mirrored), *(history_columns[a] for a in _AUDIT)]

    def values(pk: int, row: dict) -> list:
        merged = {**defaults, **row} if len(row) < len(fields) else row
        out = [pk]
        for field, convert in zip(fields, converters, strict=True):
            value = merged[field.attname]
            out.append(convert(value) if convert else value)
        return out

    if postgres:
        lines = [
            "\0".join("\1" if v is None else str(v) for v in values(pk, row)).translate(_ESCAPES)
            for pk, row in zip(ids, rows, strict=True)
        ]
        _copy(model._meta.db_table, columns, (line + "\n" for line in lines))
        if audit is not None:
            suffix = "\t" + "\0".join("\1" if v is None else str(v) for v in audit).translate(_ESCAPES) + "\n"
            _copy(history._meta.db_table, audited_columns, (line + suffix for line in lines))
    else:
        tuples = [tuple(values(pk, row)) for pk, row in zip(ids, rows, strict=True)]
        _executemany(model._meta.db_table, columns, tuples)
        if audit is not None:
            _executemany(history._meta.db_table, audited_columns, [(*t, *audit) for t in tuples])
    return ids
