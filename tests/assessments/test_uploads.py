"""Evidence and rectification reports: served as downloads only to those who may see the county's assessment."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import services
from assessments.models import Evidence
from tests.downloads import assert_download

pytestmark = pytest.mark.django_db


def test_evidence_downloads_to_its_county_and_the_office(
    client, client_for, county_user, other_county_user, office_user, county_assessment
):
    score = county_assessment.scores.get(item__code="plan")
    url = reverse("assessments:assessment_upload", args=[county_assessment.pk, "evidence"])
    client_for(county_user).post(
        url, {"item_score": score.pk, "file": SimpleUploadedFile("计划.pdf", b"%PDF plan")}
    )
    evidence = Evidence.objects.get()
    assert evidence.file.name.startswith("assessments/evidence/") and evidence.file.name.endswith("/计划.pdf")
    download = reverse("assessments:evidence_download", args=[evidence.pk])
    assert_download(client_for(county_user).get(download), b"%PDF plan", "计划.pdf")
    assert_download(client_for(office_user).get(download), b"%PDF plan", "计划.pdf")
    assert client_for(other_county_user).get(download).status_code == 404
    assert client.get(download).status_code == 302


def test_evidence_of_a_forbidden_type_is_refused(client_for, county_user, county_assessment):
    score = county_assessment.scores.get(item__code="plan")
    url = reverse("assessments:assessment_upload", args=[county_assessment.pk, "evidence"])
    response = client_for(county_user).post(
        url, {"item_score": score.pk, "file": SimpleUploadedFile("x.html", b"<script>")}, follow=True
    )
    assert not Evidence.objects.exists() and "不接受.html文件" in response.content.decode()


def test_rectification_report_downloads_to_its_county_only(
    client, client_for, announced, county_user, other_county_user, office_user
):
    flagged = announced.assessments.get(region=other_county_user.region)
    services.rectification_submit(
        assessment=flagged, file=SimpleUploadedFile("整改.docx", b"report"), user=other_county_user
    )
    flagged.refresh_from_db()
    assert "/rectification/" in flagged.rectification_report.name
    download = reverse("assessments:rectification_download", args=[flagged.pk])
    assert_download(client_for(other_county_user).get(download), b"report", f"{flagged}整改报告.docx")
    assert_download(client_for(office_user).get(download), b"report", f"{flagged}整改报告.docx")
    assert client_for(county_user).get(download).status_code == 404
    assert client.get(download).status_code == 302


def test_rectification_report_of_a_forbidden_type_is_refused_by_the_service(announced, other_county_user):
    from django.core.exceptions import ValidationError

    flagged = announced.assessments.get(region=other_county_user.region)
    with pytest.raises(ValidationError, match="不接受.svg文件"):
        services.rectification_submit(
            assessment=flagged, file=SimpleUploadedFile("r.svg", b"<svg/>"), user=other_county_user
        )
