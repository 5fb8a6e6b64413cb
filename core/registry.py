"""Registries that apps add to from their own modules: reference data (`seed.py`), demo data (`demo.py`)
and the sections of an enterprise's quality record (`record.py`).

@seeder("organizations", order=10)
def seed_regions(out) -> str: ...   # idempotent; returns a one-line summary

@demo_loader("complaints", order=50)
def load(ctx: DemoContext) -> str: ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from random import Random

_seeders: list[tuple[int, str, Callable]] = []
_record_sections: list[tuple[int, RecordSection]] = []
_demo_loaders: list[tuple[int, str, Callable]] = []


def seeder(name: str, *, order: int):
    def decorator(func: Callable) -> Callable:
        _seeders.append((order, name, func))
        return func

    return decorator


def demo_loader(name: str, *, order: int):
    def decorator(func: Callable) -> Callable:
        _demo_loaders.append((order, name, func))
        return func

    return decorator


@dataclass(frozen=True)
class RecordSection:
    """A part of the enterprise quality record (质量信用档案): a title, a template, and its context.

    `context(enterprise, user)` returns a dict for `template`, built from the app's scoped selectors.
    """

    title: str
    template: str
    context: Callable


def record_section(*, title: str, template: str, order: int):
    def decorator(func: Callable) -> Callable:
        _record_sections.append((order, RecordSection(title=title, template=template, context=func)))
        return func

    return decorator


def record_sections() -> list[RecordSection]:
    return [section for _, section in sorted(_record_sections, key=lambda t: t[0])]


def seeders() -> list[tuple[str, Callable]]:
    return [(name, func) for _, name, func in sorted(_seeders, key=lambda t: (t[0], t[1]))]


def demo_loaders() -> list[tuple[str, Callable]]:
    return [(name, func) for _, name, func in sorted(_demo_loaders, key=lambda t: (t[0], t[1]))]


@dataclass
class DemoContext:
    """What demo loaders share: the size asked for, a seeded random source and the years covered."""

    size: str = "small"
    seed: int = 2014
    # Whether statistics may be computed (load_demo --no-recompute says no); a loader whose data reads them
    # (the assessments' automatic items) computes them first.
    recompute: bool = True
    years: list[int] = field(default_factory=lambda: [2013, 2014, 2015, 2016, 2017])
    random: Random = field(init=False)
    # Filled by earlier loaders for later ones (e.g. the demo password, enterprises created).
    shared: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.random = Random(self.seed)

    @property
    def large(self) -> bool:
        return self.size == "large"
