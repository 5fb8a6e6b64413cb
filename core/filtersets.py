import django_filters

from core.forms import style_fields


class FilterSet(django_filters.FilterSet):
    """Base FilterSet: Bootstrap-styled form; one per model, shared by the list page, its export and the API."""

    @property
    def form(self):
        form = super().form
        style_fields(form)
        return form
