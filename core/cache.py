"""Django's Redis cache, degraded instead of failing while Redis is unreachable.

The cache holds only what can be recomputed (figures, API throttle counters), so with Redis down a page or
an API call goes on uncached (and unthrottled) instead of answering 500; the error is logged once per call.
Sessions are in the database and locks are in PostgreSQL, so nothing the portal must keep lives here.
"""

from __future__ import annotations

import logging

from django.core.cache.backends import redis as django_redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _forgiving(name: str, fallback):
    method = getattr(django_redis.RedisCacheClient, name)

    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as exc:
            logger.warning("cache %s skipped, Redis unreachable: %s", name, exc)
            return fallback() if callable(fallback) else fallback

    call.__name__ = name
    return call


class ForgivingRedisCacheClient(django_redis.RedisCacheClient):
    add = _forgiving("add", False)
    set = _forgiving("set", None)
    touch = _forgiving("touch", False)
    delete = _forgiving("delete", False)
    get_many = _forgiving("get_many", dict)
    has_key = _forgiving("has_key", False)
    set_many = _forgiving("set_many", list)
    delete_many = _forgiving("delete_many", None)
    clear = _forgiving("clear", False)

    def get(self, key, default):
        try:
            return super().get(key, default)
        except UNREACHABLE as exc:
            logger.warning("cache get skipped, Redis unreachable: %s", exc)
            return default


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ForgivingRedisCacheClient
