from django import forms

from core.forms import ModelForm
from organizations.models import Enterprise, Region
from organizations.names import normalize_name
from organizations.uscc import normalize_uscc


class EnterpriseForm(ModelForm):
    class Meta:
        model = Enterprise
        fields = ["name", "uscc", "region", "industry", "address"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(valid_until__isnull=True)


class EnterpriseField(forms.ModelChoiceField):
    """An enterprise typed as its credit code or its exact name: a select would hold the whole register."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "填写统一社会信用代码或企业全称（须已在企业库中）。")
        super().__init__(queryset=Enterprise.objects.all(), **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Enterprise):
            return value.uscc
        if isinstance(value, int):
            return Enterprise.objects.filter(pk=value).values_list("uscc", flat=True).first() or value
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        match = (
            self.queryset.filter(uscc=normalize_uscc(text)).first()
            or self.queryset.filter(name_key=normalize_name(text)).first()
        )
        if match is None:
            raise forms.ValidationError(f"企业库中没有“{text}”，请核对信用代码或名称，或先在企业库中新增。")
        return match


class EnterpriseListField(forms.CharField):
    """Enterprises one per line, each as its credit code, its exact name, or "code name" as the field shows them."""

    widget = forms.Textarea

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(f"{e.uscc} {e.name}" for e in value)
        return value

    def clean(self, value) -> list[Enterprise]:
        text = super().clean(value)
        single = EnterpriseField()
        enterprises, errors = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            first = line.split()[0]
            try:
                enterprises.append(single.to_python(first if len(first) == 18 else line))
            except forms.ValidationError as exc:
                errors.append(f"第{number}行：{exc.messages[0]}")
        if errors:
            raise forms.ValidationError(errors)
        return enterprises
