"""What the import benchmarks share: a generated table, the bare read it is measured against, a rolled-back import."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from django.db import connection, models, transaction
from python_calamine import CalamineWorkbook


class _Rollback(Exception):
    pass


def time_import(
    *,
    build: Callable[[Path, int], Any],
    run: Callable[[BinaryIO, str], Any],
    rows: int,
    keep: bool,
    writes: Sequence[type[models.Model] | str] = (),
) -> tuple[float, float, Any]:
    """(read_s, import_s, what `run` returned): `build` writes a table of `rows` rows, read_s is calamine reading
    its every sheet bare, import_s is `run(file, name)` in a transaction that is rolled back unless `keep`.

    import_s includes the foreign-key checks that commit would run: Django's constraints are deferred to commit,
    so a rolled-back run skipped them (1.2 s of a 50,000-row spot-check import, uncounted before 2026-11-30).

    The tables in `writes` (a model's with its history's, or a table's name) are vacuumed after a rollback: a rolled-back
    run leaves its rows behind as dead rows, which autovacuum clears in production but which, left, made each
    next run slower (COPY 3.6–4.0 s after VACUUM, 4.5–4.9 s after a dozen runs)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "benchmark.xlsx"
        build(path, rows)
        started = time.perf_counter()
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:  # every sheet: a bulletin may publish its lists apart
            book.get_sheet_by_name(name).to_python()
        read_s = time.perf_counter() - started
        result = None
        try:
            with transaction.atomic():
                started = time.perf_counter()
                with path.open("rb") as handle:
                    result = run(handle, path.name)
                _check_deferred()
                import_s = time.perf_counter() - started
                if not keep:
                    raise _Rollback
        except _Rollback:
            _vacuum(writes)
    return read_s, import_s, result


def _check_deferred() -> None:
    """Run now the deferred constraint checks that commit would run."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _vacuum(writes: Sequence[type[models.Model] | str]) -> None:
    if connection.vendor != "postgresql":
        return
    tables = [
        table
        for m in writes
        for table in ([m] if isinstance(m, str) else [m._meta.db_table, m.history.model._meta.db_table])
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")


def list_urls() -> list[str]:
    """Every parameterless list page (an `ObjectListView`) and API list (a viewset's `list`), by path."""
    from django.urls import URLResolver, get_resolver

    from core.views import ObjectListView

    found: list[str] = []

    def walk(patterns, prefix: str = "") -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
                continue
            if "<" in route or "(?P" in route:
                continue
            callback = entry.callback
            is_page = issubclass(getattr(callback, "view_class", object), ObjectListView)
            is_api_list = getattr(callback, "actions", {}).get("get") == "list"
            if is_page or is_api_list:
                found.append("/" + route)

    walk(get_resolver().url_patterns)
    return sorted(dict.fromkeys(found))
