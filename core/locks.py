"""PostgreSQL session-level advisory locks that mark a statistics run or a job as alive.

The process running a run or a job holds `(kind, pk)` for as long as it works on it. The database drops the
lock when that process's connection ends, however it ends (SIGKILL, a worker child lost, the host gone), so
a row still "running" whose lock nobody holds belongs to a dead process and can be marked failed at once,
instead of waiting hours for it to go stale. Session locks need a session: behind a pooler in transaction
mode (PgBouncer) they do not hold, and the stale limits remain the only guard.

On SQLite (`make run` without services) there are no such locks: `hold` answers True and `alive` reports
every key, so nothing is ever taken as dead there.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

from django.db import connection


class Kind(IntEnum):
    """The first half of the two-key lock: what kind of row the second half (its pk) names."""

    STATS_RUN = 1901
    JOB = 1902


def _key(pk: int) -> int:
    # The two-key form takes int4 keys; pks beyond 2**31 wrap (a collision only keeps a dead row alive longer).
    return pk & 0x7FFFFFFF


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def hold(kind: Kind, pk: int) -> bool:
    """Take the lock for this session; False when another session holds it."""
    if not _postgres():
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [int(kind), _key(pk)])
        return cursor.fetchone()[0]


def release(kind: Kind, pk: int) -> None:
    """Give the lock back; a connection that died on the way has already lost it."""
    if not _postgres():
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [int(kind), _key(pk)])
    except Exception:  # the connection is gone, and the lock with it
        connection.close()


def alive(kind: Kind, pks: Iterable[int]) -> set[int]:
    """Those of `pks` whose lock some session of this database holds (one query over pg_locks)."""
    pks = list(pks)
    if not _postgres():
        return set(pks)
    if not pks:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 "
            "AND classid::bigint = %s AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [int(kind)],
        )
        held = {row[0] for row in cursor.fetchall()}
    return {pk for pk in pks if _key(pk) in held}
