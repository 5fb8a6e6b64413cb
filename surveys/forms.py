from __future__ import annotations

from django import forms

from accounts import policy
from core.forms import ModelForm
from core.uploads import UploadValidator
from organizations.models import Department
from surveys.models import Survey


class SurveyForm(ModelForm):
    report_file = forms.FileField(
        label="测评报告",
        required=False,
        validators=[UploadValidator("attachment")],
        help_text="测评报告全文（PDF、Word 等）；修改时不选则保留原报告。",
    )

    class Meta:
        model = Survey
        fields = [
            "year",
            "sector",
            "region",
            "department",
            "title",
            "method",
            "sample_size",
            "agency",
            "result_kind",
            "result",
            "completed_on",
            "notes",
        ]
        widgets = {"completed_on": forms.DateInput}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if policy.role_of(user) == "department":
            self.fields["department"].queryset = Department.objects.filter(pk=user.department_id)
