"""`/health/`: whether the portal can serve, for a load balancer's probe and for the office.

Anyone (a probe signs in as no one) gets the overall status; the office and the administrator also get
each check. 200 while the database answers ("ok", or "degraded" when Redis, the worker or the
statistics are not as they should be: pages still work), 503 when it does not ("down").
"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts import policy

WORKER_PING_TIMEOUT_S = 1.0
REDIS_TIMEOUT_S = 1.0


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return {"ok": False, "detail": str(exc).strip().splitlines()[0][:200]}
    return {"ok": True}


def _redis() -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "detail": "未配置 REDIS_URL：任务在进程内执行"}
    import redis

    try:
        redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=REDIS_TIMEOUT_S, socket_connect_timeout=REDIS_TIMEOUT_S
        ).ping()
    except redis.RedisError as exc:
        return {"ok": False, "detail": str(exc)[:200]}
    return {"ok": True}


def _worker(redis_ok: bool) -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "detail": "未配置 REDIS_URL：任务在进程内执行"}
    if not redis_ok:
        return {"ok": False, "detail": "消息队列（Redis）不可达"}
    from config.celery import app

    replies = app.control.ping(timeout=WORKER_PING_TIMEOUT_S)
    if not replies:
        return {"ok": False, "detail": f"{WORKER_PING_TIMEOUT_S:g} 秒内没有后台任务进程应答"}
    return {"ok": True, "workers": len(replies)}


def _statistics() -> dict:
    from core.models import StatsRun

    run = StatsRun.objects.filter(is_current=True).only("pk", "finished_at").first()
    if run is None or run.finished_at is None:
        return {"ok": False, "detail": "尚无已完成的统计"}
    age_hours = (timezone.now() - run.finished_at).total_seconds() / 3600
    return {
        "ok": age_hours <= settings.STATS_STALE_AFTER_HOURS,
        "run": run.pk,
        "computed_at": run.finished_at.isoformat(),
        "age_hours": round(age_hours, 1),
    }


@require_safe
@never_cache
def health(request):
    database = _database()
    if not database["ok"]:
        # Without the database nobody can be recognised: the overall status only.
        return JsonResponse({"status": "down"}, status=503)
    redis_check = _redis()
    checks = {
        "database": database,
        "redis": redis_check,
        "worker": _worker(redis_check["ok"]),
        "statistics": _statistics(),
    }
    body = {"status": "ok" if all(check["ok"] for check in checks.values()) else "degraded"}
    if policy.allowed(request.user, "health.view"):
        body["checks"] = checks
    return JsonResponse(body)
