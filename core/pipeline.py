"""Validating one batch of an import while PostgreSQL writes the one before.

A large import's time is split between Python (reading, validating and preparing rows) and PostgreSQL (COPY and
the indexes it updates). psycopg2 releases the GIL while the server works, so a thread that validates the next
batch meanwhile runs on the other core. The producer must not use this thread's connection: a DB call it makes
opens a connection of its own (closed when it ends), outside this thread's transaction.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connection, connections

R = TypeVar("R")
_END = object()


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
    thread.start()
    try:
        while (batch := batches.get()) is not _END:
            consume(batch)
    finally:
        thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
