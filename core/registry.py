"""Registries that apps add to from their own modules: reference data (`seed.py`) and demo data (`demo.py`).

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


def seeders() -> list[tuple[str, Callable]]:
    return [(name, func) for _, name, func in sorted(_seeders, key=lambda t: (t[0], t[1]))]


def demo_loaders() -> list[tuple[str, Callable]]:
    return [(name, func) for _, name, func in sorted(_demo_loaders, key=lambda t: (t[0], t[1]))]


@dataclass
class DemoContext:
    """What demo loaders share: the size asked for, a seeded random source and the years covered."""

    size: str = "small"
    seed: int = 2014
    years: list[int] = field(default_factory=lambda: [2013, 2014, 2015, 2016, 2017])
    random: Random = field(init=False)
    # Filled by earlier loaders for later ones (e.g. the demo password, enterprises created).
    shared: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.random = Random(self.seed)

    @property
    def large(self) -> bool:
        return self.size == "large"
