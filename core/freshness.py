"""Figures fresh minutes after a change: a change queues a current-year recompute once its transaction commits.

Services call `refresh_after_commit(reason)` when something the dashboards count has changed (an import
confirmed, a value approved, a complaint step taken). After the commit, the first change of a burst schedules
one `core.tasks.refresh_current` task `REFRESH_DELAY_S` seconds later (a cache key taken with `add`, atomic in
Redis); the changes that follow within the burst find the key and only leave their reason. The task gives the
key back before it starts the run, so a change committed while the run reads is picked up by the next one.
When a run (the nightly one, a web-started one) holds the statistics lock, the task tries again a little later.
The nightly full run stays as it is; a run queued here is `trigger=change`, `scope=current`, with its reason.

Without a broker (`make run` on SQLite, Celery eager) nothing is scheduled: figures refresh at night or when
the office starts a run, as before.
"""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)
REFRESH_DELAY_S = getattr(settings, "STATS_REFRESH_DELAY_S", 20)
# A pending key outlives a lost task by at most this long, then a change schedules again.
PENDING_TIMEOUT_S = 600


def _key(name: str) -> str:
    # Per database: test databases (one per pytest worker) and deployments sharing a Redis never coalesce.
    return f"stats:refresh:{name}:{settings.DATABASES['default']['NAME']}"


def refresh_after_commit(reason: str) -> None:
    """Queue a current-year recompute once the running transaction commits (now, outside one)."""
    transaction.on_commit(partial(schedule, reason))


def schedule(reason: str) -> bool:
    """Schedule the refresh unless one is already pending; True when this call scheduled it."""
    from config.celery import app
    from core.tasks import refresh_current

    if app.conf.task_always_eager:
        return False
    cache.set(_key("reason"), reason[:200], PENDING_TIMEOUT_S)
    if not cache.add(_key("pending"), 1, PENDING_TIMEOUT_S):
        return False
    try:
        refresh_current.apply_async(countdown=REFRESH_DELAY_S)
    except Exception:
        logger.exception("could not schedule the statistics refresh after %s", reason)
        cache.delete(_key("pending"))
        return False
    return True


def take_pending() -> str:
    """The reason of the changes a starting refresh covers; the next change schedules a new one."""
    reason = cache.get(_key("reason")) or "数据变更"
    cache.delete(_key("pending"))
    return reason
