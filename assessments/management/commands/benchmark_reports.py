"""Time the assessment reports: prints `name: value` lines (seconds, bytes) for each report and format."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from assessments import reports
from assessments.models import Assessment, Scheme


class Command(BaseCommand):
    help = "生成各类考核报告并打印耗时和大小（不保存文件）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="考核年度（默认：最近公布的年度）")
        parser.add_argument("--user", default="leader", help="以该用户的权限生成（默认 leader）")

    def handle(self, *args, year: int | None, user: str, **options):
        requester = User.objects.filter(username=user).first()
        if requester is None:
            raise CommandError(f"用户“{user}”不存在。")
        schemes = Scheme.objects.filter(stage="announced")
        scheme = schemes.filter(year=year).first() if year else schemes.first()
        if scheme is None:
            raise CommandError("没有已公布结果的考核年度。")
        county = Assessment.objects.filter(scheme=scheme).select_related("region").first().region
        jobs = {
            "annual": reports.Report(kind="annual", fmt="pdf", scheme=scheme, user=requester),
            "county": reports.Report(kind="county", fmt="pdf", scheme=scheme, region=county, user=requester),
            "quality_status": reports.Report(
                kind="quality_status", fmt="pdf", period=str(scheme.year), user=requester
            ),
        }
        self.stdout.write(f"year: {scheme.year}")
        for name, job in jobs.items():
            for fmt in ("pdf", "xlsx"):
                job.fmt = fmt
                started = time.perf_counter()
                content = reports.build(job, lambda percent: None)
                self.stdout.write(f"{name}_{fmt}_s: {time.perf_counter() - started:.3f}")
                self.stdout.write(f"{name}_{fmt}_bytes: {len(content)}")
