"""Reference data of this app, loaded by `seed_reference` from inspections/data/."""

from __future__ import annotations

import json
from pathlib import Path

from core.registry import seeder
from inspections.models import ProductClass
from organizations.models import Department
from organizations.seed import upsert

DATA = Path(__file__).parent / "data"


@seeder("inspections.product_classes", order=30)
def seed_product_classes() -> str:
    rows = json.loads((DATA / "product_classes.json").read_text(encoding="utf-8"))["product_classes"]
    departments = {d.code: d for d in Department.objects.all()}
    changed = 0
    # Parents are referenced by code: create every class before linking.
    for row in rows:
        values = {
            "name": row["name"],
            "department": departments.get(row.get("department")),
            "target_rate": row.get("target_rate"),
            "industries": row.get("industries", []),
            "sort_order": row.get("sort_order", 0),
        }
        changed += upsert(ProductClass, {"code": row["code"]}, values)
    for row in rows:
        parent = ProductClass.objects.get(code=row["parent"]) if row.get("parent") else None
        changed += upsert(ProductClass, {"code": row["code"]}, {"parent": parent})
    return f"{len(rows)} product classes, {changed} changed"
