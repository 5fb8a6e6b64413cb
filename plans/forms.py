from __future__ import annotations

from django import forms

from core.forms import Form, ModelForm
from core.uploads import UploadValidator
from organizations.models import Region
from plans.models import Plan, PlanItem
from targets.choices import ProgressStatus


class PlanForm(ModelForm):
    class Meta:
        model = Plan
        fields = ["year", "title", "document_no", "issued_on"]
        widgets = {"issued_on": forms.DateInput}


class PlanItemForm(ModelForm):
    class Meta:
        model = PlanItem
        fields = [
            "plan",
            "number",
            "task",
            "clause",
            "key_task",
            "lead_department",
            "lead_region",
            "supporting_departments",
            "supporting_regions",
            "deadline",
            "output",
        ]
        widgets = {
            "deadline": forms.DateInput,
            "task": forms.Textarea(attrs={"rows": 3}),
            "supporting_departments": forms.CheckboxSelectMultiple,
            "supporting_regions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_region"].queryset = Region.objects.counties()
        self.fields["supporting_regions"].queryset = Region.objects.counties()


class ProgressForm(Form):
    status = forms.ChoiceField(label="进展", choices=ProgressStatus.choices)
    text = forms.CharField(label="工作进展", widget=forms.Textarea(attrs={"rows": 5}))
    evidence = forms.FileField(
        label="佐证材料",
        required=False,
        validators=[UploadValidator("attachment")],
        help_text="文件、照片、会议纪要等。",
    )
