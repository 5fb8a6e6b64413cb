import gc
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from accounts.models import User
from core.benchmarks import list_urls

# Two-character terms a user types into the three registers' search boxes (demo data holds them all).
SEARCHES = {
    "/inspections/results/": ["大米", "食用", "有限"],
    "/org/enterprises/": ["有限", "科技", "食品"],
    "/complaints/": ["开裂", "漏电", "故障"],
    "/api/v1/inspections/results/": ["大米"],
    "/api/v1/complaints/": ["开裂"],
    "/api/v1/enterprises/": ["科技"],
}
# A deep page and the filters each large register offers, as people combine them.
EXTRA = {
    "/inspections/results/": [
        "page=500",
        "year=2015&level=provincial",
        "product_class=food&conclusion=fail",
        "region=211102&year=2016&page=20",
    ],
    "/complaints/": [
        "page=500",
        "status=closed&hotline=12365",
        "overdue=true",
        "region=211102&received_from=2015-01-01&received_to=2015-12-31",
        "sort=due_on",
    ],
    "/org/enterprises/": ["page=200", "region=211102"],
    "/api/v1/inspections/results/": ["page=500"],
    "/api/v1/complaints/": ["page=500"],
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = (
        "逐个请求每个列表页和接口列表（含深页、筛选与两字检索），打印每项的 median/p95 毫秒，"
        "再打印 p95_max_ms（最慢一项的 p95）与 search_p95_ms（两字检索）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", "-n", type=int, default=10, help="每项请求次数")
        parser.add_argument("--user", default="office")
        parser.add_argument("--only", default="", help="只测路径包含此文字的项")

    def handle(self, *args, requests: int, user: str, only: str, **options):
        account = User.objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"没有用户 {user}：请先运行 load_demo。")
        client = Client()
        client.force_login(account)
        cases: list[tuple[str, str, bool]] = []
        for url in list_urls():
            cases.append((url, "", False))
            cases += [(url, query, False) for query in EXTRA.get(url, [])]
            cases += [(url, f"q={term}", True) for term in SEARCHES.get(url, [])]
        cases = [case for case in cases if not only or only in case[0]]
        # A worker as it serves: every page asked once (caches warmed, templates compiled), then what has been
        # loaded frozen out of the garbage collector's way, as config/wsgi.py does once Django is loaded.
        for url, query, _ in cases:
            response = client.get(f"{url}?{query}" if query else url)
            if response.status_code != 200:
                raise CommandError(f"{url}?{query} answered {response.status_code}")
        gc.freeze()
        worst, searches = 0.0, []
        for url, query, is_search in cases:
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                client.get(f"{url}?{query}" if query else url)
                times.append((time.perf_counter() - started) * 1000)
            p95 = percentile(times, 0.95)
            worst = max(worst, p95)
            if is_search:
                searches += times
            name = f"{url}?{query}" if query else url
            self.stdout.write(f"{name}: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms")
        self.stdout.write(f"p95_max_ms: {worst:.1f}")
        if searches:
            self.stdout.write(f"search_p95_ms: {percentile(searches, 0.95):.1f}")
