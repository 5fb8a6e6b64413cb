"""The assessment as 国办发〔2013〕47号 sets it: the year, target filing, 合理缺项, rounding, rectification and 约谈."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.choices import FilingStatus, Stage
from assessments.models import FiledTarget, Interview, ItemScore, Scheme
from assessments.scoring import add_months, rebased_total, round_score
from tests.assessments.factories import (
    ItemFactory,
    ItemGroupFactory,
    SchemeFactory,
    file_targets,
    run_cycle,
)

pytestmark = pytest.mark.django_db
D = Decimal


# --- the year and the rounding rule ------------------------------------------------------------------


def test_the_assessment_year_runs_from_1_july_to_30_june_and_stays_configurable(office_user):
    scheme = services.scheme_create(year=2016, user=office_user)
    assert (scheme.period_start, scheme.period_end) == (dt.date(2015, 7, 1), dt.date(2016, 6, 30))
    # 第六条: targets filed by the 30 June before the year, the self-assessment by 15 July after it.
    assert (scheme.filing_due, scheme.self_assessment_due) == (dt.date(2015, 6, 30), dt.date(2016, 7, 15))
    assert Scheme.default_period(2016, start_month=1) == (dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    scheme.period_start, scheme.period_end = dt.date(2015, 1, 1), dt.date(2015, 12, 31)
    services.scheme_save(scheme=scheme, user=office_user)
    scheme.filing_due = scheme.self_assessment_due + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="目标备案 ≤ 自评"):
        services.scheme_save(scheme=scheme, user=office_user)


@pytest.mark.parametrize(
    ("value", "rounded", "grade"),
    [
        (D("89.94"), D("89.9"), "B"),
        (D("89.95"), D("90.0"), "A"),
        (D("89.9499"), D("89.9"), "B"),
        (D("59.95"), D("60.0"), "C"),
        (D("59.94"), D("59.9"), "D"),
        (D("79.95"), D("80.0"), "B"),
        (D("100"), D("100.0"), "A"),
    ],
)
def test_one_rounding_rule_half_up_to_one_decimal_and_the_grade_from_the_rounded_total(value, rounded, grade):
    scheme = Scheme(grade_a_min=D(90), grade_b_min=D(80), grade_c_min=D(60))
    assert round_score(value) == rounded
    assert scheme.grade_for(value, vetoed=False) == grade
    assert scheme.grade_for(value, vetoed=True) == "D"


def test_rebasing_leaves_out_what_does_not_apply_and_rounds_once():
    assert rebased_total(D("36.7"), D("40.8"), D(100)) == D("90.0")  # 89.951…
    assert rebased_total(D("35.8"), D("39.8"), D(100)) == D("89.9")  # 89.9497…
    assert rebased_total(D("58.5"), D(100), D(100)) == D("58.5")
    assert rebased_total(None, D(100), D(100)) is None
    assert rebased_total(D(0), D(0), D(100)) is None  # nothing applies: no total is made up


def _two_item_scheme(applicable: str) -> Scheme:
    """A 2015 scheme of one 100-point group: item `x` worth `applicable`, item `y` the rest."""
    scheme = SchemeFactory(year=2015)
    group = ItemGroupFactory(scheme=scheme, name="质量措施", points=D(100))
    ItemFactory(group=group, code="x", name="适用项目", max_points=D(applicable))
    ItemFactory(group=group, code="y", name="缺项项目", max_points=D(100) - D(applicable))
    return scheme


@pytest.mark.parametrize(
    ("applicable", "score", "total", "grade"),
    [
        ("40.8", "36.7", D("90.0"), "A"),  # 89.95098…
        ("39.8", "35.8", D("89.9"), "B"),  # 89.94974…
        ("40.2", "24.1", D("60.0"), "C"),  # 59.95024…
        ("40.2", "24.0", D("59.7"), "D"),
    ],
)
def test_a_rebased_total_is_graded_by_the_rule_through_the_whole_cycle(
    office_user, county_user, county, counties, applicable, score, total, grade
):
    scheme = services.stage_advance(scheme=_two_item_scheme(applicable), user=office_user)
    scheme = run_cycle(scheme, office_user, Stage.SELF_ASSESSMENT)
    own = scheme.assessments.get(region=county)
    excluded = own.scores.get(item__code="y")
    services.item_exclude(item_score=excluded, reason="辖区内无该类企业", user=office_user)
    x = own.scores.get(item__code="x")
    services.self_assessment_save(
        assessment=own, entries=[services.ScoreEntry(x.pk, D(score), "依据")], user=county_user
    )
    services.self_assessment_submit(assessment=own, user=county_user)
    scheme = run_cycle(scheme, office_user, Stage.ANNOUNCED)
    own.refresh_from_db()
    assert (own.self_total, own.total, own.grade) == (total, total, grade)


# --- 目标备案 ----------------------------------------------------------------------------------------------


def test_target_filing_comes_before_self_assessment(scheme, office_user, county_user, county, counties):
    scheme = services.stage_advance(scheme=scheme, user=office_user)
    assert scheme.stage == Stage.TARGET_FILING
    own = scheme.assessments.get(region=county)
    targets = list(own.filed_targets.select_related("item"))
    # One line per item under 质量目标 (7 automatic, 1 manual), none for the measures or the vetoes.
    assert len(targets) == 8 and all(t.item.is_target for t in targets)
    assert {t.item.code for t in targets} >= {"agri-pass-rate", "service-satisfaction"}
    with pytest.raises(ValidationError, match="不能填写自评"):
        services.self_assessment_save(assessment=own, entries=[], user=county_user)
    # Nothing blank is sent.
    with pytest.raises(ValidationError, match="以下目标尚未填写"):
        services.target_filing_submit(assessment=own, user=county_user)
    with pytest.raises(ValidationError, match="以下县区的年度目标尚未备案"):
        services.stage_advance(scheme=scheme, user=office_user)
    file_targets(own, county_user, office_user)
    own.refresh_from_db()
    assert own.filing_status == FilingStatus.FILED and own.filed_by == office_user and own.filed_at
    assert own.filing_submitted_at <= own.filed_at
    assert own.filed_targets.filter(statement="").count() == 0
    assert FiledTarget.history.filter(assessment_id=own.pk, history_user=county_user).exists()
    with pytest.raises(ValidationError, match="已报送"):
        services.target_filing_save(assessment=own, entries=[], user=county_user)
    for other in scheme.assessments.exclude(pk=own.pk):
        file_targets(other, office_user, office_user)
    scheme = services.stage_advance(scheme=scheme, user=office_user)
    assert scheme.stage == Stage.SELF_ASSESSMENT


def test_only_the_office_files_and_a_county_files_only_its_own(
    scheme, office_user, county_user, other_county_user, leader_user, county, counties
):
    scheme = services.stage_advance(scheme=scheme, user=office_user)
    own = scheme.assessments.get(region=county)
    with pytest.raises(PermissionDenied):
        services.target_filing_save(assessment=own, entries=[], user=other_county_user)
    with pytest.raises(PermissionDenied):
        services.target_filing_save(assessment=own, entries=[], user=leader_user)
    entries = [services.FilingEntry(t.pk, "达到 97%", D(97)) for t in own.filed_targets.all()]
    services.target_filing_save(assessment=own, entries=entries, user=county_user)
    services.target_filing_submit(assessment=own, user=county_user)
    for user in (county_user, leader_user):
        with pytest.raises(PermissionDenied):
            services.target_filing_accept(assessment=own, user=user)
    # Another county's target rows are refused by id.
    foreign = FiledTarget.objects.exclude(assessment=own).first()
    services.target_filing_return(assessment=own, reason="目标低于上年实际", user=office_user)
    own.refresh_from_db()
    with pytest.raises(ValidationError, match="不属于"):
        services.target_filing_save(
            assessment=own, entries=[services.FilingEntry(foreign.pk, "x")], user=county_user
        )


def test_filing_in_the_page_returned_with_the_reason_then_filed(
    client, client_for, scheme, office_user, county_user, other_county_user, county, counties
):
    scheme = services.stage_advance(scheme=scheme, user=office_user)
    own = scheme.assessments.get(region=county)
    page = client_for(county_user).get(own.get_absolute_url()).content.decode()
    assert "目标备案" in page and "报送备案" in page and "主要农产品质量安全监测合格率达到96%以上" in page
    assert client_for(other_county_user).get(own.get_absolute_url()).status_code == 404
    targets = list(own.filed_targets.all())
    data = {"targets-TOTAL_FORMS": len(targets), "targets-INITIAL_FORMS": len(targets), "finish": "1"}
    for index, target in enumerate(targets):
        data[f"targets-{index}-filed_target"] = target.pk
        data[f"targets-{index}-statement"] = "较上年提高 1 个百分点"
        data[f"targets-{index}-value"] = "97.5"
    response = client_for(county_user).post(own.get_absolute_url(), data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.filing_status == FilingStatus.SUBMITTED
    assert own.filed_targets.filter(value=D("97.5")).count() == len(targets)
    # The office sends it back; a reason is required; the county sees it.
    url = reverse("assessments:filing_action", args=[own.pk, "return"])
    assert client.post(url, {"reason": "x"}).status_code == 302  # anonymous: to the sign-in page
    assert client_for(county_user).post(url, {"reason": "x"}).status_code == 403
    office = client_for(office_user)
    assert "请填写退回原因。" in office.post(url, {"reason": ""}, follow=True).content.decode()
    office.post(url, {"reason": "农产品目标低于上年实际"})
    own.refresh_from_db()
    assert own.filing_status == FilingStatus.PENDING
    page = client_for(county_user).get(own.get_absolute_url()).content.decode()
    assert "目标备案退回修改：农产品目标低于上年实际" in page
    assert "请修改后重新提交自评" not in page  # not mistaken for a returned self-assessment
    client_for(county_user).post(own.get_absolute_url(), data)
    response = office.post(reverse("assessments:filing_action", args=[own.pk, "accept"]), follow=True)
    assert "已备案兴隆台区的年度目标" in response.content.decode()
    own.refresh_from_db()
    assert own.filing_status == FilingStatus.FILED and own.filed_by == office_user
    board = office.get(scheme.get_absolute_url()).content.decode()
    assert "已备案" in board and "待报送" in board


# --- 合理缺项 and missing data ------------------------------------------------------------------------------


def test_a_county_does_not_score_itself_where_data_are_missing(county_assessment, county_user, office_user):
    blank = county_assessment.scores.get(item__code="large-project-acceptance")
    assert blank.lacks_data
    with pytest.raises(ValidationError, match="没有统计数据，不能自评打分"):
        services.self_assessment_save(
            assessment=county_assessment,
            entries=[services.ScoreEntry(blank.pk, D(5), "我们验收全部合格")],
            user=county_user,
        )
    blank.refresh_from_db()
    assert blank.self_score is None


def test_the_office_scores_an_item_without_data_only_with_its_reason(published, office_user, county):
    scheme = run_cycle(published, office_user, Stage.REVIEW)
    own = scheme.assessments.get(region=county)
    blank = own.scores.get(item__code="large-project-acceptance")
    with pytest.raises(ValidationError, match="打分须写明依据"):
        services.review_save(assessment=own, entries=[services.ScoreEntry(blank.pk, D(0))], user=office_user)
    with pytest.raises(ValidationError, match="尚未审核打分"):
        services.review_complete(assessment=own, user=office_user)
    services.review_save(
        assessment=own,
        entries=[services.ScoreEntry(blank.pk, D(0), "县区未报送验收记录，按 0 分计")],
        user=office_user,
    )
    blank.refresh_from_db()
    assert blank.reviewed_score == D(0) and blank.review_comment.startswith("县区未报送")


def test_excluding_an_item_records_why_and_who_and_rebases_the_total(
    county_assessment, county_user, office_user, leader_user
):
    item_score = county_assessment.scores.get(item__code="large-project-acceptance")
    for user in (county_user, leader_user):
        with pytest.raises(PermissionDenied):
            services.item_exclude(item_score=item_score, reason="无大中型工程", user=user)
    with pytest.raises(ValidationError, match="理由"):
        services.item_exclude(item_score=item_score, reason="  ", user=office_user)
    veto = county_assessment.scores.get(item__code="veto-incident")
    with pytest.raises(ValidationError, match="一票否决项不能"):
        services.item_exclude(item_score=veto, reason="不适用", user=office_user)
    services.item_exclude(
        item_score=item_score, reason=" 考核期内辖区无大中型工程项目竣工验收 ", user=office_user
    )
    item_score.refresh_from_db()
    assert item_score.excluded and item_score.exclusion_reason == "考核期内辖区无大中型工程项目竣工验收"
    assert item_score.excluded_by == office_user and item_score.excluded_at
    assert item_score.history.first().history_user == office_user
    assert not item_score.lacks_data
    with pytest.raises(ValidationError, match="合理缺项，不计分"):
        services.self_assessment_save(
            assessment=county_assessment,
            entries=[services.ScoreEntry(item_score.pk, D(5), "")],
            user=county_user,
        )
    services.item_include(item_score=item_score, reason="查实有一项工程验收", user=office_user)
    item_score.refresh_from_db()
    assert not item_score.excluded and item_score.lacks_data
    assert item_score.history.first().history_change_reason == "撤销合理缺项：查实有一项工程验收"


def test_excluding_is_refused_after_review(announced, office_user):
    score = announced.assessments.first().scores.exclude(item__scoring="veto").first()
    with pytest.raises(ValidationError, match="书面审核结束前"):
        services.item_exclude(item_score=score, reason="不适用", user=office_user)


def test_exclusions_in_the_page(client_for, county_assessment, county_user, office_user, other_county_user):
    item_score = county_assessment.scores.get(item__code="large-project-acceptance")
    url = reverse("assessments:exclusion_action", args=[county_assessment.pk, "exclude"])
    data = {"item_score": item_score.pk, "reason": "辖区内无大中型工程"}
    assert client_for(county_user).post(url, data).status_code == 403
    response = client_for(office_user).post(url, data, follow=True)
    assert "已认定“大中型工程项目一次验收合格率达到100%”为合理缺项" in response.content.decode()
    page = client_for(county_user).get(county_assessment.get_absolute_url()).content.decode()
    assert "合理缺项" in page and "辖区内无大中型工程" in page
    # Another county's item score is not reachable through this county's assessment.
    other = ItemScore.objects.exclude(assessment=county_assessment).filter(item=item_score.item).first()
    assert client_for(office_user).post(url, {"item_score": other.pk, "reason": "x"}).status_code == 404
    other.refresh_from_db()
    assert not other.excluded


# --- rectification and 约谈 ------------------------------------------------------------------------------


def test_rectification_is_due_one_month_after_the_result(announced, office_user, other_county):
    flagged = announced.assessments.get(region=other_county)
    announced_on = timezone.localdate(announced.announced_at)
    assert flagged.rectification_required and flagged.rectification_due == add_months(announced_on, 1)
    assert not announced.assessments.filter(rectification_required=False, rectification_due__isnull=False)
    assert not flagged.rectification_overdue(flagged.rectification_due)
    assert flagged.rectification_overdue(flagged.rectification_due + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="不能早于结果公布日期"):
        services.rectification_due_set(
            assessment=flagged, due=announced_on - dt.timedelta(days=1), user=office_user
        )
    later = flagged.rectification_due + dt.timedelta(days=15)
    services.rectification_due_set(assessment=flagged, due=later, user=office_user)
    flagged.refresh_from_db()
    assert flagged.rectification_due == later


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [("2015-10-31", 1, "2015-11-30"), ("2016-01-31", 1, "2016-02-29"), ("2015-12-15", 1, "2016-01-15")],
)
def test_add_months_keeps_the_day_or_the_end_of_the_month(day, months, expected):
    assert add_months(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(expected)


def test_interviews_are_for_grades_c_and_d_after_the_result(announced, office_user, county, other_county):
    today = timezone.localdate()
    graded_a = announced.assessments.get(region=county)
    graded_d = announced.assessments.get(region=other_county)
    assert graded_a.grade == "A" and graded_d.grade == "D"
    fields = {
        "held_on": today,
        "held_by": "市质量强市办主任",
        "interviewees": "副县长",
        "content": "通报问题",
    }
    with pytest.raises(ValidationError, match="只针对 C 级和 D 级"):
        services.interview_record(assessment=graded_a, user=office_user, **fields)
    with pytest.raises(ValidationError) as error:
        services.interview_record(
            assessment=graded_d, user=office_user, **{**fields, "held_on": today + dt.timedelta(days=1)}
        )
    assert error.value.message_dict == {"held_on": ["约谈日期不能晚于今天。"]}
    interview = services.interview_record(assessment=graded_d, user=office_user, **fields)
    assert interview.recorded_by == office_user and interview.history.count() == 1


def test_interviews_in_the_page_are_seen_by_the_county_and_the_office_only(
    client_for, announced, office_user, leader_user, county_user, other_county_user, other_county
):
    graded_d = announced.assessments.get(region=other_county)
    url = reverse("assessments:interview_add", args=[graded_d.pk])
    assert client_for(other_county_user).get(url).status_code == 403
    office = client_for(office_user)
    assert "约谈日期" in office.get(url).content.decode()
    response = office.post(
        url,
        {
            "held_on": timezone.localdate().isoformat(),
            "held_by": "市质量强市工作领导小组办公室主任 王某",
            "interviewees": "盘山县副县长 李某",
            "content": "指出监督抽查工作不到位，要求一个月内提交整改报告。",
        },
    )
    assert response.status_code == 302 and response.url == graded_d.get_absolute_url()
    assert Interview.objects.get(assessment=graded_d).interviewees == "盘山县副县长 李某"
    for user in (office_user, leader_user, other_county_user):
        page = client_for(user).get(graded_d.get_absolute_url()).content.decode()
        assert "约谈记录（D 级）" in page and "盘山县副县长 李某" in page, user
        assert "整改报告截止" in page or "截止日期" in page
    # Results are public once announced; another county sees the result, not the interview.
    page = client_for(county_user).get(graded_d.get_absolute_url()).content.decode()
    assert "盘山县副县长 李某" not in page and "约谈记录" not in page
    assert not Interview.objects.for_user(county_user).exists()


def test_the_api_states_the_period_the_stages_and_the_rectification_deadline(
    api_for, leader_user, announced, other_county
):
    scheme = api_for(leader_user).get("/api/v1/assessments/schemes/2015/").json()
    assert (scheme["period_start"], scheme["period_end"], scheme["filing_due"]) == (
        "2014-07-01",
        "2015-06-30",
        "2014-06-30",
    )
    assert [s["stage"] for s in scheme["stages"]][:3] == ["draft", "target_filing", "self_assessment"]
    assert scheme["stages"][1] == {
        "stage": "target_filing",
        "label": "目标备案",
        "due": "2014-06-30",
        "state": "done",
    }
    assert scheme["stages"][-1]["state"] == "current" and scheme["rectification_months"] == 1
    rows = api_for(leader_user).get("/api/v1/assessments/results/", {"year": 2015}).json()["results"]
    flagged = next(r for r in rows if r["region"] == other_county.code)
    due = announced.assessments.get(region=other_county).rectification_due
    assert flagged["rectification_due"] == due.isoformat() and flagged["filing_status"] == "filed"


def test_the_results_page_shows_each_rectification_deadline(client_for, office_user, announced, other_county):
    due = announced.assessments.get(region=other_county).rectification_due
    page = client_for(office_user).get(reverse("assessments:result_list"), {"year": 2015}).content.decode()
    assert f"整改 {due.month}月{due.day}日前" in page and "1 个月内提交书面整改报告" in page
    assert "逾期" not in page
    # Announced two months ago, due a month after: overdue now.
    Scheme.objects.filter(pk=announced.pk).update(announced_at=timezone.now() - dt.timedelta(days=61))
    flagged = announced.assessments.select_related("scheme").get(region=other_county)
    past = add_months(timezone.localdate(flagged.scheme.announced_at), 1)
    services.rectification_due_set(assessment=flagged, due=past, user=office_user)
    page = client_for(office_user).get(reverse("assessments:result_list"), {"year": 2015}).content.decode()
    assert f"整改 {past.month}月{past.day}日前 逾期" in page
