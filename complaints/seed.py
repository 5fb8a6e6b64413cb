"""Reference data of this app, loaded by `seed_reference`: the hotlines and the holiday calendar.

Both are seeded once and then owned by the office, which edits handling rules and holidays in the web;
re-seeding adds what is missing (a new hotline, a newly published year) and never overwrites an edit.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from simple_history.utils import bulk_create_with_history

from complaints.models import CalendarDay, Hotline
from core.registry import seeder
from organizations.models import Department

DATA = Path(__file__).parent / "data"


def _load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@seeder("complaints.hotlines", order=40)
def seed_hotlines() -> str:
    rows = _load("hotlines.json")["hotlines"]
    existing = set(Hotline.objects.values_list("code", flat=True))
    departments = {d.code: d for d in Department.objects.all()}
    added = 0
    for row in rows:
        if row["code"] in existing:
            continue
        values = {k: v for k, v in row.items() if k not in ("code", "department")}
        Hotline.objects.create(code=row["code"], department=departments[row["department"]], **values)
        added += 1
    return f"{len(rows)} hotlines, {added} added"


@seeder("complaints.calendar", order=41)
def seed_calendar() -> str:
    rows = _load("calendar.json")["days"]
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    missing = [
        CalendarDay(date=day, is_working_day=row["is_working_day"], name=row["name"])
        for row in rows
        if (day := dt.date.fromisoformat(row["date"])) not in existing
    ]
    bulk_create_with_history(missing, CalendarDay, batch_size=1000)
    return f"{len(rows)} calendar days, {len(missing)} added"
