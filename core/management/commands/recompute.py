from django.core.management.base import BaseCommand, CommandError

from core import stats
from core.models import RunScope, RunStatus, RunTrigger


class Command(BaseCommand):
    help = "运行夜间统计任务（同步执行）：各应用的统计步骤，然后是目标达成情况。"

    def add_arguments(self, parser):
        parser.add_argument("--current-period", action="store_true", help="只重算当年，其他年份沿用上次结果")

    def handle(self, *args, current_period: bool = False, **options):
        scope = RunScope.CURRENT if current_period else RunScope.FULL
        try:
            run = stats.run_now(trigger=RunTrigger.COMMAND, scope=scope)
        except stats.RunAlreadyActive as exc:
            raise CommandError(str(exc)) from exc
        for step in run.steps:
            self.stdout.write(f"{step['name']}: {step.get('rows', 0)} rows in {step.get('seconds', 0):.3f} s")
        if run.status != RunStatus.SUCCEEDED:
            raise CommandError(f"统计运行 #{run.pk} 失败：{run.error.splitlines()[0] if run.error else ''}")
        self.stdout.write(self.style.SUCCESS(f"run #{run.pk}: {run.rows} rows in {run.duration_s:.3f} s"))
