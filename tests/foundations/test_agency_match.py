"""Spot-check results name the testing agency of the register when the table's 承检机构 matches it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from foundations.models import Agency
from inspections.models import SpotCheckResult
from tests.inspections.test_import import register, run_import  # noqa: F401  (fixture: the table's enterprises)
from tests.inspections.workbooks import untidy_table

pytestmark = pytest.mark.django_db


def test_import_links_the_agency_by_normalised_name_and_keeps_the_text(tmp_path, register, zjj, county):  # noqa: F811
    # The register writes the name with a space and half-width brackets in a remark the table leaves out.
    agency = Agency.objects.create(
        name="盘锦市产品质量 监督检验所",
        cma_number="150612345678",
        scope="食品",
        region=county,
        valid_until=dt.date(2030, 1, 1),
        department=zjj,
    )
    Agency.objects.create(
        name="辽宁省产品质量监督检验院", cma_number="150612345679", scope="x", region=county,
        valid_until=dt.date(2030, 1, 1), department=zjj,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        output, error = run_import(tmp_path, untidy_table(), "--level", "municipal", "--year", "2015")
    assert error is None, error
    results = list(SpotCheckResult.objects.all())
    assert len(results) == 5
    assert {r.agency for r in results} == {"盘锦市产品质量监督检验所"}  # the text as the table wrote it
    assert {r.agency_ref_id for r in results} == {agency.pk}
    # The register is read once for the whole table, not once per row.
    assert sum('"foundations_agency"' in q["sql"] for q in queries.captured_queries) == 1
    assert list(agency.results.order_by("pk")) == sorted(results, key=lambda r: r.pk)


def test_import_leaves_an_unknown_agency_as_text_only(tmp_path, register):  # noqa: F811
    output, error = run_import(tmp_path, untidy_table(), "--level", "municipal", "--year", "2015")
    assert error is None
    assert set(SpotCheckResult.objects.values_list("agency", "agency_ref")) == {
        ("盘锦市产品质量监督检验所", None)
    }
