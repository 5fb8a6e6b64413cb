from __future__ import annotations

from django import forms

from accounts import policy
from campaigns.models import Campaign, Case
from core.forms import Form, ModelForm
from core.uploads import UploadValidator
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


class CaseImportForm(Form):
    file = forms.FileField(
        label="Excel 文件",
        help_text="每行一起案件；按表头文字识别各列：县区、案由、涉案产品、立案日期（必填），案件编号、当事人、"
        "统一社会信用代码、货值（元）、罚没款（元）、移送公安、大案要案（是/否）、备注。",
        validators=[UploadValidator("import")],
    )
    dry_run = forms.BooleanField(
        label="只检查，不导入",
        required=False,
        initial=True,
        help_text="检查通过后，在结果页点“确认导入”即可正式导入。",
    )
