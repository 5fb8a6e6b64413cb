import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.utils import extend_schema_field

from core.forms import style_fields


class FilterSet(django_filters.FilterSet):
    """Base FilterSet: Bootstrap-styled form; one per model, shared by the list page, its export and the API."""

    @property
    def form(self):
        form = super().form
        style_fields(form)
        for field in form.fields.values():
            # A filter left open reads "全部", not Django's "未知" or "---------".
            if isinstance(field.widget, forms.NullBooleanSelect):
                field.widget.choices = [("unknown", "全部"), ("true", "是"), ("false", "否")]
            elif isinstance(field, forms.ModelChoiceField):
                field.empty_label = "全部"
        return form


# A year a date can have: 2015.5, -1 or thirty digits are refused before they reach the database.
YEAR_BOUNDS = {"min_value": 1, "max_value": 9999}


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})
class YearFilter(django_filters.NumberFilter):
    """`?year=`: a whole year; anything else makes the filter invalid (the API answers 400, a page marks it)."""

    field_class = forms.IntegerField

    def __init__(self, field_name: str = "year", **kwargs):
        kwargs.setdefault("label", "年度")
        super().__init__(field_name=field_name, **YEAR_BOUNDS, **kwargs)


def year_param(value: str | None) -> int | None:
    """A year read from a request parameter outside a filterset, as YearFilter reads it; None if it is not one."""
    try:
        return forms.IntegerField(**YEAR_BOUNDS).clean(value)
    except ValidationError:
        return None


class RegionFilter(django_filters.ModelChoiceFilter):
    """A county chosen by its code; it also selects the rows of the regions it absorbed (大洼区 takes 大洼县's)."""

    def __init__(self, field_name: str = "region", **kwargs):
        from organizations.models import Region

        kwargs.setdefault("label", "地区")
        super().__init__(
            field_name=field_name, queryset=Region.objects.counties(), to_field_name="code", **kwargs
        )

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        # The ids first (one small query): `region_id IN (…)` uses the lists' (region, date) indexes, where an
        # OR over a join to the region table scans every row.
        absorbed = type(value)._default_manager.filter(successor=value).values_list("pk", flat=True)
        return qs.filter(**{f"{self.field_name}__in": [value.pk, *absorbed]})
