from core.forms import ModelForm
from organizations.models import Enterprise, Region


class EnterpriseForm(ModelForm):
    class Meta:
        model = Enterprise
        fields = ["name", "uscc", "region", "industry", "address"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(valid_until__isnull=True)
