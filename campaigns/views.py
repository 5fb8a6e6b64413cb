from __future__ import annotations

from campaigns import filtersets, forms, selectors, services, tables
from campaigns.models import Campaign, Case
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
