"""The cache is Django's own Redis backend when REDIS_URL is set."""

import uuid

import pytest
from django.conf import settings
from django.core.cache import cache


@pytest.mark.services
def test_cache_round_trip_through_redis(redis_service):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    key = f"test-cache-{uuid.uuid4()}"
    cache.set(key, {"名称": "盘锦"}, timeout=30)
    assert cache.get(key) == {"名称": "盘锦"}
    cache.delete(key)
    assert cache.get(key) is None
