from __future__ import annotations

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import generic

from accounts import policy
from campaigns import filtersets, forms, selectors, services, tables
from campaigns.jobs import IMPORT_JOB
from campaigns.models import Campaign, Case
from core import jobs
from core import views as generic_views


class CampaignListView(generic_views.ObjectListView):
    model = Campaign
    queryset = Campaign.objects.select_related("lead")
    filterset_class = filtersets.CampaignFilterSet
    table_class = tables.CampaignTable
    add_url_name = "campaigns:campaign_add"
    add_capability = "campaigns.manage"


class CampaignDetailView(generic_views.ObjectDetailView):
    model = Campaign
    queryset = Campaign.objects.select_related("lead")
    edit_url_name = "campaigns:campaign_edit"
    template_name = "campaigns/campaign_detail.html"
    fields = ["name", "kind", "starts_on", "ends_on", "lead", "products", "notes"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.object
        context["attributes"] += [
            ("配合单位", "、".join(d.short_name for d in campaign.supporting.all())),
            ("开展县区", "、".join(r.name for r in campaign.regions.all()) or "全市各县区"),
        ]
        context["figures"] = selectors.campaign_figures(self.request.user, campaign)
        context["can_import"] = policy.allowed(self.request.user, "campaigns.enter_cases")
        context["cases"] = (
            Case.objects.for_user(self.request.user).filter(campaign=campaign).select_related("region")[:20]
        )
        return context


class CampaignEditView(generic_views.UserFormMixin, generic_views.ObjectEditView):
    model = Campaign
    form_class = forms.CampaignForm
    capability = "campaigns.manage"

    def save_form(self, form):
        data = form.cleaned_data
        return services.campaign_save(
            campaign=form.instance,
            user=self.request.user,
            supporting=data["supporting"],
            regions=data["regions"],
        )


class CaseListView(generic_views.ObjectListView):
    model = Case
    queryset = Case.objects.select_related("campaign", "region", "enterprise")
    filterset_class = filtersets.CaseFilterSet
    table_class = tables.CaseTable
    add_url_name = "campaigns:case_add"
    add_capability = "campaigns.enter_cases"


class CaseDetailView(generic_views.ObjectDetailView):
    model = Case
    queryset = Case.objects.select_related("campaign", "region", "enterprise")
    edit_url_name = "campaigns:case_edit"


class CaseEditView(generic_views.UserFormMixin, generic_views.ObjectEditView):
    model = Case
    form_class = forms.CaseForm
    capability = "campaigns.enter_cases"

    def save_form(self, form):
        return services.case_save(case=form.instance, user=self.request.user)


class CaseImportView(generic_views.PolicyMixin, generic.FormView):
    """Upload a table of a campaign's cases; a background job checks or imports it (core.jobs)."""

    capability = "campaigns.enter_cases"
    form_class = forms.CaseImportForm
    template_name = "generic/object_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.campaign = get_object_or_404(Campaign.objects.for_user(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        job = jobs.job_enqueue(
            kind=IMPORT_JOB,
            user=self.request.user,
            name=form.cleaned_data["file"].name,
            params={"campaign": self.campaign.pk},
            file=form.cleaned_data["file"],
            check_only=form.cleaned_data["dry_run"],
        )
        return HttpResponseRedirect(job.get_absolute_url())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": f"导入案件：{self.campaign}"}
