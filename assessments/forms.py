"""Web forms of the assessment app: scheme settings, groups and items, score rows, uploads, report requests."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory

from assessments.choices import ReportFormat, ReportKind
from assessments.models import Item, ItemGroup, Scheme
from assessments.models.scheme import METRIC_LABELS
from core.forms import Form, ModelForm
from core.periods import Period
from core.uploads import UploadValidator
from organizations.models import Region


class SchemeCreateForm(Form):
    year = forms.IntegerField(label="考核年度", min_value=2014, max_value=2035)
    title = forms.CharField(
        label="方案名称",
        max_length=100,
        required=False,
        help_text="留空则为“XXXX年度县区政府质量工作考核方案”。",
    )
    from_template = forms.BooleanField(
        label="按模板建立考核项目（质量目标 40 分、质量措施 60 分、一票否决事项）",
        required=False,
        initial=True,
    )


class SchemeForm(ModelForm):
    class Meta:
        model = Scheme
        fields = [
            "title",
            "period_start",
            "period_end",
            "filing_due",
            "self_assessment_due",
            "review_due",
            "verification_due",
            "approval_due",
            "grade_a_min",
            "grade_b_min",
            "grade_c_min",
            "verification_count",
            "rectification_count",
            "rectification_months",
            "notes",
        ]
        widgets = {f: forms.DateInput for f in fields if f.endswith(("_due", "_start", "_end"))}


class CopySchemeForm(Form):
    year = forms.IntegerField(label="新方案年度", min_value=2014, max_value=2035)


class ItemGroupForm(ModelForm):
    class Meta:
        model = ItemGroup
        fields = ["parent", "name", "points", "sort_order"]

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.scheme = scheme
        self.fields["parent"].queryset = ItemGroup.objects.filter(scheme=scheme, parent__isnull=True)


class ItemForm(ModelForm):
    metric = forms.ChoiceField(
        label="统计指标",
        required=False,
        choices=[("", "（人工评分或否决项不填）"), *((k, f"{v}（{k}）") for k, v in METRIC_LABELS.items())],
        help_text="自动评分读取的统计指标；维度按统计口径填写，如目标代码 agri_product_pass_rate-2015、层级 provincial_above。",
    )

    class Meta:
        model = Item
        fields = [
            "group",
            "code",
            "name",
            "max_points",
            "scoring",
            "guidance",
            "metric",
            "dim1",
            "dim2",
            "dim3",
            "formula",
            "full_at",
            "zero_at",
            "status_points",
            "window",
            "sort_order",
        ]
        widgets = {
            "guidance": forms.Textarea(attrs={"rows": 3}),
            "status_points": forms.Textarea(attrs={"rows": 1}),
        }

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.scheme = scheme
        self.fields["group"].queryset = ItemGroup.objects.filter(scheme=scheme).select_related("parent")


class ScoreRowForm(Form):
    """One item's row in a scoring table: a score, a note and (for veto items) whether the veto applies."""

    item_score = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.DecimalField(label="得分", required=False, min_value=0, max_digits=5, decimal_places=1)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 1}))
    veto = forms.BooleanField(label="触发否决", required=False)


ScoreFormSet = formset_factory(ScoreRowForm, extra=0)


class FilingRowForm(Form):
    """One target item's row in the filing form: the target in words and its value where it has one."""

    filed_target = forms.IntegerField(widget=forms.HiddenInput)
    statement = forms.CharField(label="备案目标", max_length=200, required=False)
    value = forms.DecimalField(label="目标值", required=False, max_digits=14, decimal_places=2)


FilingFormSet = formset_factory(FilingRowForm, extra=0)


class ExclusionForm(Form):
    """The office rules one item of a county 合理缺项 (or withdraws the ruling); the reason is required."""

    item_score = forms.IntegerField(widget=forms.HiddenInput)


class InterviewForm(Form):
    held_on = forms.DateField(label="约谈日期", widget=forms.DateInput)
    held_by = forms.CharField(
        label="约谈人",
        max_length=200,
        help_text="单位和姓名、职务，如：市质量强市工作领导小组办公室主任 王某。",
    )
    interviewees = forms.CharField(
        label="被约谈人", max_length=200, help_text="县区政府有关负责人的姓名、职务。"
    )
    content = forms.CharField(
        label="约谈内容",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="指出的问题、提出的整改要求和时限。",
    )


class RectificationDueForm(Form):
    due = forms.DateField(label="整改报告截止", widget=forms.DateInput)


class VerificationNoteForm(Form):
    note = forms.CharField(label="实地核查意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(Form):
    reason = forms.CharField(
        label="退回原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "写明须修改的项目和要求，县区将看到此原因"}),
    )


class EvidenceForm(Form):
    # The file's own refusal (too large, a forbidden type) is what the page shows.
    file = forms.FileField(
        label="文件",
        validators=[UploadValidator("attachment")],
        error_messages={"required": "请选择要上传的文件。"},
    )
    item_score = forms.IntegerField(widget=forms.HiddenInput)


class RectificationForm(Form):
    file = forms.FileField(
        label="整改报告",
        validators=[UploadValidator("attachment")],
        error_messages={"required": "请选择整改报告文件。"},
    )


class ReportRequestForm(Form):
    kind = forms.ChoiceField(label="报告", choices=ReportKind.choices)
    fmt = forms.ChoiceField(label="格式", choices=ReportFormat.choices, initial=ReportFormat.PDF)
    scheme = forms.ModelChoiceField(label="考核年度", queryset=Scheme.objects.none(), required=False)
    region = forms.ModelChoiceField(label="县区", queryset=Region.objects.counties(), required=False)
    period = forms.CharField(
        label="期间", required=False, help_text="如 2015、2015-Q3、2015-07（质量状况分析报告）。"
    )

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
        self.fields["scheme"].label_from_instance = lambda s: f"{s.year}年度"

    def clean_period(self) -> str:
        period = self.cleaned_data["period"]
        return str(Period.parse(period)) if period else ""
