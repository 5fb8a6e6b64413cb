"""The complainant's name and phone: shown to the complaint's handlers, masked (张*, 138****1234) for everyone else.

Handlers are the users the policy lets change the complaint: the office and the handling department.
Pages, the API and exports all read the complainant through `complainant_name` / `complainant_phone`, and
lists sort by them only through `order_by_personal`: where the user sees a mask, neither the order nor a
filter may reveal the hidden value.
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, CharField, Exists, F, OuterRef, QuerySet, Value, When

from accounts import policy
from complaints.models import Complaint


def mask_name(name: str) -> str:
    name = name.strip()
    return f"{name[0]}{'*' * max(len(name) - 1, 1)}" if name else ""


def mask_phone(phone: str) -> str:
    phone = phone.strip()
    if len(phone) >= 8:
        return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"
    return "*" * len(phone)


def with_personal_visibility(queryset: QuerySet, user) -> QuerySet:
    """Annotate each complaint with `personal_visible`, in the same query (lists and exports of any size)."""
    scope = Complaint.objects.for_user(user, policy.CHANGE)
    if not scope.query.where:
        # The user handles every complaint (the office): a constant, not a subquery over the whole table.
        return queryset.annotate(personal_visible=Value(True, output_field=BooleanField()))
    return queryset.annotate(personal_visible=Exists(scope.filter(pk=OuterRef("pk"))))


def order_by_personal(queryset: QuerySet, field: str, descending: bool) -> QuerySet:
    """Sort an annotated list by the complainant's name or phone where the user sees it; the masked rows come
    last in their usual order (newest first), so sorting tells nothing about what the mask hides."""
    shown = Case(When(personal_visible=True, then=F(field)), default=Value(None), output_field=CharField())
    key = shown.desc(nulls_last=True) if descending else shown.asc(nulls_last=True)
    return queryset.order_by(key, *Complaint._meta.ordering)


def personal_data_visible(user, complaint: Complaint) -> bool:
    visible = getattr(complaint, "personal_visible", None)
    if visible is None:
        visible = complaint.personal_visible = policy.can(user, policy.CHANGE, complaint)
    return visible


def complainant_name(user, complaint: Complaint) -> str:
    name = complaint.complainant_name
    return name if personal_data_visible(user, complaint) else mask_name(name)


def complainant_phone(user, complaint: Complaint) -> str:
    phone = complaint.complainant_phone
    return phone if personal_data_visible(user, complaint) else mask_phone(phone)
