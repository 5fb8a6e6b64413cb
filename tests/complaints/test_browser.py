"""A complaint taken from receipt to closure in the browser, each step by the person whose job it is."""

import pytest
from django.utils import timezone

from complaints.models import Complaint
from core.models import Job
from tests.complaints.test_import import GOOD, workbook
from tests.conftest import login_in_browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.django_db(transaction=True)
def test_browser_receipt_to_closure(browser_page, live_server, reference, office_user, department_user):
    page = browser_page
    login_in_browser(page, live_server, office_user)
    page.goto(f"{live_server.url}/complaints/add/")
    page.select_option("select[name=hotline]", "12365")
    page.fill("input[name=received_at]", "2016-05-03T09:00")
    page.select_option("select[name=kind]", "complaint")
    page.select_option("select[name=domain]", "engineering")
    page.select_option("select[name=region]", label="兴隆台区")
    page.fill("input[name=subject]", "新房墙体开裂")
    page.fill("input[name=complainant_name]", "王五")
    page.fill("input[name=complainant_phone]", "13700002222")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    complaint = Complaint.objects.get(number="BG2016000001")  # the office's own number: no hotline system
    assert page.url.endswith(complaint.get_absolute_url())

    page.click("form:has(input[value=accepted]) button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已受理" in page.content()
    form = "form:has(input[value=assigned])"
    page.select_option(f"{form} select[name=department]", label="住建委")
    page.select_option(f"{form} select[name=region]", label="兴隆台区")
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state("networkidle")
    complaint.refresh_from_db()
    assert complaint.status == "assigned" and complaint.department.code == "zjw"

    page.context.clear_cookies()
    login_in_browser(page, live_server, department_user)
    page.goto(f"{live_server.url}{complaint.get_absolute_url()}")
    assert "13700002222" in page.content()  # the handling department sees the complainant
    form = "form:has(input[value=handled])"
    page.select_option(f"{form} select[name=outcome]", "corrected")
    page.fill(f"{form} textarea[name=note]", "责令施工单位返修，已完成")
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state("networkidle")

    page.context.clear_cookies()
    login_in_browser(page, live_server, office_user)
    page.goto(f"{live_server.url}{complaint.get_absolute_url()}")
    page.click("form:has(input[value=closed]) button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已办结。" in page.content() and "已已" not in page.content()
    form = "form:has(input[value=visit])"
    page.fill(f"{form} input[name=visited_on]", f"{timezone.localdate():%Y-%m-%d}")
    page.select_option(f"{form} select[name=visit_way]", "phone")
    page.select_option(f"{form} select[name=satisfaction]", "satisfied")
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state("networkidle")
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.satisfaction == "satisfied"
    assert [t.user for t in complaint.transitions.all()] == [
        office_user,
        office_user,
        office_user,
        department_user,
        office_user,
        office_user,
    ]


@pytest.mark.django_db(transaction=True)
def test_browser_check_then_confirm_import(browser_page, live_server, reference, office_user, media_root):
    page = browser_page
    login_in_browser(page, live_server, office_user)
    page.goto(f"{live_server.url}/complaints/import/")
    page.select_option("select[name=hotline]", "12315")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "12315-2016-03.xlsx", "mimeType": XLSX, "buffer": workbook(GOOD)}],
    )
    assert page.is_checked("input[name=dry_run]")  # 只检查 is the default
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    check = Job.objects.get()
    assert page.url.endswith(check.get_absolute_url()) and "检查通过" in page.content()
    assert not Complaint.objects.exists()

    page.click("button:has-text('确认导入')")
    page.wait_for_load_state("networkidle")
    job = Job.objects.get(confirms=check)
    assert page.url.endswith(job.get_absolute_url())
    page.wait_for_selector("text=已导入 2 条")
    assert f"由检查 #{check.pk} 确认导入" in page.content()
    assert set(Complaint.objects.values_list("import_batch", flat=True)) == {job.pk}
