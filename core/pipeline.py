"""Validating one batch of an import while PostgreSQL writes the one before, and reading its next sheet meanwhile.

A large import's time is split between Python (reading, validating and preparing rows) and PostgreSQL (COPY and
the indexes it updates). psycopg2 releases the GIL while the server works, so a thread that validates the next
batch meanwhile runs on the other core. The producer must not use this thread's connection: a DB call it makes
opens a connection of its own (closed when it ends), outside this thread's transaction.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.db import connection, connections

R = TypeVar("R")
T = TypeVar("T")
_END = object()
# While a batch is written, the validating thread holds the GIL when PostgreSQL answers, and by default keeps it
# up to 5 ms before the writing thread may send the next: twice a batch, 48 times in a 50,000-row import.
SWITCH_INTERVAL = 0.0005


def overlapped(produce: Callable[[Callable[[Any], None]], R], consume: Callable[[Any], None]) -> R:
    """Run `produce(put)` and hand each batch it puts, in order, to `consume` here; return what `produce` returned.

    On PostgreSQL `produce` runs in a thread while `consume` writes; elsewhere (SQLite, which allows one writer)
    each batch is consumed as it is put. An exception in either is raised here once the thread has ended.
    """
    if connection.vendor != "postgresql":
        return produce(consume)
    batches: queue.SimpleQueue = queue.SimpleQueue()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = produce(batches.put)
        except BaseException as exc:  # raised again in the caller's thread
            outcome["error"] = exc
        finally:
            connections.close_all()  # this thread's own connections, if it opened any
            batches.put(_END)

    thread = threading.Thread(target=run, name="import-validate", daemon=True)
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    thread.start()
    try:
        while (batch := batches.get()) is not _END:
            consume(batch)
    finally:
        thread.join()
        sys.setswitchinterval(switch_interval)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def read_ahead(items: Iterator[T]) -> Iterator[T]:
    """The items of `items`, produced by a thread ahead of their use: for what needs no database, like reading a
    workbook's next sheet while this thread validates the last (python-calamine lets the GIL go as it parses)."""
    ready: queue.SimpleQueue = queue.SimpleQueue()

    def run() -> None:
        try:
            for item in items:
                ready.put((item, None))
            ready.put((_END, None))
        except BaseException as exc:  # raised again where the items are used
            ready.put((_END, exc))

    threading.Thread(target=run, name="import-read", daemon=True).start()
    while (got := ready.get())[0] is not _END:
        yield got[0]
    if got[1] is not None:
        raise got[1]
