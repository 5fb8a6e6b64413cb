"""Register pages: list, export, detail and forms, scoped so a county never sees another county's rows."""

import io

import openpyxl
import pytest
from django.urls import reverse

from foundations.models import MarketExit, Standard

pytestmark = pytest.mark.django_db

LISTS = {
    "standard": "foundations:standard_list",
    "metrology": "foundations:metrology_list",
    "staff": "foundations:staff_list",
    "event": "foundations:event_list",
    "exit": "foundations:exit_list",
    "agency": "foundations:agency_list",
}


@pytest.mark.parametrize("register", sorted(LISTS))
def test_register_list_for_the_office_shows_every_county(client_for, office_user, rows, register):
    response = client_for(office_user).get(reverse(LISTS[register]))
    assert response.status_code == 200
    shown = set(response.context["table"].data.data)
    assert {rows["own"][register], rows["other"][register]} <= shown


@pytest.mark.parametrize("register", ["standard", "metrology", "staff", "event", "exit"])
def test_register_list_for_a_county_shows_only_its_own_rows(client_for, county_user, rows, register):
    client = client_for(county_user)
    response = client.get(reverse(LISTS[register]))
    shown = set(response.context["table"].data.data)
    assert rows["own"][register] in shown
    assert rows["other"][register] not in shown
    other = rows["other"][register]
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(rows["own"][register].get_absolute_url()).status_code == 200


def test_agencies_are_a_published_register_every_county_reads(client_for, county_user, rows):
    response = client_for(county_user).get(reverse(LISTS["agency"]))
    assert {rows["own"]["agency"], rows["other"]["agency"]} <= set(response.context["table"].data.data)


def test_register_export_for_a_county_holds_only_its_rows(client_for, county_user, rows):
    response = client_for(county_user).get(reverse(LISTS["exit"]), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = {cell.value for row in sheet.iter_rows() for cell in row}
    assert "小化工厂1" in names
    assert "小化工厂2" not in names


def test_standard_add_by_the_unit_that_keeps_the_register(client_for, zjj_user, county):
    response = client_for(zjj_user).post(
        reverse("foundations:standard_add"),
        {
            "year": 2016,
            "kind": "join",
            "level": "national",
            "code": "GB/T 12345-2016",
            "title": "粳米",
            "holder_name": "盘锦某米业有限公司",
            "region": county.pk,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    standard = Standard.objects.get(code="GB/T 12345-2016")
    assert standard.department == zjj_user.department
    assert standard.history.first().history_user == zjj_user


def test_standard_rules_show_on_the_form(client_for, office_user, county, zjj):
    response = client_for(office_user).post(
        reverse("foundations:standard_add"),
        {"year": 2016, "kind": "adopt", "level": "national", "title": "x", "holder_name": "y", "region": county.pk,
         "department": zjj.pk},
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "国际" in str(errors["level"])
    assert "标准号" in str(errors["code"])
    assert not Standard.objects.exists()


def test_a_unit_that_does_not_keep_a_register_cannot_add_to_it(client_for, department_user):
    # 住建委 enters market exits (建筑业企业资质) but not standards.
    client = client_for(department_user)
    assert client.get(reverse("foundations:standard_add")).status_code == 403
    assert client.get(reverse("foundations:exit_add")).status_code == 200


def test_market_exit_by_a_unit_is_its_own(client_for, department_user, county):
    response = client_for(department_user).post(
        reverse("foundations:exit_add"),
        {"kind": "licence_cancelled", "reason": "conditions", "decided_on": "2016-03-02", "region": county.pk,
         "enterprise_name": "某建筑公司", "licence_no": "D221000001"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    assert MarketExit.objects.get(enterprise_name="某建筑公司").department == department_user.department


def test_county_cannot_change_its_rows(client_for, county_user, rows):
    client = client_for(county_user)
    assert client.get(reverse("foundations:standard_add")).status_code == 403
    assert (
        client.get(reverse("foundations:standard_edit", args=[rows["own"]["standard"].pk])).status_code == 404
    )


def test_event_evidence_upload_and_download_through_the_policy(
    client_for, zjj_user, county_user, other_county_user, rows
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = rows["own"]["event"]
    response = client_for(zjj_user).post(
        reverse("foundations:evidence_add", args=[event.pk]),
        {"file": SimpleUploadedFile("通知.pdf", b"%PDF-1.4 demo")},
    )
    assert response.status_code == 302
    evidence = event.evidence.get()
    url = reverse("foundations:evidence_download", args=[evidence.pk])
    assert client_for(county_user).get(url).status_code == 200
    assert client_for(other_county_user).get(url).status_code == 404
    refused = client_for(zjj_user).post(
        reverse("foundations:evidence_add", args=[event.pk]),
        {"file": SimpleUploadedFile("run.exe", b"MZ")},
    )
    assert refused.status_code == 302
    assert event.evidence.count() == 1


def test_agencies_expiring_reach_the_to_do_list_of_those_who_keep_them(zjj_user, county_user, rows):
    import datetime as dt

    from core import todo

    agency = rows["own"]["agency"]
    today = agency.valid_until - dt.timedelta(days=30)
    [item] = [t for t in todo.items_for(zjj_user, today) if t.area == "质量基础"]
    assert (item.count, item.due) == (2, agency.valid_until)
    assert not [t for t in todo.items_for(county_user, today) if t.area == "质量基础"]
    assert not [t for t in todo.items_for(zjj_user, today - dt.timedelta(days=100)) if t.area == "质量基础"]
