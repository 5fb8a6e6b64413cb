"""An office worker uploads an untidy table in the browser, reads the preview, confirms, and sees the results."""

import pytest

from inspections.models import SpotCheckResult
from tests.conftest import login_in_browser
from tests.inspections.workbooks import untidy_table


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_office_imports_a_table_in_the_browser(browser_page, live_server, reference, office_user, tmp_path):
    path = tmp_path / "2015年一季度食品抽查结果.xlsx"
    path.write_bytes(untidy_table())
    page = browser_page
    login_in_browser(page, live_server, office_user)
    page.goto(f"{live_server.url}/inspections/import/")
    page.set_input_files("input[name=file]", str(path))
    page.select_option("select[name=level]", "municipal")
    page.select_option("select[name=product_class]", label="食品")
    page.fill("input[name=year]", "2015")
    page.click("text=上传并校验")
    # The check job's page: what would be created, and the rows as they will be imported.
    page.wait_for_selector("text=检查通过：共 5 行，可导入 5 条")
    assert page.locator("text=将新建企业 1 户").is_visible()
    assert page.locator("td", has_text="盘锦大米").first.is_visible()
    assert page.locator("text=确认导入 5 行").is_visible()
    assert not SpotCheckResult.objects.exists()
    page.click("text=确认导入 5 行")
    page.wait_for_selector("text=已导入 5 条")
    assert "由检查 #" in page.content()
    page.click("text=查看结果")
    page.wait_for_selector("text=共 5 条")
    assert SpotCheckResult.objects.count() == 5
