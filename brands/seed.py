"""Award types, loaded by `seed_reference` from brands/data/award_types.json."""

from __future__ import annotations

import json
from pathlib import Path

from brands.models import AwardType
from core.registry import seeder
from organizations.models import Department
from organizations.seed import upsert

DATA = Path(__file__).parent / "data"


@seeder("brands.award_types", order=40)
def seed_award_types() -> str:
    rows = json.loads((DATA / "award_types.json").read_text(encoding="utf-8"))["award_types"]
    departments = {d.code: d for d in Department.objects.all()}
    existing = set(AwardType.objects.values_list("code", flat=True))
    changed = 0
    for row in rows:
        values = {k: row[k] for k in ("name", "awarding_body", "subject", "sort_order")}
        values["department"] = departments.get(row["department"])
        # The validity is configured by the office on the award type page: the file only gives the first value.
        if row["code"] not in existing:
            values["default_validity_years"] = row["default_validity_years"]
        changed += upsert(AwardType, {"code": row["code"]}, values)
    return f"{len(rows)} award types, {changed} changed"
