"""Regions named as they were: 大洼区 was 大洼县 until 2016-03-20 (国函〔2016〕53号).

Figures of a region that replaced another are continuous (the old region's records count for the new one,
core.stats.counted_as); only the name shown for a year changes: a year before the change shows the old name.
"""

from __future__ import annotations

import datetime as dt

from organizations.models import Region


def renamed() -> list[tuple[int, str, dt.date]]:
    """(successor id, the old name, the day it ended) of every region that replaced another (one query)."""
    return list(
        Region.objects.filter(successor__isnull=False, valid_until__isnull=False).values_list(
            "successor_id", "name", "valid_until"
        )
    )


def names_in_year(year: int, changes: list[tuple[int, str, dt.date]] | None = None) -> dict[int, str]:
    """Region id → the name to show for `year`, for regions whose name then differed (pass `renamed()` to
    name several years with one query)."""
    changes = renamed() if changes is None else changes
    return {successor: name for successor, name, valid_until in changes if year < valid_until.year}
