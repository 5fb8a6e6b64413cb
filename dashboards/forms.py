from django import forms

from core.forms import Form
from core.models import RunScope


class StartRunForm(Form):
    scope = forms.ChoiceField(
        label="范围",
        choices=RunScope.choices,
        initial=RunScope.FULL,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text="仅当年：只重算今年的数据（录入当天的快速刷新），其他年份沿用上次结果。",
    )
