from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import generic

from accounts import policy
from core import uploads
from core import views as generic_views
from plans import filtersets, forms, selectors, services, tables
from plans.models import Plan, PlanItem, PlanProgress


class PlanListView(generic_views.ObjectListView):
    model = Plan
    filterset_class = filtersets.PlanFilterSet
    table_class = tables.PlanTable
    add_url_name = "plans:plan_add"
    add_capability = "plans.manage"


class PlanDetailView(generic_views.ObjectDetailView):
    """The plan as circulated: its items with lead and supporting units, deadline and progress."""

    model = Plan
    edit_url_name = "plans:plan_edit"
    template_name = "plans/plan_detail.html"
    fields = ["year", "title", "document_no", "issued_on"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items"] = selectors.items_with_units().filter(plan=self.object)
        context["export_url"] = f"{reverse('plans:item_list')}?year={self.object.year}&export=xlsx"
        context["can_manage"] = policy.allowed(self.request.user, "plans.manage")
        return context


class PlanEditView(generic_views.ObjectEditView):
    model = Plan
    form_class = forms.PlanForm
    capability = "plans.manage"

    def save_form(self, form):
        return services.plan_save(plan=form.instance, user=self.request.user)


class PlanItemListView(generic_views.ObjectListView):
    model = PlanItem
    queryset = selectors.items_with_units()
    filterset_class = filtersets.PlanItemFilterSet
    table_class = tables.PlanItemTable
    add_url_name = "plans:item_add"
    add_capability = "plans.manage"
    export_filename = "年度行动计划.xlsx"


class PlanItemDetailView(generic_views.ObjectDetailView):
    model = PlanItem
    queryset = selectors.items_with_units()
    edit_url_name = "plans:item_edit"
    template_name = "plans/item_detail.html"
    fields = ["plan", "number", "task", "clause", "key_task", "deadline", "output", "status", "progress"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.object
        context["attributes"] += [("牵头单位", item.lead_name), ("配合单位", item.supporting_names)]
        context["reports"] = PlanProgress.objects.for_user(self.request.user).filter(item=item)
        context["can_change"] = policy.allowed(self.request.user, "plans.manage")
        context["can_report"] = policy.allowed(self.request.user, "plans.report") and policy.can(
            self.request.user, policy.CHANGE, item
        )
        return context


class PlanItemEditView(generic_views.ObjectEditView):
    model = PlanItem
    form_class = forms.PlanItemForm
    capability = "plans.manage"

    def save_form(self, form):
        data = form.cleaned_data
        return services.plan_item_save(
            item=form.instance,
            user=self.request.user,
            supporting_departments=data["supporting_departments"],
            supporting_regions=data["supporting_regions"],
        )


class PlanProgressView(generic_views.ServiceFormView):
    """The lead unit reports progress on an item (out of its change scope: 404)."""

    model = PlanItem
    capability = "plans.report"
    form_class = forms.ProgressForm
    title = "报告进展：{object}"
    success_message = "已报告进展：{result}"

    def get_service_kwargs(self, form):
        return {"item": self.object, "user": self.request.user, **form.cleaned_data}

    def call_service(self, form):
        return services.plan_progress_report(**self.get_service_kwargs(form))


class EvidenceDownloadView(generic_views.PolicyMixin, generic.View):
    """A progress report's evidence, for those who may see the report; never from a public media URL."""

    def get(self, request, pk: int):
        report = get_object_or_404(PlanProgress.objects.for_user(request.user), pk=pk)
        return uploads.serve(request, report.evidence, report.evidence_name or None)
