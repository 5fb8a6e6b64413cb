from __future__ import annotations

from django import forms

from accounts import policy
from campaigns.models import Campaign, Case
from core.forms import ModelForm
from organizations.forms import EnterpriseField
from organizations.models import Department, Region


class CampaignForm(ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "name",
            "kind",
            "starts_on",
            "ends_on",
            "lead",
            "supporting",
            "regions",
            "products",
            "notes",
        ]
        widgets = {
            "starts_on": forms.DateInput,
            "ends_on": forms.DateInput,
            "supporting": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = Region.objects.counties()
        if policy.role_of(user) == "department":
            self.fields["lead"].queryset = Department.objects.filter(pk=user.department_id)


class CaseForm(ModelForm):
    enterprise = EnterpriseField(label="涉案企业", required=False)

    class Meta:
        model = Case
        fields = [
            "campaign",
            "region",
            "number",
            "cause",
            "product",
            "enterprise",
            "party",
            "opened_on",
            "goods_value",
            "fines",
            "referred_to_police",
            "major",
            "notes",
        ]
        widgets = {"opened_on": forms.DateInput}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        counties = Region.objects.counties()
        if policy.role_of(user) == "county":
            counties = counties.filter(pk__in=user.region_ids)
        self.fields["region"].queryset = counties
