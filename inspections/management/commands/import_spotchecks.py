import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from core.importing import RowError
from core.models import JobStatus
from inspections import services
from inspections.choices import CheckKind, Level
from inspections.models import ProductClass


class Command(BaseCommand):
    help = "导入监督抽查结果表（Excel）。任何一行有错即不写入，并按 Excel 行号列出错误。"

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx 或 .xls 文件")
        parser.add_argument("--level", required=True, choices=Level.values, help="抽查级别")
        parser.add_argument("--product-class", required=True, help="产品类别代码，如 food、manufacturing")
        parser.add_argument(
            "--year", type=int, help="年度：抽样日期须在该年；表中无抽样日期时计入该年 12 月 31 日"
        )
        parser.add_argument(
            "--sampled-on", type=dt.date.fromisoformat, help="表中无抽样日期列时使用的抽样日期"
        )
        parser.add_argument(
            "--check-kind",
            choices=CheckKind.values,
            default=CheckKind.SUPERVISION,
            help="表中未写明时的抽查类型：supervision 监督抽查、special 专项抽查、monitoring 风险监测（不计入合格率）",
        )
        parser.add_argument("--inspected", type=int, help="公告合计的抽查批次（公告只列出不合格批次时）")
        parser.add_argument("--passed", type=int, help="公告合计的合格批次")
        parser.add_argument("--user", help="记入修改历史的用户名")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")

    def handle(self, *args, file, level, product_class, year, sampled_on, user, dry_run, **options):
        inspected, passed = options["inspected"], options["passed"]
        if (inspected is None) != (passed is None) or (
            inspected is not None and not 0 <= passed <= inspected
        ):
            raise CommandError("--inspected 和 --passed 须同时给出，且合格批次不能多于抽查批次。")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        product_class_obj = ProductClass.objects.filter(code=product_class).first()
        if product_class_obj is None:
            codes = ", ".join(ProductClass.objects.values_list("code", flat=True))
            raise CommandError(f"产品类别“{product_class}”不存在；可用：{codes}")
        user_obj = None
        if user:
            user_obj = User.objects.filter(username=user).first()
            if user_obj is None:
                raise CommandError(f"用户“{user}”不存在。")
        with path.open("rb") as handle:
            job = services.import_table(
                source=handle,
                original_name=path.name,
                level=level,
                product_class=product_class_obj,
                user=user_obj,
                year=year,
                sampled_on=sampled_on,
                dry_run=dry_run,
                check_kind=options["check_kind"],
                inspected=inspected,
                passed=passed,
            )
        for error in job.errors:
            self.stdout.write(str(RowError(**error)))
        if job.status not in (JobStatus.SUCCEEDED, JobStatus.CHECKED):
            more = job.error_count - len(job.errors)
            raise CommandError(
                f"导入批次 #{job.pk}：{job.error_count} 处错误"
                + (f"（另有 {more} 处未列出）" if more > 0 else "")
                + "，未写入任何数据。"
            )
        summary = job.summary
        for note in summary.get("notes", []):
            self.stdout.write(f"· {note}")
        for skipped in summary.get("skipped_rows", []):
            where = f"工作表“{skipped['sheet']}”" if skipped["sheet"] else ""
            self.stdout.write(f"跳过 {where}第 {skipped['row']} 行 · {skipped['unit']} · {skipped['reason']}")
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS(f"校验通过：{job.total} 行，可导入 {summary['created']} 行（未写入）。")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"导入批次 #{job.pk}：已导入 {summary['created']} 行，新建企业 {summary['new_enterprises']} 户。"
                )
            )
