"""A county never sees another county's incidents: list, export, detail, attachments and the API."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from incidents.models import Accountability

pytestmark = pytest.mark.django_db


def test_county_sees_only_its_own_incidents(own_incident, other_incident, county_user, client_for, api_for):
    client = client_for(county_user)
    page = client.get("/incidents/").content.decode()
    assert own_incident.title in page and other_incident.title not in page
    export = client.get("/incidents/?export=csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert own_incident.title in text and other_incident.title not in text
    assert client.get(own_incident.get_absolute_url()).status_code == 200
    assert client.get(other_incident.get_absolute_url()).status_code == 404
    rows = api_for(county_user).get("/api/v1/incidents/").json()["results"]
    assert [r["id"] for r in rows] == [own_incident.pk]
    assert api_for(county_user).get(f"/api/v1/incidents/{other_incident.pk}/").status_code == 404


def test_counties_view_but_do_not_change_incidents(own_incident, county_user, leader_user, api_for):
    for user in (county_user, leader_user):
        response = api_for(user).patch(
            f"/api/v1/incidents/{own_incident.pk}/", {"title": "改"}, format="json"
        )
        assert response.status_code in (403, 404)
    own_incident.refresh_from_db()
    assert own_incident.title != "改"


def test_attachments_follow_the_incident_scope(
    own_incident, other_incident, office_user, county_user, client_for
):
    office = client_for(office_user)
    for incident in (own_incident, other_incident):
        response = office.post(
            f"/incidents/{incident.pk}/attachments/",
            {"file": SimpleUploadedFile("调查报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")},
        )
        assert response.status_code == 302
    own, other = own_incident.attachments.get(), other_incident.attachments.get()
    county = client_for(county_user)
    download = county.get(own.get_absolute_url())
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert county.get(other.get_absolute_url()).status_code == 404
    # A county cannot attach files to its incident (the office records them).
    refused = county.post(
        f"/incidents/{own_incident.pk}/attachments/",
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 x", content_type="application/pdf")},
    )
    assert refused.status_code == 404 and own_incident.attachments.count() == 1


def test_accountability_is_recorded_on_the_incident(own_incident, office_user, client_for, api_for):
    response = client_for(office_user).post(
        f"/incidents/{own_incident.pk}/accountability/",
        {"party_kind": "person", "name": "张某", "affiliation": "某局副局长", "measure": "行政警告处分"},
    )
    assert response.status_code == 302
    record = Accountability.objects.get(incident=own_incident)
    assert record.name == "张某" and record.history.first().history_user == office_user
    detail = api_for(office_user).get(f"/api/v1/incidents/{own_incident.pk}/").json()
    assert detail["accountabilities"][0]["measure"] == "行政警告处分"
    assert detail["region"] == own_incident.region.code and detail["vetoes"] is False


def test_enterprise_record_lists_its_incidents_in_scope(
    own_incident, other_incident, office_user, county_user, client_for
):
    from tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory()
    for incident in (own_incident, other_incident):
        incident.enterprise = enterprise
        incident.save(update_fields=["enterprise"])
    office_page = client_for(office_user).get(enterprise.get_absolute_url()).content.decode()
    assert own_incident.title in office_page and other_incident.title in office_page
    county_page = client_for(county_user).get(enterprise.get_absolute_url()).content.decode()
    assert own_incident.title in county_page and other_incident.title not in county_page
