"""The sign-in page and a role's home page in a real browser."""

import pytest

from tests.conftest import login_in_browser, make_user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_login_and_home_page(browser_page, live_server, county):
    user = make_user("browser-county", "county", region=county)
    browser_page.goto(f"{live_server.url}/")
    assert "登录" in browser_page.title()
    assert browser_page.locator("h1").inner_text() == "盘锦市质量强市工作平台"
    login_in_browser(browser_page, live_server, user)
    assert browser_page.url.startswith(live_server.url)
    body = browser_page.locator("body").inner_text()
    assert "兴隆台区" in body
    # Static assets come from our own server: the navbar is styled by the local Bootstrap.
    display = browser_page.eval_on_selector("nav.navbar", "el => getComputedStyle(el).display")
    assert display == "flex"
