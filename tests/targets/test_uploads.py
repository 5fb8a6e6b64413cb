"""Progress-report attachments: downloads for the reporting department and the office, refused types refused."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.models import Department
from targets import services
from targets.models import KeyTask, TaskAttachment
from tests.downloads import assert_download

pytestmark = pytest.mark.django_db


def report_with(user, *files):
    return services.task_report_save(
        user=user,
        task=KeyTask.objects.get(clause="三(三)2"),
        department=Department.objects.get(code="zjw"),
        year=2015,
        status="done",
        text="完成",
        files=files,
    )


def test_task_attachments_download_through_the_policy(
    client, client_for, department_user, other_department_user, office_user
):
    report = report_with(department_user, SimpleUploadedFile("总结.pdf", b"%PDF sum"))
    attachment = report.attachments.get()
    assert attachment.file.name.startswith("targets/task_reports/") and attachment.file.name.endswith(
        "/总结.pdf"
    )
    url = reverse("targets:attachment", args=[attachment.pk])
    page = client_for(office_user).get(reverse("targets:task_detail", args=[report.task_id])).content.decode()
    assert url in page and "/media/" not in page
    assert_download(client_for(department_user).get(url), b"%PDF sum", "总结.pdf")
    assert_download(client_for(office_user).get(url), b"%PDF sum", "总结.pdf")
    assert client_for(other_department_user).get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_a_forbidden_attachment_type_writes_nothing(department_user):
    with pytest.raises(ValidationError, match="不接受.html文件"):
        report_with(department_user, SimpleUploadedFile("x.html", b"<script>"))
    assert not TaskAttachment.objects.exists()
