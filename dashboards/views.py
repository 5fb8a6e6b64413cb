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


class CityDashboardView(base.PolicyMixin, generic.TemplateView):
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


class CountyDashboardView(base.PolicyMixin, generic.TemplateView):
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
