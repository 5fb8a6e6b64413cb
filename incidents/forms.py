from django import forms

from core.forms import Form, ModelForm
from core.uploads import UploadValidator
from incidents.models import Accountability, Incident
from organizations.models import Enterprise, Region
from organizations.uscc import normalize_uscc


class IncidentForm(ModelForm):
    enterprise_uscc = forms.CharField(
        label="涉事企业信用代码", required=False, help_text="企业库中的企业填统一社会信用代码；没有则留空。"
    )

    class Meta:
        model = Incident
        fields = [
            "title",
            "occurred_on",
            "region",
            "domain",
            "grade",
            "regional",
            "systemic",
            "enterprise_uscc",
            "summary",
            "response",
            "investigation",
            "status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.counties()
        if self.instance.enterprise_id:
            self.initial["enterprise_uscc"] = self.instance.enterprise.uscc

    def clean_enterprise_uscc(self):
        code = normalize_uscc(self.cleaned_data["enterprise_uscc"])
        self.instance.enterprise = None
        if code:
            self.instance.enterprise = Enterprise.objects.filter(uscc=code).first()
            if self.instance.enterprise is None:
                raise forms.ValidationError(f"统一社会信用代码“{code}”不在企业库中。")
        return code


class AccountabilityForm(ModelForm):
    class Meta:
        model = Accountability
        fields = ["party_kind", "name", "affiliation", "measure", "decided_on", "document_no"]


class AttachmentForm(Form):
    file = forms.FileField(
        label="附件",
        validators=[UploadValidator("attachment")],
        error_messages={"required": "请选择要上传的文件。"},
    )
