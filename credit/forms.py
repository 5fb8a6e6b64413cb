from __future__ import annotations

from django import forms
from django.utils import timezone

from accounts import policy
from core import credit_events
from core.forms import Form, ModelForm
from core.uploads import UploadValidator
from credit import services
from credit.models import BlacklistEntry, Penalty, RatingRule
from organizations.forms import EnterpriseField
from organizations.models import Department

DATES = {name: forms.DateInput for name in ("decided_on", "valid_until", "publish_until", "published_on")}


class DecidingDepartmentMixin:
    """A member unit's staff enter their own unit's decisions: the department is theirs, not a choice. A record
    ticked published without a date is published today (as the service does for the API)."""

    def clean(self):
        data = super().clean()
        data["published_on"] = services.publication_date(
            data.get("published", False), data.get("published_on")
        )
        return data

    def limit_department(self, user) -> None:
        if policy.role_of(user) == "department":
            self.fields["department"].queryset = Department.objects.filter(pk=user.department_id)
            self.fields["department"].initial = user.department_id
        self.fields["region"].required = False


class PenaltyForm(DecidingDepartmentMixin, ModelForm):
    enterprise = EnterpriseField(label="行政相对人（企业）")

    class Meta:
        model = Penalty
        fields = [
            "decision_number",
            "enterprise",
            "subject_kind",
            "legal_representative",
            "region",
            "department",
            "authority_uscc",
            "cause",
            "facts",
            "basis",
            "category",
            "content",
            "fine",
            "confiscated",
            "decided_on",
            "valid_until",
            "publish_until",
            "published",
            "published_on",
            "notes",
        ]
        widgets = DATES

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_department(user)


class BlacklistForm(DecidingDepartmentMixin, ModelForm):
    enterprise = EnterpriseField(label="企业")

    class Meta:
        model = BlacklistEntry
        fields = [
            "enterprise",
            "legal_representative",
            "region",
            "department",
            "listed_on",
            "reason",
            "document",
            "published",
            "published_on",
            "notes",
        ]
        widgets = {"listed_on": forms.DateInput, "published_on": forms.DateInput}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_department(user)


class RemoveForm(Form):
    """信用修复: the date the enterprise leaves the list, the document that decided it, and why."""

    removed_on = forms.DateField(label="移出日期", widget=forms.DateInput, initial=timezone.localdate)
    document = forms.CharField(label="信用修复文书号", max_length=100)
    reason = forms.CharField(label="信用修复理由", widget=forms.Textarea)


class RatingRuleForm(ModelForm):
    kind = forms.ChoiceField(label="信用事件", choices=credit_events.kind_choices)

    class Meta:
        model = RatingRule
        fields = [
            "code",
            "name",
            "kind",
            "window_months",
            "min_events",
            "effect",
            "grade",
            "points",
            "order",
            "active",
            "basis",
        ]


class PenaltyImportForm(Form):
    file = forms.FileField(
        label="Excel 文件",
        help_text="行政处罚信息表（双公示格式或本单位台账）.xlsx；按表头文字识别各列。",
        validators=[UploadValidator("import")],
    )
    dry_run = forms.BooleanField(label="只检查，不导入", required=False, initial=True)
