"""What the OpenAPI schema says a request may carry, as the API's validation really decides it.

Reference codes (a county, a hotline, a department …) are this installation's data: the schema served to a
signed-in client (`/api/v1/schema/`) lists them from the database, so a client generated from it offers the codes
that exist; generated offline (`manage.py spectacular`, no user) it leaves them as text. Text never holds a NUL
character (DRF refuses it).
drf-spectacular finds the extensions when this module is imported (core.apps).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters import ModelChoiceFilter
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes

# The code lists a client chooses from; other models (enterprises, rounds) are referred to by id or credit code.
CODE_LISTS = frozenset(
    {
        "organizations.region",
        "organizations.department",
        "organizations.industry",
        "complaints.hotline",
        "brands.awardtype",
        "inspections.productclass",
        "targets.indicator",
        "targets.target",
    }
)

TEXT_WITHOUT_NUL = r"^[^\x00]*$"


# Codes wait under this key until `finish_schema`: drf-spectacular would otherwise make each list of codes a named
# enum component, named after a hash of whatever codes the database holds today.
CODES = "x-codes"


def code_enum(auto_schema, queryset: QuerySet | None, code_field: str | None) -> dict | None:
    """The schema of a code chosen from `queryset` by `code_field`, or None when it is not a code list or the
    schema is not for a signed-in client."""
    if (
        not isinstance(queryset, QuerySet)
        or not code_field
        or queryset.model._meta.label_lower not in CODE_LISTS
    ):
        return None
    if not auto_schema.view.request.user.is_authenticated:
        return None
    codes = sorted(str(code) for code in queryset.values_list(code_field, flat=True))
    return {**build_basic_type(OpenApiTypes.STR), CODES: codes}


class CodeFilterExtension(DjangoFilterExtension):
    """A `?region=`-style filter over a code list takes one of its codes, not any text."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        if isinstance(filter_field, ModelChoiceFilter):
            schema = code_enum(
                auto_schema, filter_field.extra.get("queryset"), filter_field.extra.get("to_field_name")
            )
            if schema is not None:
                for parameter in parameters:
                    parameter["schema"] = schema
        return parameters


class CodeFieldExtension(OpenApiSerializerFieldExtension):
    """A body field naming a code-list entry by its code takes one of those codes."""

    target_class = "rest_framework.relations.SlugRelatedField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        schema = None if field.read_only else code_enum(auto_schema, field.get_queryset(), field.slug_field)
        if schema is None:
            return auto_schema._map_serializer_field(field, direction, bypass_extensions=True)
        return schema


class DecimalFieldExtension(OpenApiSerializerFieldExtension):
    """A decimal sent as text has at least one digit (drf-spectacular's pattern also admits "" and "-"), and no
    sign where the field refuses negative values."""

    target_class = "rest_framework.fields.DecimalField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        schema = auto_schema._map_serializer_field(field, direction, bypass_extensions=True)
        whole, places = field.max_whole_digits, field.decimal_places
        if "pattern" not in schema or not whole:
            return schema
        sign = "" if field.min_value is not None and field.min_value >= 0 else "-?"
        number = (
            rf"\d{{1,{whole}}}(?:\.\d{{0,{places}}})?|\.\d{{1,{places}}}" if places else rf"\d{{1,{whole}}}"
        )
        return {**schema, "pattern": rf"^{sign}(?:{number})$"}


class UploadFieldExtension(OpenApiSerializerFieldExtension):
    """An uploaded file has at least one byte (an empty part is dropped by Django's form parser)."""

    target_class = "core.api.fields.UploadField"

    def map_serializer_field(self, auto_schema, direction):
        return {
            **auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True),
            "minLength": 1,
        }


def finish_schema(result, generator, request, public):
    """Postprocessing hook, after drf-spectacular's enum hook: code lists become plain enums, and every free-text
    string says it cannot hold NUL."""

    def visit(node):
        if isinstance(node, dict):
            if CODES in node:
                node["enum"] = node.pop(CODES)
            if node.get("type") == "string" and not node.keys() & {"format", "enum", "pattern"}:
                node["pattern"] = TEXT_WITHOUT_NUL
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(result)
    return result
