import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from python_calamine import CalamineWorkbook

from core.models import JobStatus
from inspections import services
from inspections.choices import Level
from inspections.models import ProductClass
from inspections.samples import build_table


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "生成一张未整理的抽查结果表并导入（含校验和修改历史），打印 rows、read_s、import_s、ratio。默认回滚，不留数据。"

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=50000)
        parser.add_argument("--keep", action="store_true", help="保留导入的数据")

    def handle(self, *args, rows: int, keep: bool, **options):
        product_class = ProductClass.objects.filter(code="key_catalogue").first()
        if product_class is None:
            raise CommandError("请先运行 seed_reference。")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "benchmark.xlsx"
            build_table(path, rows)
            started = time.perf_counter()
            CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
            read_s = time.perf_counter() - started
            job = None
            try:
                with transaction.atomic():
                    started = time.perf_counter()
                    with path.open("rb") as handle:
                        job = services.import_table(
                            source=handle,
                            original_name=path.name,
                            level=Level.MUNICIPAL,
                            product_class=product_class,
                            year=2015,
                        )
                    import_s = time.perf_counter() - started
                    if not keep:
                        raise _Rollback
            except _Rollback:
                pass
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(f"导入失败：{job.error_count} 处错误，例如 {job.errors[:3]}")
        self.stdout.write(f"rows: {job.summary['created']}")
        self.stdout.write(f"read_s: {read_s:.3f}")
        self.stdout.write(f"import_s: {import_s:.3f}")
        self.stdout.write(f"ratio: {import_s / read_s:.2f}")
