"""The Celery wiring through the real broker and a real worker process."""

import pytest

from core.tasks import ping


@pytest.mark.services
def test_celery_round_trip_through_redis(celery_worker):
    result = ping.apply_async(args=[41], queue=celery_worker)
    assert result.get(timeout=60) == 42


def test_beat_schedule_runs_recompute_nightly_in_shanghai_time():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["nightly-recompute"]
    assert entry["task"] == "core.tasks.recompute"
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"
