"""Regions named as they were: 大洼区 was 大洼县 until 2016-03-20 (国函〔2016〕53号).

Figures of a region that replaced another are continuous (the old region's records count for the new one,
core.stats.counted_as); only the name shown for a year changes: a year before the change shows the old name.
"""

from __future__ import annotations

from organizations.models import Region


def names_in_year(year: int) -> dict[int, str]:
    """Region id → the name to show for `year`, for regions whose name then differed (one query)."""
    renamed = Region.objects.filter(successor__isnull=False, valid_until__isnull=False).values_list(
        "successor_id", "name", "valid_until"
    )
    return {successor: name for successor, name, valid_until in renamed if year < valid_until.year}
