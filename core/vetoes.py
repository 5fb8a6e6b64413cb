"""What vetoes a county's assessment (一票否决), found in the registers that record it.

A register (the incidents app) declares a source of findings; the assessments read it for the veto items
that name the source (`Item.veto_source`) and re-read it when the register tells them it changed. Neither app
imports the other:

    @vetoes.source("incidents", label="质量安全事故")
    def incident_findings(region_ids, start, end) -> Iterable[VetoFinding]: ...

    vetoes.changed(region_id, day)   # after a write that may start or end a veto
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class VetoFinding:
    """One record that vetoes a county's assessment of the window it falls in, unless it was lifted."""

    region_id: int
    day: dt.date
    label: str
    url: str
    lifted: bool = False
    lift_reason: str = ""


Source = Callable[[list[int], dt.date, dt.date], Iterable[VetoFinding]]
Listener = Callable[[int, dt.date], None]
_SOURCES: dict[str, tuple[str, Source]] = {}
_LISTENERS: list[Listener] = []


def source(name: str, *, label: str):
    """Register a function (region ids, first day, last day) -> the findings of those regions in that window."""

    def decorator(fn: Source) -> Source:
        _SOURCES[name] = (label, fn)
        return fn

    return decorator


def choices() -> list[tuple[str, str]]:
    return [(name, label) for name, (label, _) in sorted(_SOURCES.items())]


def findings(name: str, region_ids: list[int], start: dt.date, end: dt.date) -> list[VetoFinding]:
    """The findings of the source `name` (lifted ones too) for those regions between start and end."""
    if name not in _SOURCES:
        return []
    return sorted(_SOURCES[name][1](region_ids, start, end), key=lambda f: (f.day, f.label))


def on_change(fn: Listener) -> Listener:
    """Register a function called with (region id, day) after a register changed a finding."""
    _LISTENERS.append(fn)
    return fn


def changed(region_id: int, day: dt.date) -> None:
    for fn in _LISTENERS:
        fn(region_id, day)
