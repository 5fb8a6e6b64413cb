"""Why a delete was refused: the records that still refer to the object, said the same way in pages and the API."""

from __future__ import annotations

from collections import Counter

from django.db.models import ProtectedError, RestrictedError


def still_referenced(exc: ProtectedError | RestrictedError) -> str:
    """`无法删除：仍被 3 条抽查结果、1 条获奖记录引用。…` from a ProtectedError or RestrictedError."""
    related = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
    counts = Counter(str(obj._meta.verbose_name) for obj in related)
    which = "、".join(f"{count} 条{name}" for name, count in sorted(counts.items()))
    return f"无法删除：仍被 {which}引用。请先删除或改掉这些记录，或保留这条记录。"
