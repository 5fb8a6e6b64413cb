"""Every page of complaints by every role: anonymous / no permission / permitted / out of scope."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from complaints import selectors, services
from complaints.models import Attachment, CalendarDay, Complaint, Hotline
from core.models import Job
from organizations.uscc import make_uscc
from tests.complaints.factories import ComplaintFactory, local
from tests.factories import EnterpriseFactory

ROLES = ["office", "leader", "admin", "county", "department"]
PAGES = ["complaints:complaint_list", "complaints:overdue", "complaints:hotline_list"]


@pytest.fixture
def two_complaints(reference, county, other_county):
    own = ComplaintFactory(region=county, received_at=local(2016, 3, 1))
    other = ComplaintFactory(region=other_county, complainant_name="李四", complainant_phone="13900001111")
    return own, other


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", [*PAGES, "complaints:import", "complaints:calendar", "complaints:complaint_add"]
)
def test_pages_need_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", PAGES)
def test_pages_render_for_every_role(role_users, client_for, two_complaints, role, url_name):
    response = client_for(role_users[role]).get(reverse(url_name))
    assert response.status_code == 200
    assert "盘锦市质量强市工作平台" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user_fixture", "numbers", "phones"),
    [
        ("office_user", 2, ["13812341234", "13900001111"]),
        ("leader_user", 2, ["138****1234", "139****1111"]),
        ("county_user", 1, ["138****1234"]),
        ("hotline_user", 2, ["13812341234", "13900001111"]),
        ("department_user", 0, []),
    ],
)
def test_list_is_scoped_and_masked_on_page_and_in_export(
    request, client_for, two_complaints, user_fixture, numbers, phones
):
    client = client_for(request.getfixturevalue(user_fixture))
    page = client.get(reverse("complaints:complaint_list")).content.decode()
    assert f"共 {numbers} 条" in page
    for phone in phones:
        assert phone in page
    response = client.get(reverse("complaints:complaint_list"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in sheet[2]]
    exported = sorted(row[header.index("联系电话")] for row in sheet.iter_rows(min_row=3, values_only=True))
    assert exported == sorted(phones)


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_rows(
    client_for, office_user, reference, django_assert_num_queries
):
    ComplaintFactory.create_batch(30)
    client = client_for(office_user)
    client.get(reverse("complaints:complaint_list"))  # warm the session and menu
    # session, user, one count (the table's paginator, exact to core.paging's cap) and its estimate, the
    # filter form's choices (hotlines, regions, departments), and one page of complaints with hotline, region
    # and department joined and the complainant's visibility as a subquery; the years whose holidays are
    # entered, and the pending deadlines that reach a year not entered (one GROUP BY), for the notice
    with django_assert_num_queries(10):
        client.get(reverse("complaints:complaint_list"))


@pytest.mark.django_db
def test_detail_out_of_scope_is_404_and_history_is_masked(
    client_for, county_user, other_county_user, two_complaints
):
    own, _ = two_complaints
    own.complainant_phone = "13711112222"
    services.complaint_update(complaint=own, user=None)
    page = client_for(county_user).get(own.get_absolute_url()).content.decode()
    assert "137****2222" in page and "13711112222" not in page and "13812341234" not in page
    assert client_for(other_county_user).get(own.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_create_by_department_user_and_refused_to_county(client_for, department_user, county_user, county):
    data = {
        "number": "W-1",  # not asked for: an order registered here gets the office's own number
        "hotline": "12365",
        "received_at": "2016-05-03T09:00",
        "kind": "complaint",
        "domain": "engineering",
        "region": county.pk,
        "subject": "楼板裂缝",
        "complainant_name": "赵六",
        "complainant_phone": "13600003333",
    }
    assert client_for(county_user).post(reverse("complaints:complaint_add"), data).status_code == 403
    response = client_for(department_user).post(reverse("complaints:complaint_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not Complaint.objects.filter(number="W-1").exists()
    complaint = Complaint.objects.get(number="BG2016000001")
    assert complaint.department.code == "zjw" and complaint.status == "received"
    assert complaint.history.get().history_user == department_user


@pytest.mark.django_db
def test_transition_from_the_browser_form(
    client_for, office_user, department_user, complaint, department, county
):
    office = client_for(office_user)
    url = reverse("complaints:complaint_transition", args=[complaint.pk])
    office.post(url, {"to": "accepted"})
    office.post(url, {"to": "assigned", "department": department.pk, "region": county.pk})
    response = client_for(department_user).post(
        url, {"to": "handled", "outcome": "mediated", "note": "已调解"}
    )
    assert response.status_code == 302
    office.post(url, {"to": "closed", "satisfaction": "satisfied"})
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.outcome == "mediated"
    assert complaint.transitions.filter(to_status="handled").get().user == department_user


@pytest.mark.django_db
def test_transition_illegal_step_shows_the_message(client_for, office_user, complaint):
    response = client_for(office_user).post(
        reverse("complaints:complaint_transition", args=[complaint.pk]), {"to": "closed"}, follow=True
    )
    assert "不能转为“已办结”" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "received"


@pytest.mark.django_db
@pytest.mark.parametrize("user_fixture", ["county_user", "leader_user", "other_department_user"])
def test_transition_out_of_scope_is_404(request, client_for, complaint, user_fixture):
    response = client_for(request.getfixturevalue(user_fixture)).post(
        reverse("complaints:complaint_transition", args=[complaint.pk]), {"to": "accepted"}
    )
    assert response.status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == "received"


@pytest.mark.django_db
def test_overdue_and_due_soon_lists(client_for, office_user, reference):
    from django.utils import timezone

    late = ComplaintFactory(received_at=local(2016, 3, 1))
    soon = ComplaintFactory(received_at=timezone.now() - dt.timedelta(days=7))
    client = client_for(office_user)
    overdue = client.get(reverse("complaints:overdue")).content.decode()
    assert late.number in overdue and soon.number not in overdue
    due_soon = client.get(reverse("complaints:overdue"), {"state": "due_soon"}).content.decode()
    assert soon.number in due_soon and late.number not in due_soon


@pytest.mark.django_db
def test_overdue_filter_form_keeps_the_open_tab(client_for, office_user, county, other_county):
    from django.utils import timezone

    soon_here = ComplaintFactory(region=county, received_at=timezone.now() - dt.timedelta(days=7))
    soon_there = ComplaintFactory(region=other_county, received_at=timezone.now() - dt.timedelta(days=7))
    late_here = ComplaintFactory(region=county, received_at=local(2016, 3, 1))
    client = client_for(office_user)
    page = client.get(reverse("complaints:overdue"), {"state": "due_soon"}).content.decode()
    assert '<input type="hidden" name="state" value="due_soon"' in page
    # What the filter form submits: the hidden tab field with the chosen filters.
    filtered = client.get(reverse("complaints:overdue"), {"state": "due_soon", "region": county.code})
    numbers = {row.number for row in filtered.context["table"].data}
    assert numbers == {soon_here.number} and soon_there.number not in numbers
    assert late_here.number not in numbers
    export = client.get(reverse("complaints:overdue"), {"state": "due_soon", "export": "xlsx"})
    cells = {c.value for row in load_workbook(BytesIO(export.content)).active.iter_rows() for c in row}
    assert {soon_here.number, soon_there.number} <= cells and late_here.number not in cells


@pytest.mark.django_db
def test_region_filter_includes_the_absorbed_county(client_for, office_user, reference):
    from organizations.models import Region

    old_dawa = ComplaintFactory(region=Region.objects.get(code="211121"))
    new_dawa = ComplaintFactory(region=Region.objects.get(code="211104"))
    elsewhere = ComplaintFactory(region=Region.objects.get(code="211122"))
    response = client_for(office_user).get(reverse("complaints:complaint_list"), {"region": "211104"})
    numbers = {row.number for row in response.context["table"].data}
    assert numbers == {old_dawa.number, new_dawa.number} and elsewhere.number not in numbers


@pytest.mark.django_db
def test_calendar_page_adds_a_day_for_the_office_only(client_for, office_user, department_user, reference):
    url = reverse("complaints:calendar")
    assert client_for(department_user).get(url).status_code == 403
    data = {"date": "2016-06-03", "name": "防汛停工", "is_working_day": ""}
    assert client_for(department_user).post(url, data).status_code == 403
    client = client_for(office_user)
    assert "国庆节" in client.get(url, {"year": "2015"}).content.decode()
    assert client.post(url, data).status_code == 302
    day = CalendarDay.objects.get(date=dt.date(2016, 6, 3))
    assert day.is_working_day is False and day.history.get().history_user == office_user


@pytest.mark.django_db
def test_hotline_rules_edited_by_the_office_only(client_for, office_user, department_user, reference):
    hotline = Hotline.objects.get(code="12331")
    limit = hotline.limits.get(effective_from=dt.date(2016, 3, 1))
    url = reverse("complaints:limit_edit", args=[limit.pk])
    data = {
        "hotline": "12331",
        "effective_from": "2016-03-01",
        "accept_days": 3,
        "accept_working_days": "on",
        "handle_days": 60,
        "handle_working_days": "on",
        "extension_max_days": 30,
        "rule": limit.rule,
    }
    assert client_for(department_user).post(url, data).status_code == 403
    assert client_for(office_user).post(url, data).status_code == 302
    limit.refresh_from_db()
    assert limit.accept_days == 3 and limit.accept_working_days is True
    assert limit.history.first().history_user == office_user
    page = client_for(office_user).get(reverse("complaints:hotline_list")).content.decode()
    assert "受理 3 个工作日，办理 60 个工作日（延期至多 30 个工作日）" in page


@pytest.mark.django_db
def test_attachments_reach_only_the_handlers(
    client_for, office_user, hotline_user, county_user, leader_user, complaint
):
    upload = reverse("complaints:attachment_upload", args=[complaint.pk])
    assert (
        client_for(county_user).post(upload, {"file": SimpleUploadedFile("a.txt", b"x")}).status_code == 404
    )
    client_for(hotline_user).post(upload, {"file": SimpleUploadedFile("发票.txt", b"invoice")})
    attachment = Attachment.objects.get()
    assert attachment.uploaded_by == hotline_user and attachment.name == "发票.txt"
    url = attachment.get_absolute_url()
    assert b"".join(client_for(office_user).get(url).streaming_content) == b"invoice"
    assert client_for(county_user).get(url).status_code == 404
    assert client_for(leader_user).get(url).status_code == 404


@pytest.mark.django_db
def test_enterprise_selector_is_scoped_and_masked(county_user, other_county_user, county):
    enterprise = EnterpriseFactory(
        name="盘锦测试电器有限公司", uscc=make_uscc("91211103MA0000077"), region=county
    )
    complaint = ComplaintFactory(region=county, enterprise=enterprise)
    ComplaintFactory(region=county)
    rows = list(selectors.complaints_for_enterprise(enterprise, county_user))
    assert rows == [complaint] and rows[0].personal_visible is False
    assert not selectors.complaints_for_enterprise(enterprise, other_county_user).exists()


@pytest.mark.django_db
def test_list_leaves_room_for_the_subject_at_laptop_width_and_exports_everything(
    client_for, office_user, two_complaints
):
    client = client_for(office_user)
    page = client.get(reverse("complaints:complaint_list")).content.decode()
    # The complainant and the domain show only from 1400 px on; the subject never shrinks below 10rem.
    assert page.count("d-none d-xxl-table-cell") == 3 * 3  # three columns: the header and two rows
    assert 'style="min-width: 10rem"' in page
    assert "2016-03-01 10:00" not in page and "2016-03-01" in page  # the list shows the day
    response = client.get(reverse("complaints:complaint_list"), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in sheet[2]]
    assert {"投诉人", "联系电话", "领域"} <= set(header)
    received = {row[header.index("登记时间")] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert dt.datetime(2016, 3, 1, 10, 0) in received  # the hour too, as an Excel date


@pytest.mark.django_db
def test_status_filter_is_a_row_of_checkboxes_taking_several(client_for, office_user, reference):
    received, rejected, accepted = ComplaintFactory.create_batch(3)
    services.complaint_transition(complaint=rejected, to="rejected", user=office_user, reason="重复投诉")
    services.complaint_transition(complaint=accepted, to="accepted", user=office_user)
    response = client_for(office_user).get(
        reverse("complaints:complaint_list"), {"status": ["received", "rejected"]}
    )
    page = response.content.decode()
    assert {c.number for c in response.context["table"].data} == {received.number, rejected.number}
    assert "状态（可多选）" in page and '<select name="status"' not in page
    assert 'class="form-check-input" name="status" value="received" id="id_status_0" checked' in page
    assert 'name="status" value="accepted" id="id_status_1">' in page  # not ticked


@pytest.mark.django_db
def test_detail_has_a_breadcrumb_a_status_badge_and_links_the_enterprise(client_for, office_user, county):
    enterprise = EnterpriseFactory(
        name="盘锦测试机械制造有限公司", uscc=make_uscc("91211103MA0000001"), region=county
    )
    complaint = ComplaintFactory(enterprise=enterprise)
    page = client_for(office_user).get(complaint.get_absolute_url()).content.decode()
    assert f'href="{reverse("complaints:complaint_list")}">投诉举报</a>' in page
    # Beside the buttons and in the table alike, the status is the coloured badge of the list.
    assert page.count('<span class="badge text-bg-secondary">已登记</span>') == 2
    assert f'<a href="{enterprise.get_absolute_url()}">盘锦测试机械制造有限公司</a>' in page


@pytest.mark.django_db
def test_overdue_page_drops_the_overdue_filter_its_tabs_replace(client_for, office_user, reference):
    overdue = client_for(office_user).get(reverse("complaints:overdue")).content.decode()
    listed = client_for(office_user).get(reverse("complaints:complaint_list")).content.decode()
    assert 'name="overdue"' in listed and 'name="overdue"' not in overdue


@pytest.mark.django_db
def test_import_pages_name_the_hotlines_and_lead_back(client_for, office_user, reference):
    client = client_for(office_user)
    page = client.get(reverse("complaints:import")).content.decode()
    assert ">请选择热线</option>" in page and ">12365 质量技术监督投诉举报热线</option>" in page
    assert "---------" not in page
    assert "还没有导入过文件。上传热线系统导出的表格后" in page
    batch = Job.objects.create(
        kind="complaints.import",
        name="热线.xlsx",
        params={"hotline": "12365"},
        check_only=True,
        user=office_user,
    )
    page = client.get(batch.get_absolute_url()).content.decode()
    assert f'href="{reverse("complaints:import")}">导入热线数据</a>' in page
