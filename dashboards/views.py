from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import generic

from accounts import policy
from core import stats
from core import views as base
from core.models import RunStatus, Statistic, StatsRun
from dashboards import filtersets, selectors, services, tables
from dashboards.forms import StartRunForm
from organizations.models import Region


def dashboard_sheets(d: dict) -> list:
    """A dashboard's tables as export sheets, from the same figures the page shows (`selectors.dashboard`)."""
    year = d["year"]
    targets = d["targets"]
    statuses = [c["label"] for c in targets["total"]["counts"]]
    sheets = [
        (
            "目标达成",
            ["领域", *statuses, "合计"],
            [[r["label"], *(c["count"] for c in r["counts"]), r["total"]] for r in targets["by_domain"]],
        ),
        (
            f"抽查合格率（{year}年）",
            [
                "级别",
                "抽查批次",
                "合格批次",
                "合格率（%）",
                "样本少",
                *([] if d["is_city"] else ["全市（%）"]),
            ],
            [
                [level["label"], level["tested"], level["passed"], level["rate"], level["small_base"]]
                + ([] if d["is_city"] else [level["city_rate"]])
                for level in d["pass_rates"]["levels"]
            ],
        ),
        (
            "产品类别",
            ["产品类别", "抽查批次", "合格率（%）", "样本少"],
            [[c["label"], c["tested"], c["rate"], c["small_base"]] for c in d["pass_rates"]["classes"]],
        ),
        (
            "名牌与奖项",
            ["类别", "有效", "累计获得"],
            [[b["label"], b["valid"], b["cumulative"]] for b in d["brands"]["rows"]],
        ),
        (
            "投诉举报",
            ["热线", "登记", "受理", "办结率（%）", "按期办结率（%）"],
            [
                [h["label"], h["registered"], h["accepted"], h["completion"], h["on_time"]]
                for h in d["complaints"]["hotlines"]
            ],
        ),
    ]
    if d["is_city"]:
        sheets.append(
            (
                "考核排名",
                ["名次", "县区", "总分", "等次"],
                [[r["rank"], r["name"], r["score"], r["grade"]] for r in d["ranking"]["rows"]],
            )
        )
    else:
        sheets.append(
            (
                "年度考核得分",
                ["年度", "总分", "等次"],
                [[s["year"], s["score"], s["grade"]] for s in d["scores"]],
            )
        )
    sheets.append(
        (
            "各县区对比" if d["is_city"] else "与全市对比",
            [
                "地区",
                "目标已达成",
                "目标数",
                "抽查合格率（%）",
                "样本少",
                "有效名牌与奖项",
                "投诉举报受理",
                "办结率（%）",
            ],
            [
                [
                    c["name"],
                    c["targets_met"] or 0 if c["targets_total"] else None,
                    c["targets_total"] or None,
                    c["pass_rate"],
                    c["small_base"],
                    c["awards_valid"],
                    c["complaints"],
                    c["completion"],
                ]  # fmt: skip
                for c in d["comparison"]
            ],
        )
    )
    return sheets


class DashboardExportMixin(base.SheetExportMixin):
    def export_filters(self, context):
        return [("年度", context["d"]["year"]), ("地区", context["d"]["region_name"])]

    def export_sheets(self, context):
        return dashboard_sheets(context["d"])


class CityDashboardView(DashboardExportMixin, base.PolicyMixin, generic.TemplateView):
    capability = "dashboard.city"
    template_name = "dashboards/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        city = Region.objects.city()
        context["d"] = selectors.dashboard(self.request.user, city, year=self.request.GET.get("year"))
        context["title"] = f"{city.name}质量强市工作看板"
        context["can_run"] = policy.allowed(self.request.user, "stats.run")
        return context


class CountyHomeView(base.PolicyMixin, generic.TemplateView):
    """A county official lands on their own county; the office and leaders choose one."""

    capability = "dashboard.county"
    template_name = "dashboards/county_choose.html"

    def get(self, request, *args, **kwargs):
        region = request.user.region
        if region is not None and policy.can_view_in(request.user, Statistic, region=region):
            return redirect("dashboards:county", code=(region.successor or region).code)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counties"] = Region.objects.counties()
        context["title"] = "县区看板"
        return context


class CountyDashboardView(DashboardExportMixin, base.PolicyMixin, generic.TemplateView):
    capability = "dashboard.county"
    template_name = "dashboards/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = get_object_or_404(Region.objects.counties(), code=self.kwargs["code"])
        if not policy.can_view_in(self.request.user, Statistic, region=region):
            raise PermissionDenied("您只能查看本县区的看板。")
        context["d"] = selectors.dashboard(self.request.user, region, year=self.request.GET.get("year"))
        context["title"] = f"{context['d']['region_name']}质量工作看板"
        context["perms_city"] = policy.allowed(self.request.user, "dashboard.city")
        context["can_run"] = policy.allowed(self.request.user, "stats.run")
        return context


class RunListView(base.ObjectListView):
    model = StatsRun
    capability = "stats.view_runs"
    filterset_class = filtersets.StatsRunFilterSet
    table_class = tables.StatsRunTable
    template_name = "dashboards/run_list.html"
    paginate_by = 20

    def get_queryset(self):
        return super().get_queryset().select_related("started_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "统计运行"
        context["freshness"] = selectors.freshness(stats.current_run())
        context["active"] = StatsRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).first()
        context["can_run"] = policy.allowed(self.request.user, "stats.run")
        context["form"] = StartRunForm()
        return context


class RunDetailView(base.PolicyMixin, generic.DetailView):
    model = StatsRun
    capability = "stats.view_runs"
    template_name = "dashboards/run_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"统计运行 #{self.object.pk}"
        context["run"] = self.object
        context["can_run"] = policy.allowed(self.request.user, "stats.run")
        return context


class RunProgressView(RunDetailView):
    """The progress card, polled by htmx while the run is queued or running."""

    template_name = "dashboards/_run_progress.html"


class RunStartView(base.ActionView):
    capability = "stats.run"
    form_class = StartRunForm
    invalid_message = "请选择重算范围。"

    def perform(self, scope):
        try:
            return services.run_start(user=self.request.user, scope=scope)
        except (stats.RunAlreadyActive, stats.RunNotQueued) as exc:
            raise ValidationError(str(exc)) from exc

    def get_success_message(self, run):
        return f"已提交统计运行 #{run.pk}（{run.get_scope_display()}），进度见下方。"

    def get_redirect_url(self):
        return reverse("dashboards:runs")


class RunCancelView(base.ActionView):
    """Cancel a queued run that no worker picked up, so the lock frees without waiting for it to go stale."""

    capability = "stats.run"
    model = StatsRun
    success_message = "已取消统计运行 #{object.pk}，可以重新开始统计。"

    def perform(self):
        return services.run_cancel(user=self.request.user, run=self.object)

    def get_redirect_url(self):
        return reverse("dashboards:runs")
