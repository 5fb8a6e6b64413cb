"""Spot-check imports under the upload rules: an empty table fails and says so; the API refuses a hostile file."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core.models import Job, JobStatus
from inspections.models import SpotCheckResult
from tests.inspections.test_import import run_import
from tests.inspections.workbooks import HEADERS
from tests.zipbomb import build_bomb, encrypted_office_file

pytestmark = pytest.mark.django_db


def test_a_table_without_data_rows_fails_and_says_so(tmp_path, reference):
    book = Workbook()
    book.active.append(HEADERS)
    buffer = BytesIO()
    book.save(buffer)
    output, error = run_import(tmp_path, buffer.getvalue(), "--level", "municipal", "--year", "2015")
    assert error and "没有找到数据行" in output
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.error_lines[0].startswith("文件 · 没有找到数据行")
    assert not SpotCheckResult.objects.exists()


def test_the_api_refuses_a_bomb_and_an_encrypted_file_in_chinese(api_for, office_user, reference, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    build_bomb(bomb, 250 * 1024 * 1024, level=9)
    client = api_for(office_user)
    for content, message in [
        (bomb.read_bytes(), "表格解压后有 250.0 MB"),
        (encrypted_office_file(), "文件已加密"),
    ]:
        response = client.post(
            "/api/v1/inspections/imports/",
            {"file": SimpleUploadedFile("t.xlsx", content), "level": "municipal", "product_class": "food"},
            format="multipart",
        )
        assert response.status_code == 400 and response.json()["file"][0].startswith(message)
    assert not Job.objects.exists()
