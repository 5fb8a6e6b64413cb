from django import forms

from core.forms import Form, ModelForm
from core.uploads import UploadValidator
from organizations.models import Region
from targets.choices import ProgressStatus, Verdict
from targets.models import Indicator, PeriodClosure


class IndicatorSelect(forms.Select):
    """Derived indicators are listed but cannot be chosen: they say where their values come from."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and not instance.is_entered:
            option["attrs"]["disabled"] = True
            option["label"] = f"{label}（自动生成：{instance.source_label}）"
        return option


class MeasurementForm(Form):
    indicator = forms.ModelChoiceField(
        label="指标", queryset=Indicator.objects.none(), widget=IndicatorSelect
    )
    region = forms.ModelChoiceField(label="地区", queryset=Region.objects.none())
    period = forms.CharField(
        label="期间", max_length=10, help_text="年度写 2015，季度写 2015-Q3，月份写 2015-07。"
    )
    value = forms.DecimalField(
        label="数值",
        required=False,
        max_digits=14,
        decimal_places=4,
        help_text="比率可只填分子和分母，数值自动计算。",
    )
    numerator = forms.DecimalField(label="分子", required=False, max_digits=16, decimal_places=4)
    denominator = forms.DecimalField(label="分母", required=False, max_digits=16, decimal_places=4)
    source = forms.CharField(label="数据来源", required=False, max_length=100)
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, indicators, regions, derived, locked_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        pks = [i.pk for i in indicators] + [i.pk for i in derived]
        self.fields["indicator"].queryset = Indicator.objects.filter(pk__in=pks)
        self.fields["region"].queryset = Region.objects.filter(pk__in=[r.pk for r in regions])
        for name in locked_fields:
            self.fields[name].disabled = True


class JudgementForm(Form):
    region = forms.ModelChoiceField(label="地区", queryset=None)
    year = forms.IntegerField(label="年份", min_value=2010, max_value=2035)
    verdict = forms.ChoiceField(label="评价", choices=Verdict.choices)
    evidence = forms.CharField(label="依据", widget=forms.Textarea)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class TaskReportForm(Form):
    department = forms.ModelChoiceField(label="报告单位", queryset=None)
    year = forms.IntegerField(label="年度", min_value=2014, max_value=2035)
    status = forms.ChoiceField(label="进展", choices=ProgressStatus.choices)
    text = forms.CharField(label="工作进展", widget=forms.Textarea(attrs={"rows": 6}))
    attachments = MultipleFileField(
        label="附件",
        required=False,
        widget=MultipleFileInput,
        validators=[UploadValidator("attachment")],
        help_text="可一次选择多个文件（文件、照片、会议纪要等）。",
    )

    def __init__(self, *args, departments, locked_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        for name in locked_fields:
            self.fields[name].disabled = True


class PeriodClosureForm(ModelForm):
    class Meta:
        model = PeriodClosure
        fields = ["year", "closes_on", "note"]
