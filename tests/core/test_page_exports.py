"""Issue 16 item 4: every page that shows a table exports it to Excel through core.exports — the lists through
ObjectListView, boards, rate tables and dashboards through SheetExportMixin — with the filters applied named
on the line above the table, booleans as 是/否 and numbers as numbers, scoped as the page is."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import resolve
from openpyxl import load_workbook

from accounts.models import User
from core.exports import XLSX_TYPE
from tests.core.test_every_page import PATHS

# Pages with parameters whose tables export too (the parameterless ones are found from the URL resolver).
WITH_PARAMETERS = ["/dashboards/county/211103/", "/dashboards/county/211103/?year=2015"]
# Pages that show a table but are forms or reference pages of another kind, and why they need no export.
NO_EXPORT = {
    "/inspections/import/": "the recent imports of the user (a job list, each job with its own page)",
    "/complaints/import/": "the recent imports of the user (a job list, each job with its own page)",
    "/assessments/reports/": "the reports ordered: each is itself a PDF or Excel download",
}


def workbook(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX_TYPE
    return load_workbook(io.BytesIO(response.content))


@pytest.fixture
def demo(reference):
    call_command("load_demo", stdout=io.StringIO())
    return {name: User.objects.get(username=name) for name in ("office", "county-211103", "leader")}


@pytest.mark.django_db
def test_every_page_with_a_table_exports_it_with_its_filters_named(demo, client_for):
    client = client_for(demo["office"])
    checked = []
    for path in [*PATHS, *WITH_PARAMETERS]:
        page = client.get(path)
        html = page.content.decode() if page.get("Content-Type", "").startswith("text/html") else ""
        if page.status_code != 200 or "<table" not in html or path in NO_EXPORT:
            continue
        assert "export=xlsx" in html, f"{path} shows a table without an Excel export"
        base, _, query = path.partition("?")
        book = workbook(
            client.get(base, {**dict(p.split("=") for p in query.split("&") if p), "export": "xlsx"})
        )
        for sheet in book.worksheets:
            caption = sheet.cell(1, 1).value
            assert caption.startswith("筛选条件："), f"{path} {sheet.title}: {caption}"
            assert re.search(r"导出于 \d{4}-\d\d-\d\d \d\d:\d\d$", caption)
        checked.append(path)
    # The boards, rate tables and dashboards are among them, not only the lists.
    assert {"/targets/", "/targets/approvals/", "/targets/tasks/", "/inspections/pass-rates/"} <= set(checked)
    assert {"/inspections/risks/", "/assessments/results/", "/dashboards/", "/complaints/overdue/"} <= set(
        checked
    )
    assert "/dashboards/county/211103/" in checked


@pytest.mark.django_db
def test_page_export_names_the_filters_and_keeps_numbers_and_booleans(demo, client_for):
    client = client_for(demo["office"])
    book = workbook(client.get("/dashboards/county/211103/", {"year": 2015, "export": "xlsx"}))
    assert book.worksheets[0].cell(1, 1).value.startswith("筛选条件：年度 2015；地区 兴隆台区")
    levels = book.worksheets[1]
    header = [c.value for c in levels[2]]
    assert header[:4] == ["级别", "抽查批次", "合格批次", "合格率（%）"]
    first = [c.value for c in levels[3]]
    assert isinstance(first[1], int | float) and isinstance(first[3], int | float)
    assert first[4] in ("是", "否")  # 样本少, a boolean, in words
    # A filter with a choice is named by its label, as the page shows it.
    rates = workbook(
        client.get("/inspections/pass-rates/", {"year": 2015, "region": "211103", "export": "xlsx"})
    )
    assert rates.worksheets[0].cell(1, 1).value.startswith("筛选条件：年度 2015；地区 兴隆台区")
    # The lists name theirs too.
    results = workbook(client.get("/complaints/", {"region": "211103", "export": "xlsx"})).active
    assert results.cell(1, 1).value.startswith("筛选条件：县区 兴隆台区")
    assert results.cell(2, 1).value == "工单编号" or results.cell(2, 1).value


@pytest.mark.django_db
def test_a_countys_page_exports_are_its_own(demo, client_for):
    county = client_for(demo["county-211103"])
    book = workbook(county.get("/dashboards/county/211103/", {"export": "xlsx"}))
    text = " ".join(
        str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value
    )
    for other in ("双台子区", "盘山县", "辽东湾新区"):
        assert other not in text
    assert county.get("/dashboards/county/211122/", {"export": "xlsx"}).status_code == 403
    assert county.get("/targets/approvals/", {"export": "xlsx"}).status_code == 403
    assert county.get("/inspections/risks/", {"export": "xlsx"}).status_code == 403
    # Its complaints list exports only its own work orders.
    rows = workbook(county.get("/complaints/", {"export": "xlsx"})).active
    header = [c.value for c in rows[2]]
    regions = {r[header.index("所属县区")] for r in rows.iter_rows(min_row=3, values_only=True)}
    assert regions == {"兴隆台区"}


def test_every_page_export_is_a_view_that_exports():
    from core.views import ObjectListView, SheetExportMixin

    for path in ["/targets/", "/targets/approvals/", "/targets/tasks/", "/inspections/pass-rates/",
                 "/inspections/risks/", "/assessments/results/", "/dashboards/", "/brands/assignments/"]:  # fmt: skip
        view = resolve(path).func.view_class
        assert issubclass(view, SheetExportMixin | ObjectListView), path


def test_sheet_names_are_made_valid_and_unique():
    from core.exports import workbook_bytes

    long_year = "9" * 40
    book = load_workbook(
        io.BytesIO(
            workbook_bytes(
                [
                    (f"{long_year}年各季度", ["a"], [[1]]),
                    (f"{long_year}年各产品类别", ["a"], [[2]]),
                    ("a/b:c", ["a"], []),
                ]
            )
        )
    )
    assert [s.title for s in book.worksheets] == ["9" * 31, "9" * 28 + "(2)", "a_b_c"]
