"""In the browser: an expert fills the score sheet, the office decides, the winner appears among the awards."""

import pytest

from brands.choices import RoundStatus
from brands.models import Assignment, Award, EvaluationRound
from tests.brands.conftest import score_fully
from tests.conftest import login_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_expert_scores_and_office_decides_in_the_browser(
    browser_page, live_server, expert_user, office_user, reviewing_round, experts, own_enterprise
):
    page = browser_page
    for assignment in Assignment.objects.exclude(expert=experts[0]):
        score_fully(assignment, "0.8" if assignment.application.enterprise == own_enterprise else "0.6")

    login_in_browser(page, live_server, expert_user)
    page.goto(f"{live_server.url}/brands/rounds/")
    page.click("text=去评分")
    for _ in range(2):
        page.click("text=开始评分")
        for field in page.locator("input[name^=points_]").all():
            field.fill("50")
        assert page.inner_text("#score-total") == "350.0"
        page.click("button:has-text('保存评分')")
        page.wait_for_load_state("networkidle")
    assert "已完成" in page.inner_text("main")
    page.context.clear_cookies()

    login_in_browser(page, live_server, office_user)
    page.goto(f"{live_server.url}/brands/rounds/{reviewing_round.pk}/")
    assert "全部 12 项评分已完成" in page.inner_text("main")
    page.click("text=评定获奖企业")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('确认评定')")
    page.wait_for_load_state("networkidle")
    assert "评定完成" in page.inner_text("main")
    assert EvaluationRound.objects.get(pk=reviewing_round.pk).status == RoundStatus.DECIDED
    assert set(Award.objects.values_list("enterprise__name", flat=True)) == {
        own_enterprise.name,
        "盘山测试化工有限公司",
    }
    page.goto(f"{live_server.url}/brands/awards/?award_type=mayor_award")
    assert own_enterprise.name in page.inner_text("main")
