import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from python_calamine import CalamineWorkbook

from complaints.models import Hotline
from complaints.resources import import_complaints
from complaints.samples import build_export


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "生成一份热线导出表并导入（含校验、办理记录和修改历史），打印 rows、read_s、import_s、ratio。默认回滚，不留数据。"

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=50000)
        parser.add_argument("--hotline", default="12365")
        parser.add_argument("--keep", action="store_true", help="保留导入的数据")

    def handle(self, *args, rows: int, hotline: str, keep: bool, **options):
        line = Hotline.objects.filter(code=hotline).first() or Hotline.objects.first()
        if line is None:
            raise CommandError("请先运行 seed_reference。")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "benchmark.xlsx"
            build_export(path, rows)
            started = time.perf_counter()
            CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
            read_s = time.perf_counter() - started
            report = None
            try:
                with transaction.atomic():
                    started = time.perf_counter()
                    with path.open("rb") as handle:
                        report = import_complaints(
                            file=handle, hotline=line, user=None, file_name=path.name, dry_run=False
                        )
                    import_s = time.perf_counter() - started
                    if not keep:
                        raise _Rollback
            except _Rollback:
                pass
        if report is None or report.errors:
            raise CommandError(f"导入失败：{report and report.errors[:3]}")
        self.stdout.write(f"rows: {report.new}")
        self.stdout.write(f"read_s: {read_s:.3f}")
        self.stdout.write(f"import_s: {import_s:.3f}")
        self.stdout.write(f"ratio: {import_s / read_s:.2f}")
