"""Validating one batch of an import while PostgreSQL writes the one before.

A large import's time is split between Python (reading, validating and preparing rows) and PostgreSQL (COPY and
the indexes it updates). psycopg2 releases the GIL while the server works, so a thread that validates the next
batch meanwhile runs on the other core. The producer must not use this thread's connection: a DB call it makes
opens a connection of its own (closed when it ends), outside this thread's transaction.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from django.db import connection, connections

R = TypeVar("R")
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


def started(work: Callable[[], R]) -> Future[R]:
    """`work` started in a thread (its `.result()` waits for it), for what needs no database: reading a workbook
    while this thread queries (python-calamine lets the GIL go while it parses)."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-read")
    future = executor.submit(work)
    executor.shutdown(wait=False)  # the thread ends with `work`
    return future
