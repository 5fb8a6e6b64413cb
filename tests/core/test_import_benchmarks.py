"""The import benchmarks print the contract's lines and leave nothing behind unless asked to keep the rows."""

import io

import pytest
from django.core.management import call_command

from complaints.models import Complaint
from inspections.models import SpotCheckResult


def run(command: str, **options) -> dict[str, str]:
    out = io.StringIO()
    call_command(command, stdout=out, **options)
    return dict(line.split(": ", 1) for line in out.getvalue().splitlines())


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("command", "model", "more"),
    [
        # The spot-check bulletin lists other cities too: it says how many rows it imported and set aside.
        ("benchmark_import", SpotCheckResult, ["imported", "skipped"]),
        ("benchmark_import_complaints", Complaint, []),
    ],
)
def test_import_benchmark_prints_its_figures_and_rolls_back(reference, command, model, more):
    figures = run(command, rows=40)
    assert list(figures) == ["rows", "read_s", "import_s", "ratio", *more]
    assert int(figures["rows"]) == 40
    assert float(figures["import_s"]) > 0 and float(figures["read_s"]) > 0
    assert not model.objects.exists()
    kept = run(command, rows=40, keep=True)
    imported = int(kept.get("imported", 40))
    assert model.objects.count() == imported and imported + int(kept.get("skipped", 0)) == 40
