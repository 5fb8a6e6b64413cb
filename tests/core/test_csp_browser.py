"""The Content-Security-Policy in a real browser: no page breaks it, the charts still draw, and the
behaviour that used to be inline (auto-submitting pickers, confirmations) works from static files."""

from __future__ import annotations

import pytest

from brands.choices import RoundStatus
from tests.brands.conftest import (  # noqa: F401  (fixtures: a mayor's award round accepting applications)
    expert_user,
    experts,
    open_round,
    other_enterprise,
    own_enterprise,
)
from tests.conftest import login_in_browser
from tests.dashboards.conftest import figures_rows, write_figures
from tests.dashboards.factories import StatsRunFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script, outside the page's CSP: records every violation the page causes.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watched(browser_page):
    """The browser page, with every CSP violation and page error collected in `watched.problems`."""
    problems: list[str] = []
    browser_page.add_init_script(RECORD_VIOLATIONS)
    browser_page.on(
        "console",
        lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    browser_page.on("pageerror", lambda exc: problems.append(str(exc)))
    browser_page.problems = problems
    return browser_page


def _violations(page) -> list[str]:
    return page.evaluate("window.__violations") + page.problems


def test_dashboard_draws_its_charts_under_the_csp(watched, live_server, city, county, office_user):
    write_figures(StatsRunFactory(), figures_rows([city, county]))
    login_in_browser(watched, live_server, office_user)
    response = watched.goto(f"{live_server.url}/dashboards/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    for chart in ["chart-targets", "chart-pass-trend", "chart-classes", "chart-brands", "chart-complaints"]:
        watched.wait_for_selector(f"#{chart} canvas")
    watched.hover("#chart-pass-trend canvas")  # a tooltip is HTML that ECharts writes
    assert _violations(watched) == []
    # The year picker submits its form from static/js/portal.js (it was an inline onchange).
    watched.select_option("#year", "2014")
    watched.wait_for_url("**/dashboards/?year=2014")
    assert _violations(watched) == []


def test_chart_pages_draw_from_static_scripts(watched, live_server, city, office_user):
    import datetime as dt

    from core.stats import run_now
    from targets.models import Target
    from tests.inspections.factories import SpotCheckResultFactory
    from tests.targets.factories import MeasurementFactory

    SpotCheckResultFactory.create_batch(2)
    SpotCheckResultFactory(sampled_on=dt.date(2014, 3, 10))
    MeasurementFactory(value=86)
    MeasurementFactory(value=84, period="2014")
    run_now()
    target = Target.objects.filter(indicator__code="producer_service_satisfaction").first()
    login_in_browser(watched, live_server, office_user)
    for path, drawn in [
        ("/inspections/pass-rates/", "#rate-chart canvas"),
        ("/targets/", ".sparkline svg"),
        (target.get_absolute_url(), "#history-chart canvas"),
    ]:
        watched.goto(f"{live_server.url}{path}")
        watched.wait_for_selector(drawn, timeout=10000)
        assert _violations(watched) == [], path


def test_confirmation_comes_from_the_static_script(watched, live_server, office_user, open_round):  # noqa: F811
    login_in_browser(watched, live_server, office_user)
    url = f"{live_server.url}/brands/rounds/{open_round.pk}/"
    watched.goto(url)
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    watched.once("dialog", lambda d: answer(d, False))
    watched.click("text=开始专家评审")
    watched.wait_for_timeout(300)
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.ACCEPTING  # dismissed: nothing sent
    watched.once("dialog", lambda d: answer(d, True))
    watched.click("text=开始专家评审")
    watched.wait_for_load_state("networkidle")
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.REVIEWING
    assert questions == ["开始评审后将停止受理申报，并向专家组分配评分任务。确定开始吗？"] * 2
    assert _violations(watched) == []
