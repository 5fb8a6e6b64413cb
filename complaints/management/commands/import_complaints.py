from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from complaints.models import Hotline
from complaints.resources import import_complaints


class Command(BaseCommand):
    help = "导入热线系统导出的投诉工单 Excel（按表头识别各列）；任一行有错则全部不导入，并按 Excel 行号列出错误。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="热线系统导出的 .xlsx 文件")
        parser.add_argument("--hotline", required=True, help="热线号码：12365、12315、96151 或 12331")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, file: str, hotline: str, dry_run: bool, **options):
        line = Hotline.objects.filter(code=hotline).first()
        if line is None:
            raise CommandError(
                f"热线“{hotline}”不存在；可用：{'、'.join(Hotline.objects.values_list('code', flat=True))}"
            )
        path = Path(file)
        try:
            with path.open("rb") as handle:
                report = import_complaints(
                    file=handle, hotline=line, user=None, file_name=path.name, dry_run=dry_run
                )
        except (OSError, ValidationError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        for error in report.errors:
            self.stdout.write(str(error))
        if report.errors:
            raise CommandError(f"{len(report.errors)} 处错误，未导入任何工单。")
        verb = "可导入" if dry_run else "已导入"
        self.stdout.write(
            self.style.SUCCESS(f"{report.rows} 行：{verb} {report.new} 条，已存在跳过 {report.skipped} 条。")
        )
