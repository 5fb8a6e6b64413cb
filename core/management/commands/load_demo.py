import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import demo_password, demo_passwords_reset
from core.registry import DemoContext, demo_loaders


class Command(BaseCommand):
    help = "生成演示数据与演示用户（small：日常演示；large：省级规模，用于性能测试）。"

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["small", "large"], default="small")
        parser.add_argument("--seed", type=int, default=2014, help="随机种子，相同种子生成相同数据")
        parser.add_argument("--no-recompute", action="store_true", help="载入后不运行统计任务")
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="不载入数据，只把已有演示用户的密码重设为 DEMO_PASSWORD（未设置时随机生成并显示）并解除登录锁定",
        )

    def handle(self, *args, size: str, seed: int, no_recompute: bool, reset_passwords: bool, **options):
        if reset_passwords:
            password = demo_password()
            names = demo_passwords_reset(password)
            if not names:
                raise CommandError("没有演示用户：请先运行 load_demo。")
            self.stdout.write(self.style.WARNING(f"演示用户 {', '.join(names)} 的密码已重设为：{password}"))
            return
        call_command("seed_reference", stdout=self.stdout)
        ctx = DemoContext(size=size, seed=seed, recompute=not no_recompute)
        for name, func in demo_loaders():
            started = time.perf_counter()
            summary = func(ctx)
            self.stdout.write(f"{name}: {summary} ({time.perf_counter() - started:.1f} s)")
        if not no_recompute:
            call_command("recompute", stdout=self.stdout)
        if ctx.shared.get("password_note"):
            self.stdout.write(self.style.WARNING(ctx.shared["password_note"]))
