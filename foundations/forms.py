from __future__ import annotations

from django import forms

from accounts import policy
from accounts.choices import Role
from core.forms import Form, ModelForm
from core.uploads import UploadValidator
from foundations import services
from foundations.models import Agency, CultureEvent, MarketExit, MetrologyRecord, QualityStaff, Standard
from organizations.forms import EnterpriseField
from organizations.models import Region


class RegisterForm(ModelForm):
    """A register row: counties to choose from, and the entering unit among the register's (a unit's own staff
    enter for their unit, so they are not asked)."""

    regions_with_city = False

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            regions = Region.objects.filter(valid_until__isnull=True)
            self.fields["region"].queryset = (
                regions if self.regions_with_city else regions.exclude(kind="city")
            )
        if policy.role_of(user) == Role.DEPARTMENT:
            del self.fields["department"]
            if not self.instance.department_id:
                self.instance.department = user.department
        else:
            model = self._meta.model
            self.fields["department"].queryset = services.register_departments(model)
            self.fields["department"].initial = services.default_department(model, user)


DATE = forms.DateInput


class StandardForm(RegisterForm):
    enterprise = EnterpriseField(label="企业", required=False)

    class Meta:
        model = Standard
        fields = [
            "year",
            "kind",
            "level",
            "code",
            "title",
            "enterprise",
            "holder_name",
            "region",
            "published_on",
            "department",
            "notes",
        ]
        widgets = {"published_on": DATE}


class AgencyForm(RegisterForm):
    class Meta:
        model = Agency
        fields = ["name", "cma_number", "scope", "region", "valid_from", "valid_until", "department", "notes"]
        widgets = {"valid_from": DATE, "valid_until": DATE}


class MetrologyForm(RegisterForm):
    class Meta:
        model = MetrologyRecord
        fields = ["year", "region", "category", "verified", "passed", "department", "notes"]


class QualityStaffForm(RegisterForm):
    enterprise = EnterpriseField(label="企业")

    class Meta:
        model = QualityStaff
        fields = ["year", "enterprise", "chief_officer", "trained", "qualified", "department", "notes"]


class CultureEventForm(RegisterForm):
    regions_with_city = True

    class Meta:
        model = CultureEvent
        fields = ["title", "kind", "region", "held_on", "organizer", "participants", "summary", "department"]
        widgets = {"held_on": DATE}


class MarketExitForm(RegisterForm):
    enterprise = EnterpriseField(label="企业", required=False)

    class Meta:
        model = MarketExit
        fields = [
            "kind",
            "reason",
            "decided_on",
            "region",
            "enterprise",
            "enterprise_name",
            "licence_no",
            "product",
            "decision_no",
            "department",
            "notes",
        ]
        widgets = {"decided_on": DATE}


class EvidenceForm(Form):
    file = forms.FileField(label="佐证文件", validators=[UploadValidator("attachment")])


class ImportForm(Form):
    file = forms.FileField(label="Excel 文件", validators=[UploadValidator("import")])
    dry_run = forms.BooleanField(label="只检查，不导入", required=False, initial=True)
