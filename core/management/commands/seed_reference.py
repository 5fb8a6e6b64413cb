from django.core.management.base import BaseCommand
from django.db import transaction

from core.registry import seeders


class Command(BaseCommand):
    help = "载入参考数据（地区、成员单位、指标与目标等，来自政策文本和仓库中的数据文件）；可重复执行。"

    def handle(self, *args, **options):
        for name, func in seeders():
            with transaction.atomic():
                summary = func()
            self.stdout.write(f"{name}: {summary}")
        self.stdout.write(self.style.SUCCESS("参考数据已就绪。"))
