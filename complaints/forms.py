from django import forms

from complaints.choices import STEP_VERBS, Action, Outcome, Satisfaction, Status, VisitWay
from complaints.models import (
    HOTLINE_RULES,
    LIMIT_FIELDS,
    PARTICULARS,
    CalendarDay,
    Complaint,
    HandlingLimit,
    Hotline,
)
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
        # The number is the hotline system's; an order registered here gets the office's own (services).
        fields = [
            "enterprise_uscc" if name == "enterprise" else name for name in PARTICULARS if name != "number"
        ]
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


# Which inputs each step asks for.
STEP_FIELDS = {
    Status.ACCEPTED: ["note"],
    Status.REJECTED: ["reason"],
    Status.ASSIGNED: ["department", "assigned_region", "region", "note"],
    Status.HANDLED: ["outcome", "note"],
    Status.CLOSED: ["note"],
    Action.EXTEND: ["days", "approver", "reason"],
    Action.PAUSE: ["reason"],
    Action.RESUME: ["note"],
    Action.SUPERVISE: ["note"],
    Action.VISIT: ["visited_on", "visit_way", "satisfaction", "note"],
}
# Labels that differ by step.
STEP_LABELS = {
    (Status.REJECTED, "reason"): "不予受理理由",
    (Action.EXTEND, "reason"): "延期理由",
    (Action.PAUSE, "reason"): "中止理由（检验、检测、鉴定事项）",
    (Action.SUPERVISE, "note"): "督办意见",
    (Status.ASSIGNED, "region"): "所属县区（需更正时选择）",
}


class TransitionForm(Form):
    """One step on a complaint's page: a status change or an action (延期, 中止, 督办, 回访 …)."""

    to = forms.ChoiceField(choices=Status.choices + Action.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    department = forms.ModelChoiceField(label="承办单位", queryset=Department.objects.all(), required=False)
    assigned_region = forms.ModelChoiceField(
        label="承办县区", queryset=CURRENT_REGIONS.exclude(kind="city"), required=False
    )
    region = forms.ModelChoiceField(
        label="所属县区", queryset=CURRENT_REGIONS.exclude(kind="city"), required=False
    )
    outcome = forms.ChoiceField(label="处理结果", choices=[("", "请选择")] + Outcome.choices, required=False)
    days = forms.IntegerField(label="延期天数", min_value=1, max_value=365, required=False)
    approver = forms.CharField(label="批准人", max_length=60, required=False)
    visited_on = forms.DateField(
        label="回访日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    visit_way = forms.ChoiceField(
        label="回访方式", choices=[("", "请选择")] + VisitWay.choices, required=False
    )
    satisfaction = forms.ChoiceField(
        label="回访结果", choices=[("", "请选择")] + Satisfaction.choices, required=False
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def step_fields(self):
        step = self.initial["to"]
        fields = []
        for name in STEP_FIELDS[step]:
            field = self[name]
            field.label = STEP_LABELS.get((step, name), field.label)
            fields.append(field)
        return fields

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


class HandlingLimitForm(ModelForm):
    class Meta:
        model = HandlingLimit
        fields = ["hotline", *LIMIT_FIELDS]
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}


class CalendarYearForm(Form):
    """A year's holidays as the State Council's notice writes them, line by line."""

    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    source = forms.CharField(
        label="通知文号",
        max_length=120,
        help_text="如：国办发明电〔2026〕X号《国务院办公厅关于2027年部分节假日安排的通知》",
    )
    notice = forms.CharField(
        label="通知原文（每个节日一行）",
        widget=forms.Textarea(attrs={"rows": 9}),
        help_text="照通知逐条粘贴，例如：二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，"
        "共9天。2月14日（周六）、2月28日（周六）上班。也可写作：春节 2027-02-06 至 2027-02-13 放假；2027-02-14 上班。",
    )


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
