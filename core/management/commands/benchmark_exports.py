import resource
import tempfile
import time
from itertools import islice

from django.core.management.base import BaseCommand, CommandError
from xlsxwriter import Workbook

from accounts.models import User
from core import exports
from core.views import list_view_at


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


class Command(BaseCommand):
    help = (
        "按列表页的导出路径（筛选、权限、列与掩码）导出一年的抽查结果，打印 rows、xlsx_s、bare_xlsx_s"
        "（同样的行直接用 xlsxwriter 写出的时间）、ratio、csv_s、peak_mb（导出时进程内存的增长）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=200000)
        parser.add_argument("--path", default="/inspections/results/")
        parser.add_argument("--query", default="", help="列表的筛选条件，默认取行数最多的一年")
        parser.add_argument("--user", default="office")

    def handle(self, *args, rows: int, path: str, query: str, user: str, **options):
        account = User.objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"没有用户 {user}：请先运行 load_demo。")
        if not query and path == "/inspections/results/":
            from django.db.models import Count
            from django.db.models.functions import ExtractYear

            from inspections.models import SpotCheckResult

            busiest = (
                SpotCheckResult.objects.annotate(y=ExtractYear("sampled_on"))
                .values("y")
                .annotate(n=Count("id"))
                .order_by("-n")
                .first()
            )
            query = f"year={busiest['y']}" if busiest else ""

        def export_rows():
            view = list_view_at(path, query, account)
            table_rows = view.export_rows()
            return view.export_title(), table_rows.headers, islice(table_rows, rows)

        before = _rss_mb()
        with tempfile.TemporaryFile() as handle:
            started = time.perf_counter()
            title, headers, lines = export_rows()
            written = exports.write_xlsx(handle, [(title, headers, lines)])
            xlsx_s = time.perf_counter() - started
        with tempfile.TemporaryFile() as handle:
            started = time.perf_counter()
            title, headers, lines = export_rows()
            exports.write_csv(handle, headers, lines)
            csv_s = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before

        # The same rows, already in memory, written by xlsxwriter with nothing else: the floor of any export.
        title, headers, lines = export_rows()
        materialised = list(lines)
        with tempfile.TemporaryFile() as handle:
            started = time.perf_counter()
            workbook = Workbook(
                handle,
                {"constant_memory": True, "default_date_format": "yyyy-mm-dd", "remove_timezone": True},
            )
            sheet = workbook.add_worksheet(title[:31])
            sheet.write_row(0, 0, headers)
            for index, row in enumerate(materialised, start=1):
                sheet.write_row(index, 0, row)
            workbook.close()
            bare_s = time.perf_counter() - started

        self.stdout.write(f"rows: {written}")
        self.stdout.write(f"xlsx_s: {xlsx_s:.2f}")
        self.stdout.write(f"bare_xlsx_s: {bare_s:.2f}")
        self.stdout.write(f"ratio: {xlsx_s / bare_s:.2f}")
        self.stdout.write(f"csv_s: {csv_s:.2f}")
        self.stdout.write(f"peak_mb: {max(peak_mb, 0):.1f}")
