"""What the import benchmarks share: a generated table, the bare read it is measured against, a rolled-back import."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from django.db import transaction
from python_calamine import CalamineWorkbook


class _Rollback(Exception):
    pass


def time_import(
    *, build: Callable[[Path, int], Any], run: Callable[[BinaryIO, str], Any], rows: int, keep: bool
) -> tuple[float, float, Any]:
    """(read_s, import_s, what `run` returned): `build` writes a table of `rows` rows, read_s is calamine reading
    its every sheet bare, import_s is `run(file, name)` in a transaction that is rolled back unless `keep`."""
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
                import_s = time.perf_counter() - started
                if not keep:
                    raise _Rollback
        except _Rollback:
            pass
    return read_s, import_s, result


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
