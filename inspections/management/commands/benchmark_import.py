from django.core.management.base import BaseCommand, CommandError

from core.benchmarks import time_import
from core.models import JobStatus
from inspections import services
from inspections.choices import Level
from inspections.filtersets import RESULT_SEARCH
from inspections.models import ProductClass, SpotCheckResult
from inspections.samples import build_table
from organizations.models import Enterprise


class Command(BaseCommand):
    help = (
        "生成一张未整理的抽查公告（合格、不合格分表，两行表头，只有地址，含市外生产企业和外市的行）并导入"
        "（含校验、预览和修改历史），打印 rows、read_s、import_s、ratio、imported、skipped。默认回滚，不留数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=50000)
        parser.add_argument("--keep", action="store_true", help="保留导入的数据")

    def handle(self, *args, rows: int, keep: bool, **options):
        product_class = ProductClass.objects.filter(code="key_catalogue").first()
        if product_class is None:
            raise CommandError("请先运行 seed_reference。")
        read_s, import_s, job = time_import(
            build=build_table,
            run=lambda handle, name: services.import_table(
                source=handle,
                original_name=name,
                level=Level.MUNICIPAL,
                product_class=product_class,
                year=2015,
            ),
            rows=rows,
            keep=keep,
            writes=[SpotCheckResult, Enterprise, RESULT_SEARCH.names.table],
        )
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(f"导入失败：{job.error_count} 处错误，例如 {job.errors[:3]}")
        self.stdout.write(f"rows: {job.summary['rows']}")
        self.stdout.write(f"read_s: {read_s:.3f}")
        self.stdout.write(f"import_s: {import_s:.3f}")
        self.stdout.write(f"ratio: {import_s / read_s:.2f}")
        # Of the rows read: imported, and set aside as sampled in other cities.
        self.stdout.write(f"imported: {job.summary['created']}")
        self.stdout.write(f"skipped: {job.summary['outside_rows']}")
