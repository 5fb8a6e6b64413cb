"""A complaint taken from receipt to closure in the browser, each step by the person whose job it is."""

import pytest

from complaints.models import Complaint
from tests.conftest import login_in_browser


@pytest.mark.django_db(transaction=True)
def test_browser_receipt_to_closure(browser_page, live_server, reference, office_user, department_user):
    page = browser_page
    login_in_browser(page, live_server, office_user)
    page.goto(f"{live_server.url}/complaints/add/")
    page.fill("input[name=number]", "B-2016-001")
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
    complaint = Complaint.objects.get(number="B-2016-001")
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
    form = "form:has(input[value=closed])"
    page.select_option(f"{form} select[name=satisfaction]", "satisfied")
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state("networkidle")
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    assert [t.user for t in complaint.transitions.all()] == [
        office_user,
        office_user,
        office_user,
        department_user,
        office_user,
    ]
