from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.views import generic

from accounts import policy
from core import views as core_views
from core.exports import xlsx_response
from core.importing import template_sheets
from core.models import Job
from core.periods import Period
from inspections import filtersets, forms, importing, selectors, services, tables
from inspections.choices import PROVINCIAL_ABOVE, PROVINCIAL_ABOVE_LABEL, Level, PlanStatus
from inspections.models import (
    AcceptanceRecord,
    InspectionPlan,
    Inspector,
    ProductClass,
    SpotCheckResult,
)
from organizations.models import Region

# ---------------------------------------------------------------- results


class ResultListView(core_views.ObjectListView):
    model = SpotCheckResult
    queryset = SpotCheckResult.objects.select_related("product_class", "region")
    filterset_class = filtersets.SpotCheckResultFilterSet
    table_class = tables.SpotCheckResultTable
    add_url_name = "inspections:result_add"
    add_capability = "inspections.enter"
    template_name = "inspections/result_list.html"


class ResultDetailView(core_views.ObjectDetailView):
    model = SpotCheckResult
    queryset = SpotCheckResult.objects.select_related(
        "product_class", "region", "department", "producer", "sampled_unit", "plan", "import_job", "total"
    )
    edit_url_name = "inspections:result_edit"
    template_name = "inspections/result_detail.html"
    fields = [
        "level",
        "product_class",
        "plan",
        "sampled_on",
        "product_name",
        "specification",
        "trademark",
        "production_date",
        "batch_no",
        "producer",
        "producer_name",
        "producer_address",
        "producer_code",
        "producer_outside",
        "sampled_unit",
        "sampled_unit_name",
        "sampled_unit_address",
        "region",
        "department",
        "agency",
        "check_kind",
        "conclusion",
        "not_tested_reason",
        "failed_items",
        "retest_conclusion",
        "retest_on",
        "counted",
        "total",
        "category",
        "bulletin_no",
        "task_source",
        "remarks",
        "import_job",
        "source_row",
    ]


class ResultEditView(core_views.UserFormMixin, core_views.ObjectEditView):
    model = SpotCheckResult
    form_class = forms.SpotCheckResultForm
    capability = "inspections.enter"

    def save_form(self, form):
        return services.result_save(result=form.save(commit=False), user=self.request.user)


class ResultDeleteView(core_views.ObjectDeleteView):
    model = SpotCheckResult
    capability = "inspections.enter"
    success_url_name = "inspections:result_list"


# ---------------------------------------------------------------- Excel import


class ImportView(core_views.PolicyMixin, generic.FormView):
    """Upload a table; its dry run runs in the background and the job page shows every row's errors."""

    capability = "inspections.import"
    form_class = forms.ImportForm
    template_name = "inspections/import.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = "导入抽查结果表"
        context["jobs"] = Job.objects.for_user(self.request.user).filter(kind=services.IMPORT_JOB)[:10]
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            job = services.import_job_create(
                file=data["file"],
                original_name=data["file"].name,
                level=data["level"],
                product_class=data["product_class"],
                year=data["year"],
                sampled_on=data["sampled_on"],
                check_kind=data["check_kind"],
                inspected=data["inspected"],
                passed=data["passed"],
                user=self.request.user,
            )
        except PermissionDenied as exc:
            form.add_error("product_class", str(exc))
            return self.form_invalid(form)
        return redirect(job.get_absolute_url())


@login_required
def import_template(request):
    """The table with the headers the import recognises first and a sample row, and its 填表说明 sheet."""
    if not policy.allowed(request.user, "inspections.import"):
        raise PermissionDenied("您的角色无权导入抽查结果。")
    sheets = template_sheets("抽查结果", importing.HEADERS, importing.TEMPLATE_COLUMNS)
    return xlsx_response("抽查结果导入模板.xlsx", sheets)


# ---------------------------------------------------------------- plans and the draw


class PlanListView(core_views.ObjectListView):
    model = InspectionPlan
    queryset = selectors.plans_with_counts()
    filterset_class = filtersets.InspectionPlanFilterSet
    table_class = tables.InspectionPlanTable
    add_url_name = "inspections:plan_add"
    add_capability = "inspections.plan"
    template_name = "inspections/plan_list.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "can_plan": policy.allowed(self.request.user, "inspections.plan"),
        }


class PlanCreateView(core_views.UserFormMixin, core_views.ServiceFormView):
    capability = "inspections.plan"
    form_class = forms.PlanForm
    service = staticmethod(services.plan_create)
    title = "新增抽查计划"


class PlanDetailView(core_views.ObjectDetailView):
    model = InspectionPlan
    template_name = "inspections/plan_detail.html"
    fields = [
        "year",
        "level",
        "department",
        "inspectors_per_enterprise",
        "status",
        "draw_seed",
        "drawn_at",
        "drawn_by",
        "published_at",
        "notes",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        context["quotas"] = plan.quotas.select_related("product_class", "region").annotate(
            picked=Count("picks")
        )
        context["picks"] = plan.picks.select_related(
            "enterprise", "quota__product_class", "quota__region"
        ).prefetch_related("inspectors")
        context["can_plan"] = policy.allowed(self.request.user, "inspections.plan") and context["can_change"]
        context["statuses"] = PlanStatus
        # Times in the reader's time zone, to the minute (the generic detail shows the raw value).
        context["attributes"] = [
            (
                label,
                date_format(timezone.localtime(value), "Y-m-d H:i")
                if isinstance(value, dt.datetime)
                else value,
            )
            for label, value in context["attributes"]
        ]
        return context


class PlanActionView(core_views.ActionView):
    """A button on a plan's page, for those who plan spot checks."""

    model = InspectionPlan
    capability = "inspections.plan"


class PlanDrawView(PlanActionView):
    def perform(self):
        return services.plan_draw(plan=self.object, user=self.request.user)

    def get_success_message(self, result):
        return f"已抽取 {result.picks.count()} 户企业，随机种子 {result.draw_seed}。"


class PlanVerifyView(PlanActionView):
    success_message = "验证一致：按种子 {object.draw_seed} 和记录的抽取池重新抽取，结果与公布的完全相同。"

    def perform(self):
        ok, differences = services.plan_verify(plan=self.object)
        if not ok:
            raise ValidationError("验证不一致：" + "；".join(differences[:5]))


class PlanPublishView(PlanActionView):
    success_message = "计划“{object}”已公布。"

    def perform(self):
        return services.plan_publish(plan=self.object, user=self.request.user)


class InspectorListView(core_views.ObjectListView):
    model = Inspector
    queryset = Inspector.objects.select_related("department")
    capability = "inspections.plan"
    filterset_class = filtersets.InspectorFilterSet
    table_class = tables.InspectorTable
    add_url_name = "inspections:inspector_add"


class InspectorEditView(core_views.UserFormMixin, core_views.ObjectEditView):
    model = Inspector
    capability = "inspections.plan"
    form_class = forms.InspectorForm
    success_url_name = "inspections:inspector_list"


# ---------------------------------------------------------------- engineering first acceptance


class AcceptanceListView(core_views.ObjectListView):
    model = AcceptanceRecord
    queryset = AcceptanceRecord.objects.select_related("region", "department")
    filterset_class = filtersets.AcceptanceRecordFilterSet
    table_class = tables.AcceptanceRecordTable
    add_url_name = "inspections:acceptance_add"
    add_capability = "inspections.enter"


class AcceptanceDetailView(core_views.ObjectDetailView):
    model = AcceptanceRecord
    edit_url_name = "inspections:acceptance_edit"


class AcceptanceEditView(core_views.UserFormMixin, core_views.ObjectEditView):
    model = AcceptanceRecord
    capability = "inspections.enter"
    form_class = forms.AcceptanceRecordForm


# ---------------------------------------------------------------- product classes (reference data)


class ProductClassListView(core_views.ObjectListView):
    model = ProductClass
    queryset = ProductClass.objects.select_related("parent", "department")
    filterset_class = filtersets.ProductClassFilterSet
    table_class = tables.ProductClassTable
    add_url_name = "inspections:class_add"
    add_capability = "reference.change"


class ProductClassEditView(core_views.UserFormMixin, core_views.ObjectEditView):
    model = ProductClass
    capability = "reference.change"
    form_class = forms.ProductClassForm
    success_url_name = "inspections:class_list"


# ---------------------------------------------------------------- pass rates and risks


class PassRatesView(core_views.SheetExportMixin, core_views.PolicyMixin, generic.TemplateView):
    """Pass rates from the nightly snapshot: one region, level and class, by year (and the quarters of one year)."""

    template_name = "inspections/pass_rates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        years = selectors.years_with_data()
        year = int(params["year"]) if params.get("year", "").isdigit() else (years[0] if years else None)
        region_code = params.get("region") or Region.objects.city().code
        level = params.get("level", "")
        product_class = params.get("product_class", "")

        def rates(periods: list[str], classes: list[str] | None = None):
            return selectors.pass_rates(
                self.request.user,
                periods=periods,
                regions=[region_code],
                levels=[level],
                product_classes=classes or [product_class],
            )

        yearly = rates([str(y) for y in sorted(years)])
        quarterly = rates([str(Period(year, quarter=q)) for q in range(1, 5)]) if year else []
        top_classes = [c.code for c in ProductClass.objects.filter(parent__isnull=True)]
        by_class = rates([str(year)], top_classes) if year else []
        classes = {c.code: c.name for c in ProductClass.objects.all()}
        context.update(
            title="抽查合格率",
            years=years,
            year=year,
            regions=selectors.regions_with_pass_rates(self.request.user),
            region_code=region_code,
            levels=[("", "全部级别"), *Level.choices, (PROVINCIAL_ABOVE, PROVINCIAL_ABOVE_LABEL)],
            level=level,
            product_classes=ProductClass.objects.all(),
            product_class=product_class,
            yearly=yearly,
            quarterly=quarterly,
            by_class=[(classes.get(r.product_class, r.product_class), r) for r in by_class],
            chart={
                "periods": [r.period for r in yearly],
                "rates": [float(r.rate) if r.rate is not None else None for r in yearly],
            },
            computed_at=yearly[0].computed_at if yearly else None,
        )
        return context

    def export_filters(self, context):
        region = next((r for r in context["regions"] if r.code == context["region_code"]), None)
        level = dict(context["levels"]).get(context["level"]) if context["level"] else None
        product_class = next(
            (c for c in context["product_classes"] if str(c.code) == context["product_class"]), None
        )
        applied = [
            ("年度", context["year"]),
            ("地区", region),
            ("抽查级别", level),
            ("产品类别", product_class),
        ]
        return [(label, value) for label, value in applied if value not in (None, "")]

    def export_sheets(self, context):
        headers = ["检验批次", "合格批次", "合格率（%）"]

        def lines(rows, name=lambda r: r.period):
            return [[name(r), r.inspected, r.passed, r.rate] for r in rows]

        return [
            ("按年度", ["年度", *headers], lines(context["yearly"])),
            (f"{context['year']}年各季度", ["季度", *headers], lines(context["quarterly"])),
            (
                f"{context['year']}年各产品类别",
                ["产品类别", *headers],
                [[name, r.inspected, r.passed, r.rate] for name, r in context["by_class"]],
            ),
        ]


class RisksView(core_views.SheetExportMixin, core_views.PolicyMixin, generic.TemplateView):
    """Risk warnings for the office: classes and regions below target or falling sharply."""

    capability = "inspections.plan"
    template_name = "inspections/risks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        years = selectors.years_with_data()
        year = int(params["year"]) if params.get("year", "").isdigit() else (years[0] if years else None)
        region = Region.objects.filter(code=params.get("region", "")).first()
        quarters = params.get("quarters") == "1"
        context.update(
            title="抽查风险预警",
            years=years,
            year=year,
            regions=Region.objects.filter(valid_until__isnull=True),
            region=region,
            quarters=quarters,
            flags=selectors.risk_flags(region=region, year=year, quarters=quarters) if year else [],
            drop_points=selectors.RISK_DROP_POINTS,
            min_tested=selectors.RISK_MIN_TESTED,
        )
        return context

    def export_filters(self, context):
        applied = [("年度", context["year"]), ("地区", context["region"])]
        if context["quarters"]:
            applied.append(("含各季度", True))
        return [(label, value) for label, value in applied if value is not None]

    def export_sheets(self, context):
        headers = [
            "期间",
            "地区",
            "产品类别",
            "检验批次",
            "合格率（%）",
            "目标（%）",
            "上期（%）",
            "预警原因",
        ]
        rows = [
            [
                f.period_label,
                str(f.region),
                str(f.product_class or "全部类别"),
                f.inspected,
                f.rate,
                f.target,
                f.previous_rate,
                "、".join(str(r) for r in f.reasons),
            ]  # fmt: skip
            for f in context["flags"]
        ]
        return [("风险预警", headers, rows)]
