"""Uploads: limits per kind, a workbook checked as a zip before it is parsed (the zip bomb of issue 19), and
stored files served only through views that check the policy (never from /media/)."""

from __future__ import annotations

import importlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse
from openpyxl import Workbook

from core.jobs import job_enqueue
from core.models import Job, JobStatus
from core.tasks import run_job
from core.uploads import UploadPath, check_upload, first_sheet
from tests.downloads import assert_download
from tests.zipbomb import build_bomb, encrypted_office_file

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]


def xlsx(rows=(("名称", "数量"), ("甲", 1))) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refusal(content: bytes, name: str, kind: str) -> str:
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile(name, content), kind)
    return caught.value.messages[0]


@pytest.fixture
def small_limits(settings):
    """The limits scaled down, so a bomb of a few MB stands for one of gigabytes."""
    settings.UPLOAD_MAX_SIZES = {"import": 2 * MB, "attachment": 1 * MB}
    settings.XLSX_LIMITS = {"unpacked": 20 * MB, "entries": 50, "ratio": 200}


def test_a_plain_workbook_and_attachment_pass():
    check_upload(SimpleUploadedFile("抽查表.xlsx", xlsx()), "import")
    check_upload(SimpleUploadedFile("发票.pdf", b"%PDF-1.4"), "attachment")
    rows, merged = first_sheet(io.BytesIO(xlsx()))
    assert rows == [["名称", "数量"], ["甲", 1.0]] and merged == []


@pytest.mark.parametrize(
    ("content", "name", "kind", "message"),
    [
        (b"", "a.pdf", "attachment", "文件是空的（0 字节），请重新选择文件。"),
        (b"x" * (MB + 1), "a.pdf", "attachment", "文件过大（1.0 MB）：附件不能超过 1.0 MB。"),
        (b"x" * (2 * MB + 1), "a.xlsx", "import", "文件过大（2.0 MB）：导入的表格不能超过 2.0 MB。"),
        (b"<script>alert(1)</script>", "page.html", "attachment", "不接受.html文件"),
        (b"<svg onload=alert(1)>", "logo.svg", "attachment", "不接受.svg文件"),
        (b"MZ", "setup.exe", "attachment", "不接受.exe文件"),
        (b"a,b", "table.csv", "import", "不接受.csv文件：导入的表格只能是 .xls、.xlsx。"),
        (b"just text", "table.xlsx", "import", "不是 Excel 表格：请上传 .xlsx 或 .xls 文件。"),
        (encrypted_office_file(), "table.xlsx", "import", "文件已加密"),
        (xlsx()[:200], "table.xlsx", "import", "文件已损坏，不是有效的 Excel 表格。"),
    ],
)
def test_uploads_are_refused_in_chinese(small_limits, content, name, kind, message):
    assert refusal(content, name, kind).startswith(message)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert refusal(buffer.getvalue(), "t.xlsx", "import") == "不是 Excel 表格：请上传 .xlsx 或 .xls 文件。"


def test_a_workbook_with_too_many_entries_is_refused(small_limits):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(60):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", "<worksheet/>")
    assert refusal(buffer.getvalue(), "t.xlsx", "import").startswith(
        "表格文件包含 61 个内部文件，超过 50 个的上限"
    )


def test_a_scaled_zip_bomb_is_refused_before_parsing(small_limits, tmp_path):
    path = tmp_path / "bomb.xlsx"
    build_bomb(path, 30 * MB)
    assert path.stat().st_size < 2 * MB
    message = refusal(path.read_bytes(), "bomb.xlsx", "import")
    assert message.startswith("表格解压后有 30.0 MB，超过 20.0 MB 的上限（疑为恶意构造的压缩文件")
    # The importers' own reader refuses it too (the command line has no form in front of it).
    with pytest.raises(ValidationError, match="超过 20.0 MB 的上限"):
        first_sheet(path)


def test_a_high_compression_ratio_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    build_bomb(path, 150 * MB)  # under the 200 MB total, but ~1000 times compressed
    message = refusal(path.read_bytes(), "bomb.xlsx", "import")
    assert "xl/sharedStrings.xml 压缩比为" in message and "超过 200 倍的上限" in message


def test_the_full_size_zip_bomb_is_refused_in_bounded_memory(tmp_path):
    """Issue 19: a ~10 MB .xlsx whose shared strings unpack to 2.6 GB drove a worker to 2.8 GB resident."""
    path = tmp_path / "bomb.xlsx"
    build_bomb(path, 2600 * MB)
    assert path.stat().st_size < 10 * MB
    script = f"""
import json, os, resource
import django
django.setup()
from complaints.resources import SheetError, read_sheet
from inspections.importing import TableError, open_sheets

def peak_kb():
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1])

baseline = peak_kb()
try:
    list(open_sheets({str(path)!r})[1])
except TableError as exc:
    spotchecks = str(exc)
try:
    with open({str(path)!r}, "rb") as handle:
        read_sheet(handle)
except SheetError as exc:
    complaints = str(exc.row_error)
print(json.dumps({{"baseline_kb": baseline, "peak_kb": peak_kb(), "spotchecks": spotchecks, "complaints": complaints}}))
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"zip bomb refused: peak RSS {found['peak_kb'] / 1024:.0f} MB (after setup {found['baseline_kb'] / 1024:.0f} MB)"
    )
    assert found["spotchecks"].startswith("表格解压后有 2.5 GB，超过 200.0 MB 的上限")
    assert found["complaints"].startswith("文件 · 表格解压后有 2.5 GB")
    assert found["peak_kb"] < 300 * 1024


@pytest.mark.django_db
def test_an_import_job_on_a_bomb_fails_with_the_reason(office_user, reference, small_limits, tmp_path):
    path = tmp_path / "bomb.xlsx"
    build_bomb(path, 30 * MB)
    job = job_enqueue(
        kind="complaints.import",
        user=office_user,
        name="bomb.xlsx",
        params={"hotline": "12365"},
        file=ContentFile(path.read_bytes(), name="bomb.xlsx"),
        check_only=True,
    )
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_lines[0].startswith("文件 · 表格解压后有 30.0 MB，超过 20.0 MB 的上限")


def test_stored_names_are_random_and_keep_the_original_name():
    upload_to = UploadPath("complaints")
    first, second = upload_to(None, "发票.pdf"), upload_to(None, "发票.pdf")
    assert first != second and first.startswith("complaints/") and first.endswith("/发票.pdf")
    assert len(first.split("/")[2]) >= 20  # the random directory


@pytest.mark.django_db
def test_media_urls_are_not_served_even_in_debug(client_for, office_user, media_root, settings):
    (media_root / "complaints/2016/03").mkdir(parents=True)
    (media_root / "complaints/2016/03/x.html").write_text("<script>alert(1)</script>")
    settings.DEBUG = True
    import config.urls

    try:
        importlib.reload(config.urls)
        clear_url_caches()
        response = client_for(office_user).get("/media/complaints/2016/03/x.html")
        assert response.status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
        clear_url_caches()


@pytest.mark.django_db
def test_job_files_are_served_to_those_who_see_the_job(
    client, client_for, office_user, department_user, other_department_user, department
):
    job = job_enqueue(
        kind="complaints.import",
        user=department_user,
        name="热线导出.xlsx",
        params={"hotline": "12365"},
        file=ContentFile(b"bytes", name="热线导出.xlsx"),
        check_only=True,
    )
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED)
    job.refresh_from_db()
    job.result.save("报告.pdf", ContentFile(b"%PDF-1.4 r"), save=False)
    job.params = {"filename": "2015年度报告.pdf"}
    job.save(update_fields=["result", "params"])
    assert "/jobs/uploads/" not in job.file.name and job.file.name.endswith("/热线导出.xlsx")
    upload, result = reverse("jobs:file", args=[job.pk]), reverse("jobs:result", args=[job.pk])
    assert_download(client_for(department_user).get(upload), b"bytes", "热线导出.xlsx")
    assert_download(client_for(office_user).get(result), b"%PDF-1.4 r", "2015年度报告.pdf")
    assert client_for(other_department_user).get(upload).status_code == 404
    assert client_for(other_department_user).get(result).status_code == 404
    assert client.get(upload).status_code == 302 and "/accounts/login/" in client.get(upload).url


def test_production_hands_the_file_to_nginx(rf, settings, media_root):
    from django_sendfile.utils import _get_sendfile

    from core.uploads import serve

    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_URL = "/protected-media"
    _get_sendfile.cache_clear()
    try:
        (media_root / "complaints/2026/tok").mkdir(parents=True)
        (media_root / "complaints/2026/tok/页面.html").write_text("<b>x</b>")
        field = type("F", (), {"name": "complaints/2026/tok/页面.html"})()
        response = serve(rf.get("/"), field)
    finally:
        _get_sendfile.cache_clear()
    assert response["X-Accel-Redirect"].startswith("/protected-media/complaints/2026/tok/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert not response.content  # nginx sends the bytes
