"""A county fills its self-assessment in a real browser."""

from decimal import Decimal

import pytest

from tests.conftest import login_in_browser

ITEM = "建立质量工作领导机制，定期研究质量工作"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_county_saves_scores_and_is_told_what_is_missing(
    browser_page, live_server, county_assessment, county_user
):
    page = browser_page
    login_in_browser(page, live_server, county_user)
    page.goto(f"{live_server.url}{county_assessment.get_absolute_url()}")
    page.fill(f'input[aria-label="{ITEM} 得分"]', "4.5")
    page.fill(f'textarea[aria-label="{ITEM} 说明"]', "年内召开专题会议 2 次")
    page.click("button[name=finish][value='0']")
    page.wait_for_load_state("networkidle")
    assert "已保存" in page.locator("body").inner_text()
    score = county_assessment.scores.get(item__code="leadership")
    assert (score.self_score, score.self_note) == (Decimal("4.5"), "年内召开专题会议 2 次")
    # Submitting with blank items: confirmed, refused, and the missing items are named.
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("button[name=finish][value='1']")
    page.wait_for_load_state("networkidle")
    assert "以下项目尚未自评打分" in page.locator(".alert-danger").inner_text()
    county_assessment.refresh_from_db()
    assert county_assessment.status == "pending"
