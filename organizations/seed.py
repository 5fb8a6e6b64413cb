"""Reference data of this app, loaded by `seed_reference` from the JSON files in organizations/data/."""

from __future__ import annotations

import json
from pathlib import Path

from core.registry import seeder
from organizations.models import Department, Region

DATA = Path(__file__).parent / "data"


def load_data(name: str, directory: Path = DATA) -> dict:
    """A JSON data file of an app (organizations/data/ unless another app's data folder is given)."""
    return json.loads((directory / name).read_text(encoding="utf-8"))


def upsert(model, lookup: dict, values: dict) -> bool:
    """Create or update one row, saving (and so recording history) only when something changed."""
    values = {
        k: v if model._meta.get_field(k).is_relation else model._meta.get_field(k).to_python(v)
        for k, v in values.items()
    }
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        model.objects.create(**lookup, **values)
        return True
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for key in changed:
            setattr(obj, key, values[key])
        obj.save(update_fields=changed)
    return bool(changed)


@seeder("organizations.regions", order=10)
def seed_regions() -> str:
    rows = load_data("regions.json")["regions"]
    changed = 0
    # Parents and successors are referenced by code, so create every row before linking.
    for row in rows:
        values = {
            k: row.get(k)
            for k in ("name", "kind", "national_code", "sort_order", "valid_from", "valid_until")
        }
        changed += upsert(Region, {"code": row["code"]}, values)
    for row in rows:
        links = {
            "parent": Region.objects.get(code=row["parent"]) if row.get("parent") else None,
            "successor": Region.objects.get(code=row["successor"]) if row.get("successor") else None,
        }
        changed += upsert(Region, {"code": row["code"]}, links)
    return f"{len(rows)} regions, {changed} changed"


@seeder("organizations.departments", order=11)
def seed_departments() -> str:
    rows = load_data("departments.json")["departments"]
    changed = sum(
        upsert(Department, {"code": row["code"]}, {k: v for k, v in row.items() if k != "code"})
        for row in rows
    )
    return f"{len(rows)} departments, {changed} changed"
