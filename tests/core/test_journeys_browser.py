"""Issue 16 item 8: a working day in a real browser (Playwright with Debian's chromium), each journey at a desk
(1366 px) and on a phone (390 px), every page on the way checked with axe-core (from npm, node_modules) for
serious and critical accessibility violations.

- the office's morning: to-do → approve a county's submission → import a hotline file → confirm → dashboard;
- a county's: to-do → enter a value → 报送 (with its gap note) → act on a work order assigned to it;
- a leader's: dashboard → its Excel → the quality-status report as PDF and as Excel.
"""

import datetime as dt
import io
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from complaints import services as complaint_services
from complaints.models import Complaint
from core.models import Job
from targets import services as target_services
from targets.choices import SubmissionStatus
from targets.models import Indicator, Measurement, PeriodClosure, Submission
from tests.complaints.factories import ComplaintFactory
from tests.complaints.test_import import GOOD, workbook
from tests.conftest import CHROMIUM, make_user, need_service

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1366, 390)
YEAR = 2015
PASSWORD = "pw-for-journeys"


@pytest.fixture
def browser(live_server, monkeypatch):
    """Debian's chromium; each journey opens a page per width (`open_page`)."""
    if CHROMIUM is None:
        need_service("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


def open_page(browser, live_server, user, width: int):
    # Reduced motion turns Bootstrap's colour transitions off: axe reading a button the mouse just left, halfway
    # between its hover and its resting colours, found a contrast of 2.8 that no user sees at rest.
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": width, "height": 900},
        accept_downloads=True,
        reduced_motion="reduce",
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def accessible(page, where: str) -> None:
    """axe-core over the page as it is: no serious or critical violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's CSP (no inline script) does not block it.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"
    )
    assert violations == [], f"{where} ({page.viewport_size['width']} px): {violations}"


def user(username, role, **extra):
    account = make_user(username, role, **extra)
    account.set_password(PASSWORD)
    account.save(update_fields=["password"])
    return account


@pytest.fixture
def open_year(reference):
    """2015 open for entry until a month from today: the to-do lists name it."""
    return PeriodClosure.objects.create(year=YEAR, closes_on=timezone.localdate() + dt.timedelta(days=30))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_offices_morning(browser, live_server, open_year, county, media_root):
    office = user("j-office", "office")
    for number, width in enumerate(WIDTHS):
        # Each width starts the morning afresh: a county has submitted its year.
        county_user = user(f"j-county-{width}", "county", region=county)
        indicator = Indicator.objects.get(code="agri_standard_coverage")
        Submission.objects.filter(region=county, year=YEAR).delete()
        Measurement.objects.filter(region=county, period=str(YEAR)).delete()
        target_services.measurement_save(
            user=county_user, indicator=indicator, region=county, period=str(YEAR), value=Decimal(31 + number)
        )
        target_services.submission_submit(
            user=county_user, year=YEAR, region=county, gap_note="其余指标年底统计"
        )
        page = open_page(browser, live_server, office, width)

        # To-do: the submission waits for approval; the item leads to the approvals page.
        page.goto(f"{live_server.url}/todo/")
        accessible(page, "to-do")
        page.click(f"a.list-group-item:has-text('审核各单位报送的{YEAR}年数据')")
        page.wait_for_load_state("networkidle")
        assert "/targets/approvals/" in page.url
        accessible(page, "approvals")

        # Approve: asked on a page of its own, which shows the county's gap note.
        page.locator("tr", has_text="兴隆台区").locator("a:has-text('审核通过')").click()
        page.wait_for_load_state("networkidle")
        assert "其余指标年底统计" in page.content()
        accessible(page, "approve confirmation")
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert Submission.objects.get(region=county, year=YEAR).status == SubmissionStatus.APPROVED

        # Import: a hotline file checked first, then confirmed on the job's page.
        page.goto(f"{live_server.url}/complaints/import/")
        accessible(page, "complaints import")
        page.select_option("select[name=hotline]", "12315")
        rows = [[f"J{width}-{i}", *row[1:]] for i, row in enumerate(GOOD)]
        page.set_input_files(
            "input[name=file]",
            files=[{"name": f"12315-{width}.xlsx", "mimeType": XLSX, "buffer": workbook(rows)}],
        )
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "检查通过" in page.content()
        accessible(page, "import check")
        page.click("button:has-text('确认导入')")
        page.wait_for_load_state("networkidle")
        page.wait_for_selector("text=已导入 2 条")
        accessible(page, "import done")
        assert Complaint.objects.filter(number__startswith=f"J{width}-").count() == 2

        # The dashboard.
        page.goto(f"{live_server.url}/dashboards/")
        assert "质量强市工作看板" in page.locator("h1").inner_text()
        accessible(page, "city dashboard")
        page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_countys_day(browser, live_server, open_year, county, office_user, media_root):
    for width in WIDTHS:
        county_user = user(f"j-county-{width}", "county", region=county)
        Submission.objects.filter(region=county, year=YEAR).delete()
        Measurement.objects.filter(region=county, period=str(YEAR)).delete()
        # A work order assigned to the county, due today.
        order = ComplaintFactory(region=county, subject=f"电热水器漏水 {width}")
        complaint_services.complaint_transition(complaint=order, to="accepted", user=office_user)
        complaint_services.complaint_transition(
            complaint=order, to="assigned", user=office_user, assigned_region=county
        )
        Complaint.objects.filter(pk=order.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
        page = open_page(browser, live_server, county_user, width)

        # To-do: values to enter for the open year, and the overdue work order.
        page.goto(f"{live_server.url}/todo/")
        accessible(page, "to-do")
        assert "超期未办的投诉工单" in page.content()
        page.click(f"a.list-group-item:has-text('填报{YEAR}年指标数值')")
        page.wait_for_load_state("networkidle")
        assert "/targets/measurements/" in page.url
        accessible(page, "measurements")

        # Enter a value.
        page.goto(f"{live_server.url}/targets/measurements/add/?period={YEAR}")
        accessible(page, "measurement form")
        page.select_option("select[name=indicator]", label="农业标准化生产普及率")
        page.select_option("select[name=region]", label="兴隆台区")
        page.fill("input[name=period]", str(YEAR))
        page.fill("input[name=value]", "33.5")
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "已保存" in page.content()

        # 报送: the confirmation names the indicators still empty and takes the gap note.
        page.click(f"a:has-text('报送{YEAR}年数据')")
        page.wait_for_load_state("networkidle")
        assert "项指标没有数值" in page.content()
        accessible(page, "submit confirmation")
        page.fill("textarea[name=reason]", "其余指标待统计局年报")
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        submission = Submission.objects.get(region=county, year=YEAR)
        assert (
            submission.status == SubmissionStatus.SUBMITTED and submission.gap_note == "其余指标待统计局年报"
        )

        # The assigned work order, from the to-do: handled in the portal.
        page.goto(f"{live_server.url}/todo/")
        page.click("a.list-group-item:has-text('超期未办的投诉工单')")
        page.wait_for_load_state("networkidle")
        accessible(page, "overdue complaints")
        page.click(f"main a[href='{order.get_absolute_url()}']")
        page.wait_for_load_state("networkidle")
        accessible(page, "complaint")
        handled = page.locator("main form", has_text="办理完毕")
        handled.locator("select[name=outcome]").select_option(index=1)
        handled.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        order.refresh_from_db()
        assert order.status == "handled"
        page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_leaders_reports(browser, live_server, reference, media_root):
    leader = user("j-leader", "leader")
    for width in WIDTHS:
        page = open_page(browser, live_server, leader, width)
        assert "/dashboards/" in page.url  # a leader's home page
        accessible(page, "city dashboard")
        with page.expect_download() as download:
            page.click("a:has-text('导出 Excel')")
        book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
        assert book.worksheets[0].cell(1, 1).value.startswith("筛选条件：年度")

        page.goto(f"{live_server.url}/assessments/reports/")
        accessible(page, "reports")
        for fmt, magic in (("pdf", b"%PDF"), ("xlsx", b"PK")):
            page.select_option("select[name=kind]", "quality_status")
            page.select_option("select[name=fmt]", fmt)
            page.fill("input[name=period]", str(YEAR))
            page.click("main form button:has-text('生成')")
            page.wait_for_load_state("networkidle")
            job = Job.objects.filter(user=leader).latest("pk")
            assert job.status == "succeeded", job.errors
            with page.expect_download() as download:
                page.locator(f"a[href='/assessments/reports/{job.pk}/download/']").first.click()
            assert Path(download.value.path()).read_bytes().startswith(magic)
            accessible(page, f"reports after the {fmt}")
        page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_print_on_a4_with_title_filters_and_date(browser, live_server, county, office_user):
    """The print stylesheet: A4, a list landscape, the menu, buttons and filter form left off, the title, the
    filters applied and the date printed kept (printed to PDF by chromium, read back with pypdf)."""
    from pypdf import PdfReader

    office = user("j-print", "office")
    ComplaintFactory(region=county, subject="印刷测试工单")
    page = open_page(browser, live_server, office, 1366)
    today = timezone.localdate().strftime("%Y-%m-%d")
    for path, landscape, title in (
        ("/complaints/?region=211103", True, "投诉举报"),
        ("/dashboards/", False, "质量强市工作看板"),
        (f"{Complaint.objects.get(subject='印刷测试工单').get_absolute_url()}", False, "工单编号"),
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        page.emulate_media(media="print")
        pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        box = pdf.pages[0].mediabox
        width, height = round(float(box.width)), round(float(box.height))
        assert (width, height) == ((842, 595) if landscape else (595, 842)), path  # A4 in points
        # NFKC: the PDF's text maps some characters to their Kangxi radical forms (⼯ for 工).
        text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in pdf.pages)).replace(" ", "")
        assert title in text and f"打印于{today}" in text, path
        assert "退出登录" not in text and "导出Excel" not in text and "使用说明" not in text, path
        if path.startswith("/complaints/?"):
            assert "筛选条件:县区兴隆台区" in text and "印刷测试工单" in text  # NFKC turned ： into :
        page.emulate_media(media="screen")
    page.context.close()
