"""Base viewsets: every queryset through the policy, and writes re-checked against it inside the transaction."""

from __future__ import annotations

from django.db import transaction
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from accounts import policy


class ScopedViewSetMixin:
    """`queryset` is restricted with `for_user`: "view" for reads, "change" for writes (out of scope is 404)."""

    def get_queryset(self):
        action = policy.VIEW if self.request.method in ("GET", "HEAD", "OPTIONS") else policy.CHANGE
        return super().get_queryset().for_user(self.request.user, action)


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """After a create or update the object must still be in the user's scope, or the write is rolled back."""

    def _save_in_scope(self, serializer) -> None:
        with transaction.atomic():
            obj = serializer.save()
            if not policy.can(self.request.user, policy.CHANGE, obj):
                raise PermissionDenied("无权在该范围内新增或修改数据。")

    def perform_create(self, serializer) -> None:
        self._save_in_scope(serializer)

    def perform_update(self, serializer) -> None:
        self._save_in_scope(serializer)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
