"""The cache is Django's own Redis backend when REDIS_URL is set."""

import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCacheClient


@pytest.mark.services
def test_cache_round_trip_through_redis(redis_service):
    # Django's own Redis backend (in a subclass that degrades while Redis is down: core/cache.py).
    assert (
        isinstance(cache._cache, RedisCacheClient)
        and settings.CACHES["default"]["LOCATION"] == settings.REDIS_URL
    )
    key = f"test-cache-{uuid.uuid4()}"
    cache.set(key, {"名称": "盘锦"}, timeout=30)
    assert cache.get(key) == {"名称": "盘锦"}
    cache.delete(key)
    assert cache.get(key) is None


def test_cache_goes_on_uncached_while_redis_is_unreachable():
    """With Redis down every API call answered 500 (its throttle reads the cache); now the cache misses."""
    import socket
    import time

    from core.cache import RedisCache

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = RedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    started = time.monotonic()
    down.set("k", 1)
    assert down.get("k", "默认") == "默认" and down.get_many(["k"]) == {} and down.add("k", 1) is False
    assert not down.has_key("k") and down.delete("k") is False
    assert time.monotonic() - started < 5
