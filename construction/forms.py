from accounts import policy
from construction.models import Deposit, Project, Ranking, ResponsibleUnit, UnitScore
from core.forms import ModelForm
from organizations.models import Department, Region


class _DepartmentChoice:
    """A department user enters for their own unit only; the office chooses."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "department" in self.fields and user is not None and policy.role_of(user) == "department":
            self.fields["department"].queryset = Department.objects.filter(pk=user.department_id)
            self.fields["department"].initial = user.department_id
        elif "department" in self.fields and not self.instance.pk:
            self.fields["department"].initial = (
                Department.objects.filter(code="zjw").values_list("pk", flat=True).first()
            )


class UnitForm(_DepartmentChoice, ModelForm):
    class Meta:
        model = ResponsibleUnit
        fields = ["name", "uscc", "kind", "qualification", "region", "department"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.counties()


class ProjectForm(_DepartmentChoice, ModelForm):
    class Meta:
        model = Project
        fields = [
            "name",
            "code",
            "region",
            "department",
            "builder",
            "surveyor",
            "designer",
            "contractor",
            "supervisor",
            "started_on",
            "completed_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.counties()


class RankingForm(_DepartmentChoice, ModelForm):
    class Meta:
        model = Ranking
        fields = ["year", "department", "notes"]


class ScoreForm(ModelForm):
    class Meta:
        model = UnitScore
        fields = ["ranking", "unit", "inspection_score", "accidents", "complaints", "awards", "notes"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["ranking"].queryset = Ranking.objects.for_user(user, "change").filter(
                published_at__isnull=True
            )


class DepositForm(ModelForm):
    class Meta:
        model = Deposit
        fields = [
            "project",
            "amount_due",
            "paid_amount",
            "paid_on",
            "returned_amount",
            "returned_on",
            "forfeited_amount",
            "forfeited_on",
            "forfeit_reason",
            "notes",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["project"].queryset = Project.objects.for_user(user, "change")
