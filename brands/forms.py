from __future__ import annotations

from django import forms
from django.utils import timezone

from brands.models import Application, Award, AwardType, EvaluationRound, Expert
from brands.selectors import award_types_enterable
from core.forms import Form, ModelForm, style_fields
from organizations.forms import EnterpriseField, EnterpriseListField


class AwardForm(ModelForm):
    enterprise = EnterpriseField(label="企业")

    class Meta:
        model = Award
        fields = [
            "award_type",
            "enterprise",
            "product",
            "year",
            "certificate_no",
            "valid_from",
            "valid_until",
            "reward_amount",
            "reward_paid_on",
            "notes",
        ]
        widgets = {
            "valid_from": forms.DateInput,
            "valid_until": forms.DateInput,
            "reward_paid_on": forms.DateInput,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = award_types_enterable(user)


class RevokeForm(Form):
    revoked_on = forms.DateField(label="撤销日期", widget=forms.DateInput, initial=timezone.localdate)
    reason = forms.CharField(label="撤销原因", max_length=200, widget=forms.Textarea)


class AwardTypeForm(ModelForm):
    class Meta:
        model = AwardType
        fields = ["name", "awarding_body", "subject", "default_validity_years", "department", "sort_order"]


class RoundForm(ModelForm):
    class Meta:
        model = EvaluationRound
        fields = [
            "year",
            "title",
            "quota",
            "applications_open",
            "applications_close",
            "scoring_due",
            "announce_on",
            "reward_amount",
            "notes",
        ]
        widgets = {
            name: forms.DateInput
            for name in ("applications_open", "applications_close", "scoring_due", "announce_on")
        }


class PointsForm(Form):
    """One field per GB/T 19580 category of the round; the service checks they sum to 1000."""

    def __init__(self, *args, round: EvaluationRound, **kwargs):
        self.criteria = list(round.criteria.all())
        super().__init__(*args, **kwargs)
        for criterion in self.criteria:
            self.fields[criterion.code] = forms.IntegerField(
                label=criterion.name, min_value=1, max_value=1000, initial=criterion.max_points
            )
        style_fields(self)


class PanelForm(Form):
    experts = forms.ModelMultipleChoiceField(
        label="评审专家组",
        queryset=Expert.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ApplicationForm(ModelForm):
    enterprise = EnterpriseField(label="申报企业")

    class Meta:
        model = Application
        fields = ["enterprise", "submitted_on", "contact", "summary"]
        widgets = {"submitted_on": forms.DateInput}


class ScreenForm(Form):
    accepted = forms.TypedChoiceField(
        label="审查结论",
        choices=[("1", "通过资格审查"), ("0", "不予受理")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="审查意见", max_length=200, required=False)


class ExpertForm(ModelForm):
    conflict_list = EnterpriseListField(
        label="利益关联企业",
        required=False,
        help_text="每行一家，填写统一社会信用代码或企业全称：专家任职、持股、近亲属任职或提供过咨询的企业。",
    )

    class Meta:
        model = Expert
        fields = ["name", "organisation", "title", "speciality", "phone", "user", "is_active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["conflict_list"].initial = list(self.instance.conflicts.all())


class DecideForm(Form):
    winners = forms.ModelMultipleChoiceField(
        label="获奖企业", queryset=Application.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    decided_on = forms.DateField(label="评定日期", widget=forms.DateInput, initial=timezone.localdate)

    def __init__(self, *args, round: EvaluationRound, ranking: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["winners"].queryset = round.applications.all()
        self.fields["winners"].initial = [
            row.application.pk for row in ranking[: round.quota] if row.score is not None
        ]
        self.fields["decided_on"].initial = round.announce_on


class ScoreSheetForm(Form):
    """Points and a comment per category of the round, filled with what the expert entered before."""

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(assignment.application.round.criteria.all())
        previous = {s.criterion_id: s for s in assignment.scores.all()}
        for criterion in self.criteria:
            score = previous.get(criterion.pk)
            self.fields[f"points_{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.name}（满分 {criterion.max_points}）",
                min_value=0,
                max_value=criterion.max_points,
                decimal_places=1,
                initial=score.points if score else None,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=f"{criterion.name}评语",
                max_length=300,
                required=False,
                initial=score.comment if score else "",
            )
        style_fields(self)

    def rows(self):
        """(criterion, points field, comment field) for the template's table."""
        return [(c, self[f"points_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def entries(self) -> dict:
        return {
            c.pk: (self.cleaned_data[f"points_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }
