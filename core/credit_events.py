"""Credit events (信用事件) on an enterprise's record, from every app that knows of one: one registry.

Each app declares its kinds of event in its own `credit.py` (autodiscovered by core.apps), as a function that
returns the events of a date window in one query (set-based), for every enterprise or only some:

    @credit_events.source("failed_spot_check", label="监督抽查不合格")
    def failed_spot_checks(start, end, enterprise_ids=None):
        rows = SpotCheckResult.objects.filter(counted="fail", sampled_on__range=(start, end)) ...
        return [credit_events.Event(enterprise_id, day, "failed_spot_check", ref, text, url) for ...]

The credit rating (`credit/stats.py`) reads every kind through `collect`; its rules name kinds by their code,
so an app adds a kind without the credit app knowing it. Sources read their records unscoped: whoever shows
the events checks the viewer may see the enterprise's credit record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    """One thing on an enterprise's credit record: what, when, the record behind it and its page."""

    enterprise_id: int
    date: dt.date
    kind: str
    # The record behind it, "app.Model:pk", so a rating's reasons name exactly which records moved it.
    ref: str
    description: str
    url: str = ""


Source = Callable[[dt.date, dt.date, Collection[int] | None], Iterable[Event]]


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    # Awards and the like count for an enterprise, everything else against it.
    positive: bool
    func: Source


_KINDS: dict[str, Kind] = {}


def source(code: str, *, label: str, positive: bool = False):
    """Register a function (start, end, enterprise_ids or None) -> events dated start..end, both included."""

    def decorator(func: Source) -> Source:
        _KINDS[code] = Kind(code=code, label=label, positive=positive, func=func)
        return func

    return decorator


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.positive, kind.code))


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.code, kind.label) for kind in kinds()]


def label(code: str) -> str:
    kind = _KINDS.get(code)
    return kind.label if kind else code


def collect(
    start: dt.date,
    end: dt.date,
    enterprise_ids: Collection[int] | None = None,
    codes: Iterable[str] | None = None,
) -> list[Event]:
    """Every event of the window (of the kinds `codes`, default all), oldest first."""
    wanted = [_KINDS[code] for code in codes if code in _KINDS] if codes is not None else kinds()
    events = [event for kind in wanted for event in kind.func(start, end, enterprise_ids)]
    return sorted(events, key=lambda event: (event.date, event.kind, event.ref))


def detail_url(name: str) -> Callable[[int], str]:
    """pk → the URL of a detail page named `name`, resolved once for a whole source's rows."""
    from django.urls import reverse

    prefix, _, suffix = reverse(name, args=[0]).rpartition("/0/")
    return lambda pk: f"{prefix}/{pk}/{suffix}"


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def visible_refs(user, refs: Iterable[str]) -> set[str]:
    """The refs ("app.Model:pk") whose records the user may view, one scoped query per model: an enterprise's
    record shows only the events whose records the viewer could open (an incident of another county is not)."""
    from django.apps import apps

    by_model: dict[str, set[int]] = {}
    for ref in refs:
        label, _, pk = ref.partition(":")
        if pk.isdigit():
            by_model.setdefault(label, set()).add(int(pk))
    visible = set()
    for label, pks in by_model.items():
        model = apps.get_model(label)
        visible |= {
            f"{label}:{pk}"
            for pk in model.objects.for_user(user).filter(pk__in=pks).values_list("pk", flat=True)
        }
    return visible


def visible_reasons(user, reasons: list[dict]) -> list[dict]:
    """A rating's reasons with only the events the user may view (the count still says how many there were)."""
    visible = visible_refs(user, (e["ref"] for reason in reasons for e in reason["events"]))
    return [{**reason, "events": [e for e in reason["events"] if e["ref"] in visible]} for reason in reasons]
