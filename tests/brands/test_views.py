"""Pages of brands by every role: the scoping matrix, the award forms, and a whole award round in the browser's steps."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from brands.choices import ApplicationStatus, RoundStatus
from brands.models import Application, Assignment, Award, AwardType, EvaluationRound, Expert, Score
from tests.brands.factories import AwardFactory
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
ROLES = ["office", "leader", "admin", "county", "department"]


@pytest.fixture
def awards(own_enterprise, other_enterprise):
    own = AwardFactory(enterprise=own_enterprise, product="蟹田大米", certificate_no="LN-1")
    other = AwardFactory(enterprise=other_enterprise, product="道路石油沥青", certificate_no="LN-2")
    return own, other


LIST_PAGES = ["brands:award_list", "brands:round_list", "brands:award_type_list"]
OFFICE_PAGES = ["brands:expiring", "brands:expert_list", "brands:round_add", "brands:expert_add"]


@pytest.mark.parametrize(
    "url_name", LIST_PAGES + OFFICE_PAGES + ["brands:my_assignments", "brands:award_add"]
)
def test_pages_need_login(client, reference, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", LIST_PAGES)
def test_list_pages_render_for_every_role(role_users, client_for, awards, open_round, role, url_name):
    assert client_for(role_users[role]).get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", OFFICE_PAGES)
def test_office_pages_only_for_the_office(role_users, client_for, reference, role, url_name):
    expected = 200 if role in ("office", "admin") else 403
    assert client_for(role_users[role]).get(reverse(url_name)).status_code == expected


def test_award_list_is_scoped_to_the_county(client_for, county_user, awards):
    own, other = awards
    page = client_for(county_user).get(reverse("brands:award_list")).content.decode()
    assert "盘锦兴隆台测试米业有限公司" in page and "盘山测试化工有限公司" not in page
    client = client_for(county_user)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404


def test_award_list_query_count_does_not_grow_with_rows(
    client_for, office_user, awards, django_assert_num_queries
):
    client = client_for(office_user)
    client.get(reverse("brands:award_list"))  # warm the session and content types
    for _ in range(10):
        AwardFactory()
    # session, user, count (exact to core.paging's cap) and its estimate, award types for the add button, the
    # filter's award type and region choices, the page of awards with type, enterprise and region.
    with django_assert_num_queries(8):
        client.get(reverse("brands:award_list"))


def test_award_export_is_xlsx_of_the_filtered_rows(client_for, office_user, awards, county):
    response = client_for(office_user).get(
        reverse("brands:award_list"), {"region": county.code, "export": "xlsx"}
    )
    sheet = load_workbook(BytesIO(response.content)).active
    # The line above the table names the filter; the header is the second row.
    assert sheet.cell(1, 1).value.startswith("筛选条件：地区 兴隆台区")
    header = [c.value for c in sheet[2]]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 1
    assert rows[0][header.index("企业")] == "盘锦兴隆台测试米业有限公司"
    assert isinstance(rows[0][header.index("有效期起")], dt.datetime)
    assert rows[0][header.index("今日状态")] in {"有效", "已过期"}


def test_department_enters_awards_of_its_own_types_only(client_for, reference, own_enterprise):
    from organizations.models import Department
    from tests.conftest import make_user

    gsj = make_user("t-gsj", "department", department=Department.objects.get(code="gsj"))
    client = client_for(gsj)
    form = client.get(reverse("brands:award_add")).context["form"]
    assert {t.code for t in form.fields["award_type"].queryset} == {"well_known_mark", "famous_mark"}
    data = {
        "award_type": AwardType.objects.get(code="famous_mark").pk,
        "enterprise": own_enterprise.uscc,
        "product": "“辽河”商标",
        "year": 2016,
        "valid_from": "2016-05-01",
    }
    assert client.post(reverse("brands:award_add"), data).status_code == 302
    award = Award.objects.get(product="“辽河”商标")
    assert award.valid_until == dt.date(2019, 4, 30)
    assert award.history.first().history_user == gsj
    refused = {**data, "award_type": AwardType.objects.get(code="liaoning_brand").pk, "product": "越权"}
    assert client.post(reverse("brands:award_add"), refused).status_code == 200
    assert not Award.objects.filter(product="越权").exists()


@pytest.mark.parametrize("role", ["leader", "county", "department"])
def test_roles_without_award_types_cannot_add_or_edit_awards(role_users, client_for, awards, role):
    client = client_for(role_users[role])
    assert client.get(reverse("brands:award_add")).status_code == 403
    assert client.get(reverse("brands:award_edit", args=[awards[0].pk])).status_code == 404


def test_award_form_takes_the_enterprise_by_name_and_explains_unknown_ones(
    client_for, office_user, own_enterprise
):
    data = {
        "award_type": AwardType.objects.get(code="governor_award").pk,
        "enterprise": "不存在的企业",
        "year": 2016,
        "valid_from": "2016-09-01",
    }
    response = client_for(office_user).post(reverse("brands:award_add"), data)
    assert "企业库中没有“不存在的企业”" in response.content.decode()
    response = client_for(office_user).post(
        reverse("brands:award_add"), {**data, "enterprise": own_enterprise.name}
    )
    assert response.status_code == 302
    assert Award.objects.get(award_type__code="governor_award").enterprise == own_enterprise


def test_office_revokes_an_award_with_a_reason(client_for, office_user, county_user, awards):
    own, _ = awards
    url = reverse("brands:award_revoke", args=[own.pk])
    assert client_for(county_user).post(url, {"revoked_on": "2016-08-15", "reason": "x"}).status_code == 404
    response = client_for(office_user).post(url, {"revoked_on": "2016-08-15", "reason": "省级抽查不合格"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.revoke_reason == "省级抽查不合格" and own.history.first().history_user == office_user


def test_expiring_page_lists_awards_ending_within_90_days(client_for, office_user, own_enterprise):
    from django.utils import timezone

    today = timezone.localdate()
    AwardFactory(enterprise=own_enterprise, product="将到期产品", valid_from=today - dt.timedelta(days=900),
                 valid_until=today + dt.timedelta(days=30))  # fmt: skip
    AwardFactory(enterprise=own_enterprise, product="远期产品", valid_from=today - dt.timedelta(days=900),
                 valid_until=today + dt.timedelta(days=200))  # fmt: skip
    page = client_for(office_user).get(reverse("brands:expiring")).content.decode()
    assert "将到期产品" in page and "远期产品" not in page


def test_award_type_validity_is_configurable_by_the_office(client_for, office_user, county_user, reference):
    award_type = AwardType.objects.get(code="panjin_brand")
    url = reverse("brands:award_type_edit", args=[award_type.pk])
    data = {
        "name": award_type.name,
        "awarding_body": award_type.awarding_body,
        "subject": award_type.subject,
        "default_validity_years": 4,
        "department": award_type.department_id,
        "sort_order": award_type.sort_order,
    }
    assert client_for(county_user).post(url, data).status_code == 403
    assert client_for(office_user).post(url, data).status_code == 302
    award_type.refresh_from_db()
    assert award_type.default_validity_years == 4


def test_expert_form_records_conflicts_by_credit_code_or_name(
    client_for, office_user, own_enterprise, other_enterprise
):
    data = {
        "name": "李淑华",
        "organisation": "辽宁省质量协会",
        "is_active": "on",
        "conflict_list": f"{own_enterprise.uscc} {own_enterprise.name}\n{other_enterprise.name}\n",
    }
    assert client_for(office_user).post(reverse("brands:expert_add"), data).status_code == 302
    expert = Expert.objects.get(name="李淑华")
    assert set(expert.conflicts.all()) == {own_enterprise, other_enterprise}
    response = client_for(office_user).post(
        reverse("brands:expert_add"), {**data, "conflict_list": "无此企业"}
    )
    assert "第1行：企业库中没有“无此企业”" in response.content.decode()


def test_round_page_shows_who_has_not_scored_to_the_office_only(
    client_for, office_user, county_user, reviewing_round, experts
):
    url = reverse("brands:round_detail", args=[reviewing_round.pk])
    office_page = client_for(office_user).get(url).content.decode()
    assert "尚未完成评分（12 项，共 12 项）" in office_page and experts[0].name in office_page
    county_page = client_for(county_user).get(url).content.decode()
    assert "尚未完成评分" not in county_page and "王建国" not in county_page
    # The county sees its own enterprise's application, not the other county's.
    assert "盘锦兴隆台测试米业有限公司" in county_page and "盘山测试化工有限公司" not in county_page


def test_round_list_shows_application_counts_only_to_the_office(
    client_for, office_user, county_user, open_round
):
    url = reverse("brands:round_list")
    assert "申报数" in client_for(office_user).get(url).content.decode()
    assert "申报数" not in client_for(county_user).get(url).content.decode()
    sheet = load_workbook(BytesIO(client_for(county_user).get(url, {"export": "xlsx"}).content)).active
    assert "申报数" not in [c.value for c in sheet[2]]


def test_expert_sees_and_scores_only_their_own_assignments(client_for, expert_user, reviewing_round, experts):
    client = client_for(expert_user)
    page = client.get(reverse("brands:my_assignments"))
    mine = list(page.context["object_list"])
    assert len(mine) == 2 and {a.expert for a in mine} == {experts[0]}
    someone_elses = Assignment.objects.exclude(expert=experts[0]).first()
    assert client.get(reverse("brands:assignment_score", args=[someone_elses.pk])).status_code == 404
    assignment = mine[0]
    criteria = list(reviewing_round.criteria.all())
    data = {f"points_{c.pk}": c.max_points // 2 for c in criteria}
    data[f"points_{criteria[0].pk}"] = 200  # above 领导's 110
    response = client.post(reverse("brands:assignment_score", args=[assignment.pk]), data)
    assert response.status_code == 200 and not Score.objects.exists()
    data[f"points_{criteria[0].pk}"] = 100
    response = client.post(reverse("brands:assignment_score", args=[assignment.pk]), data)
    assert response.status_code == 302
    assert Score.objects.filter(assignment=assignment).count() == 7
    assert Score.history.filter(history_user=expert_user).count() == 7
    # And the round list reminds them of the one left.
    assert "您有 1 项评分任务尚未完成" in client.get(reverse("brands:round_list")).content.decode()


def test_office_runs_a_whole_round_through_the_pages(
    client_for, office_user, experts, own_enterprise, other_enterprise
):
    client = client_for(office_user)
    response = client.post(
        reverse("brands:round_add"),
        {
            "year": 2017,
            "title": "2017年度盘锦市市长质量奖",
            "quota": 1,
            "applications_open": "2017-03-01",
            "applications_close": "2017-04-30",
            "scoring_due": "2017-06-30",
            "announce_on": "2017-09-10",
            "reward_amount": "100000",
        },
    )
    evaluation = EvaluationRound.objects.get(year=2017)
    assert response.url == evaluation.get_absolute_url()
    points = {c.code: c.max_points for c in evaluation.criteria.all()}
    bad = client.post(reverse("brands:round_points", args=[evaluation.pk]), {**points, "results": 300})
    assert "现为 900 分" in bad.content.decode()
    client.post(
        reverse("brands:round_points", args=[evaluation.pk]), {**points, "leadership": 100, "results": 410}
    )
    assert evaluation.criteria.get(code="results").max_points == 410
    client.post(reverse("brands:round_panel", args=[evaluation.pk]), {"experts": [e.pk for e in experts[:3]]})
    for enterprise in (own_enterprise, other_enterprise):
        client.post(
            reverse("brands:application_add", args=[evaluation.pk]),
            {"enterprise": enterprise.uscc, "submitted_on": "2017-04-10", "contact": "张三"},
        )
    own, other = (evaluation.applications.get(enterprise=e) for e in (own_enterprise, other_enterprise))
    client.post(reverse("brands:application_screen", args=[own.pk]), {"accepted": "1"})
    client.post(reverse("brands:application_screen", args=[other.pk]), {"accepted": "1"})
    client.post(reverse("brands:round_start_review", args=[evaluation.pk]))
    evaluation.refresh_from_db()
    assert evaluation.status == RoundStatus.REVIEWING
    criteria = list(evaluation.criteria.all())
    for assignment in Assignment.objects.filter(application__round=evaluation):
        share = 0.8 if assignment.application == own else 0.6
        data = {f"points_{c.pk}": round(c.max_points * share) for c in criteria}
        assert client.post(reverse("brands:assignment_score", args=[assignment.pk]), data).status_code == 302
    decide = client.get(reverse("brands:round_decide", args=[evaluation.pk]))
    assert decide.context["form"]["winners"].initial == [own.pk]
    response = client.post(
        reverse("brands:round_decide", args=[evaluation.pk]),
        {"winners": [own.pk], "decided_on": "2017-09-10"},
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    own.refresh_from_db()
    assert evaluation.status == RoundStatus.DECIDED and own.status == ApplicationStatus.AWARDED
    award = Award.objects.get(award_type__code="mayor_award")
    assert (award.enterprise, award.year, award.reward_amount) == (own_enterprise, 2017, 100000)
    assert award.history.first().history_user == office_user
    # Winners appear on the award list.
    assert (
        own_enterprise.name
        in client.get(reverse("brands:award_list"), {"award_type": "mayor_award"}).content.decode()
    )


def test_decision_page_explains_what_blocks_it(client_for, office_user, reviewing_round):
    response = client_for(office_user).post(
        reverse("brands:round_decide", args=[reviewing_round.pk]),
        {"winners": [reviewing_round.applications.first().pk], "decided_on": "2016-09-01"},
    )
    assert response.status_code == 200
    assert "还有 12 项评分未完成" in response.content.decode()
    assert not Award.objects.exists()


def test_office_withdraws_and_adds_experts_during_review(
    client_for, office_user, reviewing_round, own_enterprise
):
    client = client_for(office_user)
    application = reviewing_round.applications.get(enterprise=own_enterprise)
    assignment = application.assignments.first()
    client.post(reverse("brands:assignment_remove", args=[assignment.pk]))
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    linked = Expert.objects.create(name="回避专家", organisation="x")
    linked.conflicts.add(own_enterprise)
    response = client.post(
        reverse("brands:assignment_add", args=[application.pk]), {"expert": linked.pk}, follow=True
    )
    assert "须回避" in response.content.decode()
    assert not Assignment.objects.filter(expert=linked).exists()
    client.post(reverse("brands:assignment_add", args=[application.pk]), {"expert": assignment.expert_id})
    assert Assignment.objects.filter(application=application, expert=assignment.expert).exists()


@pytest.mark.parametrize("role", ["leader", "county", "department"])
def test_round_actions_are_refused_to_other_roles(role_users, client_for, open_round, role):
    client = client_for(role_users[role])
    assert client.post(reverse("brands:round_start_review", args=[open_round.pk])).status_code == 403
    application = open_round.applications.first()
    assert (
        client.post(
            reverse("brands:application_screen", args=[application.pk]), {"accepted": "0"}
        ).status_code
        == 403
    )
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.ACCEPTING
    assert Application.objects.filter(status=ApplicationStatus.ACCEPTED).count() == 2


def test_enterprise_field_accepts_name_with_full_width_brackets(client_for, office_user, reference):
    enterprise = EnterpriseFactory(name="盘锦鼎翔米业有限公司(兴隆台分公司)")
    response = client_for(office_user).post(
        reverse("brands:award_add"),
        {
            "award_type": AwardType.objects.get(code="mayor_award").pk,
            "enterprise": "盘锦鼎翔米业有限公司（兴隆台分公司）",
            "year": 2016,
            "valid_from": "2016-09-01",
        },
    )
    assert response.status_code == 302
    assert Award.objects.get().enterprise == enterprise


def test_award_types_page_puts_the_name_first_and_the_code_last(client_for, county_user, reference):
    table = client_for(county_user).get(reverse("brands:award_type_list")).context["table"]
    names = [column.name for column in table.columns]
    assert names[0] == "name" and names[-1] == "code"
    assert table.columns["code"].header == "接口代码"
    page = client_for(county_user).get(reverse("brands:award_type_list")).content.decode()
    assert page.index("辽宁名牌产品</a>") < page.index("liaoning_brand</td>")


def test_award_list_keeps_names_readable_on_a_laptop(client_for, office_user, awards):
    page = client_for(office_user).get(reverse("brands:award_list")).content.decode()
    # Certificate, start of validity and payment date wait for wide screens; the enterprise never squeezes.
    assert page.count("d-none d-xxl-table-cell") == 3 * (1 + len(awards))
    assert 'style="min-width: 10rem"' in page


def test_award_page_groups_the_reward_links_the_enterprise_and_leads_back(client_for, office_user, awards):
    own, _ = awards
    own.reward_amount = 50000
    own.save(update_fields=["reward_amount"])
    page = client_for(office_user).get(own.get_absolute_url()).content.decode()
    assert "<td>50,000</td>" in page and "<td>50000.00</td>" not in page
    assert f'<a href="{own.enterprise.get_absolute_url()}">{own.enterprise.name}</a>' in page
    assert f'href="{reverse("brands:award_list")}">获奖与名牌</a>' in page


def test_round_page_groups_the_reward_and_leads_back(client_for, office_user, open_round):
    open_round.reward_amount = 100000
    open_round.save(update_fields=["reward_amount"])
    page = client_for(office_user).get(open_round.get_absolute_url()).content.decode()
    assert "<td>100,000 元</td>" in page
    assert f'href="{reverse("brands:round_list")}">市长质量奖评审</a>' in page
    application = open_round.applications.first()
    page = client_for(office_user).get(application.get_absolute_url()).content.decode()
    assert f'href="{open_round.get_absolute_url()}">{open_round.title}</a>' in page


def test_assignments_page_explains_an_empty_list(client_for, office_user, reference):
    page = client_for(office_user).get(reverse("brands:my_assignments")).content.decode()
    assert "您没有评分任务。市长质量奖评审开始后" in page and "<table" not in page


def test_expiring_page_says_when_nothing_expires_and_offers_no_state_filter(client_for, office_user, awards):
    page = client_for(office_user).get(reverse("brands:expiring")).content.decode()
    assert "今后 90 天内没有到期的获奖" in page
    assert 'name="state"' not in page and 'name="award_type"' in page
