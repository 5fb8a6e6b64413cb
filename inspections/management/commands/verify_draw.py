from django.core.management.base import BaseCommand, CommandError

from inspections import services
from inspections.choices import PlanStatus
from inspections.models import InspectionPlan


class Command(BaseCommand):
    help = "按记录的随机种子和抽取池重新抽取，核对抽查计划的抽取结果是否一致。"

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)

    def handle(self, *args, plan_id: int, **options):
        plan = InspectionPlan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"抽查计划 #{plan_id} 不存在。")
        if plan.status == PlanStatus.DRAFT:
            raise CommandError(f"计划“{plan}”尚未抽取，没有可核对的结果。")
        ok, differences = services.plan_verify(plan=plan)
        for line in differences:
            self.stdout.write(line)
        if not ok:
            raise CommandError(f"计划“{plan}”的抽取结果与种子 {plan.draw_seed} 重新抽取的结果不一致。")
        self.stdout.write(
            self.style.SUCCESS(
                f"一致：计划“{plan}”按种子 {plan.draw_seed} 重新抽取，{plan.picks.count()} 户结果完全相同。"
            )
        )
