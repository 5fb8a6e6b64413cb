"""The policy's indicators, targets and key tasks, loaded by `seed_reference` from targets/data/."""

from __future__ import annotations

from pathlib import Path

from core.registry import seeder
from organizations.models import Department
from organizations.seed import load_data, upsert
from targets.models import Indicator, KeyTask, Target

DATA = Path(__file__).parent / "data"
INDICATOR_FIELDS = (
    "name",
    "domain",
    "unit",
    "unit_label",
    "aggregation",
    "source_metric",
    "source_dims",
    "source_label",
    "accepts_entries",
    "reference_metric",
    "reference_dims",
    "reference_label",
    "guidance",
)
TARGET_FIELDS = ("name", "year", "clause", "wording", "comparator", "threshold", "tolerance", "scope")


@seeder("targets.indicators", order=30)
def seed_indicators() -> str:
    departments = {d.code: d for d in Department.objects.all()}
    rows = load_data("indicators.json", DATA)["indicators"]
    changed = targets = 0
    for order, row in enumerate(rows, start=1):
        values = {k: row.get(k, Indicator._meta.get_field(k).get_default()) for k in INDICATOR_FIELDS}
        values.update(department=departments[row["department"]], sort_order=order * 10)
        changed += upsert(Indicator, {"code": row["code"]}, values)
        indicator = Indicator.objects.get(code=row["code"])
        for spec in row["targets"]:
            target_values = {k: spec.get(k) for k in TARGET_FIELDS}
            target_values.update(indicator=indicator, sort_order=order * 10)
            changed += upsert(Target, {"code": f"{row['code']}-{spec['year']}"}, target_values)
            targets += 1
    return f"{len(rows)} indicators, {targets} targets, {changed} changed"


@seeder("targets.key_tasks", order=31)
def seed_key_tasks() -> str:
    departments = {d.code: d for d in Department.objects.all()}
    rows = load_data("key_tasks.json", DATA)["tasks"]
    changed = 0
    for order, row in enumerate(rows, start=1):
        values = {k: row[k] for k in ("section", "title", "text")}
        values.update(lead=departments[row["lead"]], sort_order=order * 10)
        changed += upsert(KeyTask, {"clause": row["clause"]}, values)
        task = KeyTask.objects.get(clause=row["clause"])
        supporting = {departments[code].pk for code in row["supporting"]}
        if {d.pk for d in task.supporting.all()} != supporting:
            task.supporting.set(supporting)
            changed += 1
    return f"{len(rows)} key tasks, {changed} changed"
