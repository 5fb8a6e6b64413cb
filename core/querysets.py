"""The one scoping call every user-reachable queryset goes through."""

from __future__ import annotations

from django.db import models


class ScopedQuerySet(models.QuerySet):
    """`Model.objects.for_user(user, action)`: the rows the policy lets this user view or change."""

    def for_user(self, user, action: str = "view") -> ScopedQuerySet:
        from accounts import policy

        return policy.restrict(self, user, action)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)
