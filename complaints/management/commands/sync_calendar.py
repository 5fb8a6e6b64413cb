from django.core.management.base import BaseCommand

from complaints import holidays, selectors, services
from complaints.models import CalendarYear, Complaint


class Command(BaseCommand):
    help = (
        "从 chinese-calendar 补入它已收录而日历表还没有的年份（不覆盖办公室的更正），重算相关工单时限；"
        "并列出尚未录入、而在办工单时限已延伸到的年份。--check 逐日比对日历表与 chinese-calendar。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="比对各年与 chinese-calendar 的差异，只报告")

    def handle(self, *args, check: bool, **options):
        years = holidays.library_years()
        self.stdout.write(f"{holidays.LIBRARY}：收录 {years[0]}–{years[-1]} 年")
        if not check:
            added = services.calendar_sync()
            self.stdout.write(f"补入：{'、'.join(map(str, added)) or '无'}")
        else:
            for year in (
                CalendarYear.objects.filter(year__in=years).order_by("year").values_list("year", flat=True)
            ):
                for line in services.calendar_differences(year):
                    self.stdout.write(f"差异 {line}")
        entered = CalendarYear.objects.order_by("-year").values_list("year", flat=True).first()
        self.stdout.write(f"已录入至：{entered or '无'} 年")
        for row in selectors.provisional_summary(Complaint.objects.all()):
            self.stdout.write(
                self.style.WARNING(
                    f"{row['year']} 年节假日安排尚未录入：{row['count']} 件在办工单的时限为暂定，"
                    "请在“节假日日历”页按国务院办公厅通知录入"
                )
            )
