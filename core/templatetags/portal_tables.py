"""A django-tables2 row rendered in Python: the same markup as its bootstrap template, without a dozen template
nodes and failed lookups per cell (most of a 50-row list page's render).

django-tables2 also works out, for every cell, the render method's signature, the accessor's path and the
cell's attributes, which are the same for every row of a column. Those are worked out once per column here:
a column of a field reads it directly (a choice field's label) and calls its render method, if any, with the
arguments the method's signature asks for, worked out once; every other column goes through django-tables2's
own steps (`BoundRow.get_cell`); the <td> attributes are built once unless they depend on the row.
`tests/core/test_list_tables.py` checks that both give the same markup.
"""

import inspect
from collections.abc import Hashable
from functools import partial, partialmethod

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_tables2 import Column
from django_tables2.utils import signature

register = template.Library()
_SEPARATORS = (".", "__")


def _field_of(bound_column, record) -> models.Field | None:
    """The model field a column reads (its accessor a field's name), or None when django-tables2 must find it."""
    accessor = str(bound_column.accessor)
    if any(sep in accessor for sep in _SEPARATORS) or not isinstance(record, models.Model):
        return None
    try:
        field = record._meta.get_field(accessor)
    except FieldDoesNotExist:
        return None
    return None if field.many_to_many or field.one_to_many or not field.concrete else field


def _labels(field: models.Field, record) -> dict | None:
    """A choice field's labels in this request's language, as get_FOO_display gives them (which builds its
    mapping and translates its label anew on every call); None when the model defines get_FOO_display itself."""
    display = inspect.getattr_static(type(record), f"get_{field.name}_display", None)
    if not isinstance(display, partialmethod):
        return None
    return {value: force_str(label, strings_only=True) for value, label in make_hashable(field.flatchoices)}


class _Plan:
    """How one column's cells are made: the field it reads (or None), whether it is shown as it is, the render
    method's arguments, and the <td> attributes if fixed."""

    def __init__(self, bound_column, record) -> None:
        self.field = _field_of(bound_column, record)
        self.labels = _labels(self.field, record) if self.field is not None and self.field.choices else None
        column = bound_column.column
        # Shown as it is: no render method of the table's or the column's own, no link.
        self.plain = type(column) is Column and not bound_column.link and bound_column.render == column.render
        self.wants = signature(bound_column.render)  # what the render method takes, worked out once
        table_attrs, column_attrs = bound_column._table.attrs, bound_column.column.attrs
        merged = {**table_attrs, **column_attrs}
        td = merged.get("td", merged.get("cell", {}))
        dynamic = any(callable(v) or isinstance(v, dict) for v in td.values())
        self.td = None if dynamic else bound_column.attrs["td"].as_html()

    def cell(self, row, bound_column):
        field = self.field
        if field is None:
            # BoundRow.get_cell, with the render method's signature from the plan.
            return row._get_and_render_with(
                bound_column, render_func=partial(self._render, row), default=bound_column.default
            )
        record = row.record
        if self.labels is not None:
            raw = getattr(record, field.attname)
            if isinstance(raw, Hashable):
                value = self.labels.get(raw, raw)
            else:
                value = getattr(record, f"get_{field.name}_display")()
        elif field.choices:
            value = getattr(record, f"get_{field.name}_display")()
        else:
            value = getattr(record, field.attname if field.is_relation else field.name)
            if field.is_relation:
                value = value if value is None else getattr(record, field.name)
        if value in bound_column.column.empty_values:
            return bound_column.default
        return value if self.plain else self._render(row, bound_column, value)

    def _render(self, row, bound_column, value=None):
        """BoundRow._call_render: the render method with the arguments it takes, then the column's link."""
        arguments = row._optional_cell_arguments(bound_column, value)
        names, catch_all = self.wants
        if catch_all:
            content = bound_column.render(**arguments)
        elif all(name in arguments for name in names):
            content = bound_column.render(**{name: arguments[name] for name in names})
        else:
            content = None
        return bound_column.link(content, **arguments) if bound_column.link else content


def _plans(table, record) -> dict[str, _Plan]:
    plans = getattr(table, "_portal_plans", None)
    if plans is None:
        plans = table._portal_plans = {c.name: _Plan(c, record) for c in table.columns}
    return plans


@register.simple_tag
def table_row(row) -> SafeString:
    cells = []
    plans = _plans(row.table, row.record)
    for column in row.table.columns:
        plan = plans[column.name]
        value = plan.cell(row, column)
        # As BoundRow.items sets them: a column's attrs may be computed from the record and value.
        column.current_value, column.current_record = value, row.record
        # As `{{ cell }}`, `{{ cell|localize }}` and `{{ cell|unlocalize }}` print it.
        use_l10n = None if column.localize is None else bool(column.localize)
        text = conditional_escape(localize(value, use_l10n=use_l10n))
        td = plan.td if plan.td is not None else column.attrs["td"].as_html()
        cells.append(format_html("<td {}>{}</td>", td, text))
    return format_html("<tr {}>{}</tr>", row.attrs.as_html(), mark_safe("".join(cells)))  # noqa: S308  (escaped above)
