from django import forms

from complaints.choices import STEP_VERBS, Outcome, Satisfaction, Status
from complaints.models import HOTLINE_RULES, PARTICULARS, CalendarDay, Complaint, Hotline
from core.forms import Form, ModelForm
from core.uploads import UploadValidator
from organizations.models import Department, Enterprise, Region
from organizations.uscc import normalize_uscc

CURRENT_REGIONS = Region.objects.filter(valid_until__isnull=True)


class ComplaintForm(ModelForm):
    """Receiving or correcting a complaint's particulars (the lifecycle has its own forms)."""

    enterprise_uscc = forms.CharField(
        label="被投诉企业信用代码",
        required=False,
        help_text="企业库中的企业填统一社会信用代码；否则填下面的名称。",
    )

    class Meta:
        model = Complaint
        fields = ["enterprise_uscc" if name == "enterprise" else name for name in PARTICULARS]
        widgets = {
            "received_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = CURRENT_REGIONS.exclude(kind="city")
        if self.instance.enterprise_id:
            self.initial["enterprise_uscc"] = self.instance.enterprise.uscc

    def clean_enterprise_uscc(self):
        code = normalize_uscc(self.cleaned_data["enterprise_uscc"])
        if not code:
            self.instance.enterprise = None
            return code
        enterprise = Enterprise.objects.filter(uscc=code).first()
        if enterprise is None:
            raise forms.ValidationError(f"统一社会信用代码“{code}”不在企业库中；可只填被投诉对象名称。")
        self.instance.enterprise = enterprise
        return code


# Which inputs each step of the lifecycle asks for.
STEP_FIELDS = {
    Status.ACCEPTED: ["note"],
    Status.REJECTED: ["reason"],
    Status.ASSIGNED: ["department", "region", "note"],
    Status.HANDLED: ["outcome", "note"],
    Status.CLOSED: ["satisfaction", "note"],
}


class TransitionForm(Form):
    to = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label="不予受理理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    department = forms.ModelChoiceField(label="承办单位", queryset=Department.objects.all(), required=False)
    region = forms.ModelChoiceField(
        label="县区", queryset=CURRENT_REGIONS.exclude(kind="city"), required=False
    )
    outcome = forms.ChoiceField(label="处理结果", choices=[("", "请选择")] + Outcome.choices, required=False)
    satisfaction = forms.ChoiceField(
        label="投诉人满意度", choices=[("", "请选择")] + Satisfaction.choices, required=False
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def step_fields(self):
        return [self[name] for name in STEP_FIELDS[self.initial["to"]]]

    def step_label(self) -> str:
        return STEP_VERBS[self.initial["to"]]


class AttachmentForm(Form):
    # The file's own refusal (too large, a forbidden type) is what the page shows.
    file = forms.FileField(
        label="附件",
        validators=[UploadValidator("attachment")],
        error_messages={"required": "请选择要上传的文件。"},
    )


class HotlineForm(ModelForm):
    class Meta:
        model = Hotline
        fields = ["name", "department", *HOTLINE_RULES]


class CalendarDayForm(ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "is_working_day", "name"]
        widgets = {
            "date": forms.DateInput(),
            "is_working_day": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }


class HotlineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name  # “12365 质量技术监督投诉举报热线”: the code, then what the line is for


class ImportForm(Form):
    hotline = HotlineChoiceField(
        label="热线", queryset=Hotline.objects.all(), to_field_name="code", empty_label="请选择热线"
    )
    file = forms.FileField(
        label="Excel 文件",
        help_text="热线系统导出的 .xlsx；按表头文字识别各列。",
        validators=[UploadValidator("import")],
    )
    dry_run = forms.BooleanField(
        label="只检查，不导入",
        required=False,
        initial=True,
        help_text="检查通过后，在结果页点“确认导入”即可正式导入。",
    )
