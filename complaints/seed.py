"""Reference data of this app, loaded by `seed_reference`: the hotlines with their limits, and the holiday calendar.

Both are seeded once and then owned by the office, which edits handling rules and holidays in the web;
re-seeding adds what is missing (a new hotline, a newly published rule, a year the library has learnt) and never
overwrites an edit.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from simple_history.utils import bulk_create_with_history

from complaints import holidays, services
from complaints.models import HandlingLimit, Hotline
from core.registry import seeder
from organizations.models import Department

DATA = Path(__file__).parent / "data"


def _load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def limit_values(row: dict) -> dict:
    """A limit of the data file as model fields (its `confirmed` marks and `source` note included)."""
    confirmed = row["confirmed"]
    return {
        "effective_from": dt.date.fromisoformat(row["effective_from"]),
        "accept_days": row["accept_days"],
        "accept_working_days": row["accept_working_days"],
        "handle_days": row["handle_days"],
        "handle_working_days": row["handle_working_days"],
        "extension_max_days": row["extension_max_days"],
        "rule": row["rule"],
        "accept_confirmed": confirmed["accept"],
        "handle_confirmed": confirmed["handle"],
        "extension_confirmed": confirmed["extension"],
    }


@seeder("complaints.hotlines", order=40)
def seed_hotlines() -> str:
    data = _load("hotlines.json")
    existing = set(Hotline.objects.values_list("code", flat=True))
    departments = {d.code: d for d in Department.objects.all()}
    added = 0
    for row in data["hotlines"]:
        if row["code"] in existing:
            continue
        values = {k: v for k, v in row.items() if k not in ("code", "department")}
        Hotline.objects.create(code=row["code"], department=departments[row["department"]], **values)
        added += 1
    known = set(HandlingLimit.objects.values_list("hotline_id", "effective_from"))
    limits = [
        HandlingLimit(hotline_id=row["hotline"], **values)
        for row in data["limits"]
        if (row["hotline"], (values := limit_values(row))["effective_from"]) not in known
    ]
    bulk_create_with_history(limits, HandlingLimit)
    return f"{len(data['hotlines'])} hotlines, {added} added; {len(limits)} limits added"


@seeder("complaints.calendar", order=41)
def seed_calendar() -> str:
    added = services.calendar_sync()
    return f"calendar from {holidays.LIBRARY}: {len(added)} years added"
