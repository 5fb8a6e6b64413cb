from django.core.management.base import BaseCommand, CommandError

from complaints.models import Complaint, Hotline, Transition
from complaints.resources import import_complaints
from complaints.samples import build_export
from core.benchmarks import time_import


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
        read_s, import_s, report = time_import(
            build=build_export,
            run=lambda handle, name: import_complaints(
                file=handle, hotline=line, user=None, file_name=name, dry_run=False
            ),
            rows=rows,
            keep=keep,
            writes=[Complaint, Transition],
        )
        if report is None or report.errors:
            raise CommandError(f"导入失败：{report and report.errors[:3]}")
        self.stdout.write(f"rows: {report.new}")
        self.stdout.write(f"read_s: {read_s:.3f}")
        self.stdout.write(f"import_s: {import_s:.3f}")
        self.stdout.write(f"ratio: {import_s / read_s:.2f}")
