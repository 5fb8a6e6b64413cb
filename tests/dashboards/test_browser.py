"""The dashboard in a real browser: ECharts draws from the embedded JSON, served from our own static files."""

import pytest

from tests.conftest import login_in_browser
from tests.dashboards.conftest import figures_rows, write_figures
from tests.dashboards.factories import StatsRunFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_city_dashboard_draws_its_charts(browser_page, live_server, city, county, office_user):
    write_figures(StatsRunFactory(), figures_rows([city, county]))
    errors = []
    browser_page.on("pageerror", lambda exc: errors.append(str(exc)))
    login_in_browser(browser_page, live_server, office_user)
    browser_page.goto(f"{live_server.url}/dashboards/")
    for chart in ["chart-targets", "chart-pass-trend", "chart-classes", "chart-brands", "chart-complaints"]:
        browser_page.wait_for_selector(f"#{chart} canvas")
    assert errors == []
    browser_page.select_option("#year", "2014")
    browser_page.wait_for_url("**/dashboards/?year=2014")
    assert (
        "2014年" in browser_page.locator("h1 + div, .card-header").first.inner_text()
        or "2014" in browser_page.url
    )
