"""Complaint attachments and hotline imports under the upload rules: served only as downloads, to the handlers."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.models import Attachment, Hotline
from complaints.resources import import_job_create
from core.models import Job, JobStatus
from core.tasks import run_job
from tests.complaints.test_import import workbook
from tests.downloads import assert_download
from tests.zipbomb import encrypted_office_file

pytestmark = pytest.mark.django_db


def test_attachments_download_only_to_handlers(
    client, client_for, office_user, hotline_user, county_user, complaint
):
    upload = reverse("complaints:attachment_upload", args=[complaint.pk])
    client_for(hotline_user).post(upload, {"file": SimpleUploadedFile("发票.pdf", b"%PDF-1.4 inv")})
    attachment = Attachment.objects.get()
    prefix, year, token, name = attachment.file.name.split("/")
    assert (prefix, name) == ("complaints", "发票.pdf") and len(token) >= 20  # not guessable
    url = attachment.get_absolute_url()
    assert_download(client_for(hotline_user).get(url), b"%PDF-1.4 inv", "发票.pdf")
    assert_download(client_for(office_user).get(url), b"%PDF-1.4 inv", "发票.pdf")
    assert client_for(county_user).get(url).status_code == 404
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["page.html", "logo.svg", "setup.exe"])
def test_a_forbidden_type_is_refused_with_the_reason(client_for, hotline_user, complaint, name):
    upload = reverse("complaints:attachment_upload", args=[complaint.pk])
    response = client_for(hotline_user).post(
        upload, {"file": SimpleUploadedFile(name, b"<script>alert(1)</script>")}, follow=True
    )
    assert not Attachment.objects.exists()
    assert f"不接受.{name.rsplit('.', 1)[1]}文件：附件只能是" in response.content.decode()


def test_a_too_large_attachment_is_refused(client_for, hotline_user, complaint, settings):
    settings.UPLOAD_MAX_SIZES = {**settings.UPLOAD_MAX_SIZES, "attachment": 1024}
    upload = reverse("complaints:attachment_upload", args=[complaint.pk])
    response = client_for(hotline_user).post(
        upload, {"file": SimpleUploadedFile("a.pdf", b"x" * 2048)}, follow=True
    )
    assert not Attachment.objects.exists()
    assert "文件过大（0.0 MB）：附件不能超过 0.0 MB。" in response.content.decode()


def test_an_html_file_stored_before_the_rules_is_never_served_as_html(
    client_for, office_user, complaint, media_root
):
    # An old upload, under the old sequential path: it still downloads, as bytes.
    (media_root / "complaints/2016/03").mkdir(parents=True)
    (media_root / "complaints/2016/03/page.html").write_bytes(b"<script>alert(1)</script>")
    attachment = Attachment(complaint=complaint, name="page.html")
    attachment.file.name = "complaints/2016/03/page.html"
    attachment.save()
    response = client_for(office_user).get(attachment.get_absolute_url())
    assert_download(response, b"<script>alert(1)</script>", "page.html")
    assert response["Content-Type"] == "application/octet-stream"


def test_a_missing_file_is_a_404(client_for, office_user, complaint):
    attachment = Attachment(complaint=complaint, name="gone.pdf")
    attachment.file.name = "complaints/2016/03/gone.pdf"
    attachment.save()
    assert client_for(office_user).get(attachment.get_absolute_url()).status_code == 404


def test_an_import_without_data_rows_fails_and_says_so(office_user, reference):
    job = import_job_create(
        file=ContentFile(workbook([]), name="空表.xlsx"),
        hotline=Hotline.objects.get(code="12365"),
        user=office_user,
        dry_run=False,
    )
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_lines == ["文件 · 没有找到数据行：表头下面没有工单。"]


def test_an_encrypted_export_is_refused_on_the_form(client_for, office_user, reference):
    response = client_for(office_user).post(
        reverse("complaints:import"),
        {
            "hotline": "12365",
            "file": SimpleUploadedFile("导出.xlsx", encrypted_office_file()),
            "dry_run": "on",
        },
    )
    assert response.status_code == 200 and not Job.objects.exists()
    assert "文件已加密" in response.content.decode()
