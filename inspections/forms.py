import re

from django import forms
from django.core.exceptions import ValidationError

from core.forms import Form, ModelForm
from core.uploads import UploadValidator
from inspections.choices import CheckKind, Level
from inspections.models import AcceptanceRecord, InspectionPlan, Inspector, ProductClass, SpotCheckResult
from organizations.forms import EnterpriseField, EnterpriseListField
from organizations.models import Department, Region

_LIST_SEPARATORS = re.compile(r"[\s,，、;；]+")


def _region_choices():
    return Region.objects.exclude(kind="city")


class SpotCheckResultForm(ModelForm):
    producer = EnterpriseField(
        label="生产企业统一社会信用代码",
        required=False,
        help_text="名录中的企业填代码；不在名录中的只填名称。",
    )
    sampled_unit = EnterpriseField(label="受检单位统一社会信用代码", required=False)

    class Meta:
        model = SpotCheckResult
        fields = [
            "level",
            "product_class",
            "plan",
            "sampled_on",
            "product_name",
            "specification",
            "trademark",
            "agency",
            "agency_ref",
            "production_date",
            "batch_no",
            "sampled_unit_name",
            "sampled_unit",
            "producer_name",
            "producer",
            "region",
            "check_kind",
            "conclusion",
            "not_tested_reason",
            "failed_items",
            "retest_conclusion",
            "retest_on",
        ]
        labels = {"sampled_unit_name": "受检单位名称", "producer_name": "生产企业名称"}
        help_texts = {"producer_name": "", "sampled_unit_name": "名录中的企业可只填右侧信用代码。"}
        widgets = {
            "sampled_on": forms.DateInput(),
            "production_date": forms.DateInput(),
            "retest_on": forms.DateInput(),
            "failed_items": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _region_choices()
        self.fields["region"].required = False
        self.fields["region"].help_text = "留空则取受检单位所在地区。"
        self.fields["check_kind"].required = False  # omitted: 监督抽查, the model's default
        self.fields["plan"].queryset = InspectionPlan.objects.for_user(user, "view")
        self.fields["product_class"].queryset = ProductClass.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        if not (data.get("region") or data.get("sampled_unit") or data.get("producer")):
            self.add_error("region", "请选择所在地区，或填写名录中受检单位的信用代码。")
        return data


class ImportForm(Form):
    file = forms.FileField(label="抽查结果表（.xlsx / .xls）", validators=[UploadValidator("import")])
    # No default: a table imported under the wrong level would skew the 省级以上 rate.
    level = forms.ChoiceField(label="抽查级别", choices=[("", "---------"), *Level.choices])
    product_class = forms.ModelChoiceField(
        label="产品类别", queryset=ProductClass.objects.filter(is_active=True)
    )
    year = forms.IntegerField(
        label="年度",
        required=False,
        min_value=2010,
        max_value=2035,
        help_text="填写后，抽样日期不在该年的行会报错。",
    )
    sampled_on = forms.DateField(
        label="抽样日期",
        required=False,
        widget=forms.DateInput(),
        help_text="表中没有“抽样日期”列时必填（或填年度）。",
    )
    check_kind = forms.ChoiceField(
        label="抽查类型",
        choices=CheckKind.choices,
        initial=CheckKind.SUPERVISION,
        required=False,
        help_text="表中有“抽查类型”或任务来源写明“风险监测”“专项”的行，按表中所写；风险监测不计入合格率。",
    )
    inspected = forms.IntegerField(
        label="公告合计：抽查批次",
        required=False,
        min_value=1,
        help_text="公告只列出不合格批次时填写（共抽查 N 批次）；表中写有“共抽查…批次，合格…批次”的可不填。",
    )
    passed = forms.IntegerField(label="公告合计：合格批次", required=False, min_value=0)

    def clean(self):
        data = super().clean()
        data["check_kind"] = data.get("check_kind") or CheckKind.SUPERVISION
        inspected, passed = data.get("inspected"), data.get("passed")
        if (inspected is None) != (passed is None):
            self.add_error("passed" if passed is None else "inspected", "抽查批次和合格批次须同时填写。")
        elif inspected is not None and passed is not None and passed > inspected:
            self.add_error("passed", "合格批次不能多于抽查批次。")
        return data

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xls", ".xlsm")):
            raise ValidationError("请上传 Excel 文件（.xlsx 或 .xls）。")
        return upload


class PlanForm(Form):
    title = forms.CharField(label="计划名称", max_length=120)
    year = forms.IntegerField(label="年度", min_value=2010, max_value=2035)
    level = forms.ChoiceField(label="抽查级别", choices=Level.choices)
    department = forms.ModelChoiceField(label="组织单位", queryset=Department.objects.all())
    product_classes = forms.ModelMultipleChoiceField(
        label="产品类别",
        queryset=ProductClass.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    regions = forms.ModelMultipleChoiceField(
        label="地区", queryset=Region.objects.counties(), widget=forms.CheckboxSelectMultiple
    )
    count = forms.IntegerField(label="每个类别每个地区抽取企业数", min_value=1, max_value=500, initial=5)
    inspectors_per_enterprise = forms.IntegerField(
        label="每户检查人员数", min_value=1, max_value=5, initial=2
    )
    notes = forms.CharField(label="说明", required=False, widget=forms.Textarea)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Most plans are the quality bureau's, which also hosts the office.
        self.fields["department"].initial = (
            getattr(user, "department_id", None)
            or Department.objects.filter(is_office=True).values_list("pk", flat=True).first()
        )


class InspectorForm(ModelForm):
    conflicts_text = EnterpriseListField(
        label="回避企业",
        required=False,
        help_text="每行一个统一社会信用代码或企业全称；抽取时不会派本人检查这些企业。",
    )

    class Meta:
        model = Inspector
        fields = ["name", "badge_no", "department", "is_active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["conflicts_text"].initial = list(self.instance.conflicts.all())

    def save(self, commit=True):
        inspector = super().save(commit=commit)
        if commit:
            inspector.conflicts.set(self.cleaned_data["conflicts_text"])
        return inspector


class AcceptanceRecordForm(ModelForm):
    builder = EnterpriseField(label="施工单位统一社会信用代码", required=False)

    class Meta:
        model = AcceptanceRecord
        fields = [
            "project_name",
            "permit_no",
            "size",
            "region",
            "builder",
            "department",
            "accepted_on",
            "first_time_passed",
            "notes",
        ]
        widgets = {"accepted_on": forms.DateInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = _region_choices()
        if not self.instance.pk and user is not None and user.department_id:
            self.fields["department"].initial = user.department_id
        elif not self.instance.pk:
            self.fields["department"].initial = (
                Department.objects.filter(code="zjw").values_list("pk", flat=True).first()
            )


class ProductClassForm(ModelForm):
    industries = forms.CharField(
        label="对应行业",
        required=False,
        help_text="企业名录中的行业，用顿号或逗号分隔；双随机从这些行业的企业中抽取。",
    )

    class Meta:
        model = ProductClass
        fields = [
            "code",
            "name",
            "parent",
            "department",
            "target_rate",
            "industries",
            "sort_order",
            "is_active",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["industries"] = "、".join(self.instance.industries or [])

    def clean_industries(self):
        return [part for part in _LIST_SEPARATORS.split(self.cleaned_data["industries"]) if part]
