"""Exports that finish: CSV beside .xlsx, large sets as a background job whose file is served through the policy,
and the fast row reader giving what the table shows (issue 15, item 1)."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core import exports, jobs
from core.models import Job, JobStatus
from core.views import list_view_at
from tests.core.test_export_text import PAYLOADS, text_cells
from tests.inspections.factories import SpotCheckResultFactory

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode()), "a BOM, so Excel and WPS read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_export_quotes_formula_like_text_and_keeps_numbers_and_dates(client_for, office_user, reference):
    for payload in PAYLOADS:
        SpotCheckResultFactory(product_name=payload, sampled_on=dt.date(2015, 4, 1))
    response = client_for(office_user).get("/inspections/results/", {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert ".csv" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:2] == ["抽样日期", "产品名称"]
    names = sorted(row[1] for row in rows)
    # Each planted text comes back behind one quote (a CR as the line feed XML and spreadsheets read).
    assert names == sorted("'" + p.replace("\r", "\n") for p in PAYLOADS)
    assert {row[0] for row in rows} == {"2015-04-01"}


def test_csv_export_is_scoped_like_the_page(client_for, county_user, county, other_county):
    SpotCheckResultFactory(region=county, product_name="本县大米")
    SpotCheckResultFactory(region=other_county, product_name="外县大米")
    rows = csv_rows(client_for(county_user).get("/inspections/results/", {"export": "csv"}))
    assert [row[1] for row in rows[1:]] == ["本县大米"]


def test_a_large_xlsx_export_becomes_a_job_whose_file_only_its_owner_downloads(
    client_for, office_user, county_user, monkeypatch, reference
):
    monkeypatch.setattr(exports, "EXPORT_JOB_ROWS", 2)
    for index, payload in enumerate(PAYLOADS[:3]):
        SpotCheckResultFactory(product_name=payload, sampled_on=dt.date(2015, 5, 1 + index))
    SpotCheckResultFactory(product_name="往年", sampled_on=dt.date(2014, 5, 1))
    client = client_for(office_user)
    response = client.get("/inspections/results/", {"year": "2015", "export": "xlsx"})
    job = Job.objects.get(kind=jobs.ExportRunner.kind)
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.QUEUED and job.user == office_user
    assert job.params["query"] == "year=2015" and job.params["filename"].endswith(".xlsx")

    job = jobs.job_run(job)
    assert job.status == JobStatus.SUCCEEDED, job.errors
    assert (job.done, job.total) == (3, 3)
    download = client.get(reverse("jobs:result", args=[job.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    cells = text_cells(content)
    assert all(cells.get(p) == "s" for p in PAYLOADS[:3]), cells
    assert "往年" not in cells
    sheet = load_workbook(io.BytesIO(content)).active
    # Dates are date cells, newest first as the page sorts them.
    assert sheet.cell(1, 1).value.startswith("筛选条件：年份 2015") or sheet.cell(1, 1).value.startswith(
        "筛选条件："
    )
    assert [row[0].value.date() for row in sheet.iter_rows(min_row=3)] == [
        dt.date(2015, 5, 3),
        dt.date(2015, 5, 2),
        dt.date(2015, 5, 1),
    ]
    # Someone else's export is not theirs to download.
    assert client_for(county_user).get(reverse("jobs:result", args=[job.pk])).status_code == 404


def test_an_export_job_of_a_user_who_lost_the_page_fails_without_a_file(office_user, reference):
    office_user.is_active = False
    office_user.save(update_fields=["is_active"])
    job = jobs.job_enqueue(
        kind=jobs.ExportRunner.kind,
        user=office_user,
        name="导出",
        params={"path": "/inspections/results/", "query": "", "format": "xlsx", "filename": "x.xlsx"},
    )
    job = jobs.job_run(job)
    assert job.status == JobStatus.FAILED and not job.result


@pytest.mark.parametrize("path", ["/inspections/results/", "/complaints/", "/org/enterprises/", "/jobs/"])
def test_fast_rows_are_what_the_table_exports(office_user, reference, path):
    """TableRows (tuples when it can, records otherwise) gives tables2's as_values, dates left as dates."""
    from tests.complaints.factories import ComplaintFactory
    from tests.factories import EnterpriseFactory

    SpotCheckResultFactory(conclusion="fail")
    SpotCheckResultFactory(specification="")
    ComplaintFactory(complainant_name="张三")
    EnterpriseFactory()
    Job.objects.create(kind="inspections.import", name="表", user=office_user)
    rows = list_view_at(path, "", office_user).export_rows()
    expected = list(rows.table.as_values())
    assert rows.headers == expected[0]

    def plain(value):
        if isinstance(value, dt.datetime):
            return value.isoformat(sep=" ")
        if isinstance(value, dt.date):
            return value.isoformat()
        # An empty cell stays empty (tables2 writes a column's placeholder "—").
        return None if value in ("", "—") else value

    assert [[plain(v) for v in row] for row in rows] == [[plain(v) for v in row] for row in expected[1:]]
