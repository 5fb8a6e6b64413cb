"""The first rating rules, loaded by `seed_reference` from credit/data/rating_rules.json."""

from __future__ import annotations

import json
from pathlib import Path

from core.registry import seeder
from credit.models import RatingRule

DATA = Path(__file__).parent / "data"
FIELDS = ("name", "kind", "window_months", "min_events", "effect", "grade", "points", "order", "basis")


@seeder("credit.rating_rules", order=60)
def seed_rating_rules() -> str:
    rows = json.loads((DATA / "rating_rules.json").read_text(encoding="utf-8"))["rules"]
    existing = set(RatingRule.objects.values_list("code", flat=True))
    # The office changes the rules on their page: the file only gives the rules that are missing.
    created = 0
    for row in rows:
        if row["code"] in existing:
            continue
        rule = RatingRule(code=row["code"], **{name: row[name] for name in FIELDS if name in row})
        rule.full_clean()
        rule.save()
        created += 1
    return f"{len(rows)} rating rules, {created} created"
