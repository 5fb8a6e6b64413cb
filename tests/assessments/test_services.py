"""The assessment cycle through its services: publishing, self-assessment, review, draw, results, locks."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments import services
from assessments.choices import AssessmentStatus, Stage
from assessments.models import Assessment, Item, ItemScore, Scheme, VerificationDraw
from tests.assessments.factories import fill_self_assessment, review_all, run_cycle

pytestmark = pytest.mark.django_db
D = Decimal


def test_create_scheme_from_template_adds_up_to_100_points(scheme):
    assert scheme.stage == Stage.DRAFT
    assert (scheme.period_start.isoformat(), scheme.period_end.isoformat()) == ("2014-07-01", "2015-06-30")
    tops = {g.name: g.points for g in scheme.groups.filter(parent__isnull=True)}
    assert tops == {"质量目标": 40, "质量措施": 60, "一票否决": 0}
    assert services.scheme_problems(scheme) == []
    assert scheme.items.filter(scoring="veto").count() == 2
    assert scheme.items.get(code="agri-pass-rate").dim1 == "agri_product_pass_rate-2015"
    assert (
        scheme.history.count() == 1
        and Item.history.filter(scheme_id=scheme.pk).count() == scheme.items.count()
    )


def test_publish_is_refused_when_points_do_not_add_up(scheme, office_user):
    item = scheme.items.get(code="leadership")
    item.max_points = 7
    services.scheme_part_save(part=item, user=office_user)
    with pytest.raises(ValidationError) as error:
        services.stage_advance(scheme=scheme, user=office_user)
    assert "分组“质量措施 · 宏观管理”分值 20.0 分，考核项目合计 22.0 分。" in error.value.messages
    scheme.refresh_from_db()
    assert scheme.stage == Stage.DRAFT and not Assessment.objects.exists()


def test_publish_creates_an_assessment_and_item_scores_per_county_with_history(published, counties):
    assert published.stage == Stage.SELF_ASSESSMENT
    assert {a.region_id for a in published.assessments.all()} == {c.pk for c in counties}
    assert (
        ItemScore.objects.filter(assessment__scheme=published).count()
        == len(counties) * published.items.count()
    )
    assert Assessment.history.filter(scheme_id=published.pk, history_type="+").count() == len(counties)
    assert ItemScore.history.filter(history_type="+").count() == len(counties) * published.items.count()


def test_items_are_locked_once_the_scheme_is_published(published, office_user):
    item = published.items.first()
    item.max_points = 1
    with pytest.raises(ValidationError, match="已发布"):
        services.scheme_part_save(part=item, user=office_user)
    with pytest.raises(ValidationError, match="已发布"):
        services.item_delete(item=item, user=office_user)


def test_only_the_office_changes_schemes(scheme, county_user, leader_user):
    for user in (county_user, leader_user):
        with pytest.raises(PermissionDenied):
            services.stage_advance(scheme=scheme, user=user)
        with pytest.raises(PermissionDenied):
            services.scheme_create(year=2016, user=user)


def test_county_saves_and_submits_its_own_self_assessment(county_assessment, county_user):
    fill_self_assessment(county_assessment, county_user, D("0.8"))
    county_assessment.refresh_from_db()
    # The automatic items (47 points) have no statistics here: not the county's to score, so 0.8 × 53.
    assert county_assessment.self_total == D("42.4")
    score = county_assessment.scores.get(item__code="leadership")
    assert score.self_score == D("4.0") and score.self_note == "自评依据"
    assert score.history.first().history_user == county_user
    services.self_assessment_submit(assessment=county_assessment, user=county_user)
    county_assessment.refresh_from_db()
    assert county_assessment.status == AssessmentStatus.SUBMITTED and county_assessment.submitted_at
    with pytest.raises(ValidationError, match="已提交"):
        fill_self_assessment(county_assessment, county_user)


def test_self_score_above_the_maximum_names_the_item(county_assessment, county_user):
    score = county_assessment.scores.get(item__code="leadership")
    with pytest.raises(ValidationError) as error:
        services.self_assessment_save(
            assessment=county_assessment, entries=[services.ScoreEntry(score.pk, D(6))], user=county_user
        )
    assert error.value.messages == ["“建立质量工作领导机制，定期研究质量工作”：得分 6 超出 0–5.0 分。"]
    score.refresh_from_db()
    assert score.self_score is None


def test_submitting_with_blank_items_lists_them(county_assessment, county_user):
    with pytest.raises(ValidationError, match="以下项目尚未自评打分：.*建立质量工作领导机制"):
        services.self_assessment_submit(assessment=county_assessment, user=county_user)


def test_county_cannot_touch_another_countys_assessment(other_assessment, county_user, department_user):
    for user in (county_user, department_user):
        with pytest.raises(PermissionDenied):
            fill_self_assessment(other_assessment, user)
    assert not other_assessment.scores.filter(self_score__isnull=False, item__scoring="manual").exists()


def test_next_stage_is_refused_while_counties_have_not_submitted(published, office_user, county_assessment):
    fill_self_assessment(county_assessment, office_user)
    services.self_assessment_submit(assessment=county_assessment, user=office_user)
    with pytest.raises(ValidationError) as error:
        services.stage_advance(scheme=published, user=office_user)
    message = error.value.messages[0]
    assert message.startswith("以下县区尚未提交自评：") and "盘山县" in message and "兴隆台区" not in message


def test_self_assessment_is_locked_after_its_stage(published, office_user, county_user):
    scheme = run_cycle(published, office_user, Stage.REVIEW)
    assessment = scheme.assessments.get(region=county_user.region)
    with pytest.raises(ValidationError, match="书面审核.*不能填写自评"):
        fill_self_assessment(assessment, county_user)
    with pytest.raises(PermissionDenied):
        review_all(assessment, county_user)


def test_verification_draw_is_recorded_and_reproducible(published, office_user):
    scheme = run_cycle(published, office_user, Stage.VERIFICATION)
    draw = services.verification_draw(scheme=scheme, user=office_user, seed=12345)
    assert draw.pool == sorted(a.region.code for a in scheme.assessments.select_related("region"))
    assert len(draw.drawn) == scheme.verification_count == 2
    assert draw.drawn == VerificationDraw.sample(draw.pool, 2, 12345) and draw.reproduces()
    assert set(
        scheme.assessments.filter(selected_for_verification=True).values_list("region__code", flat=True)
    ) == set(draw.drawn)
    assert draw.history.count() == 1
    with pytest.raises(ValidationError, match="不能重抽"):
        services.verification_draw(scheme=scheme, user=office_user)
    not_drawn = scheme.assessments.exclude(region__code__in=draw.drawn).first()
    with pytest.raises(ValidationError, match="未被抽中"):
        services.verification_complete(assessment=not_drawn, user=office_user)
    with pytest.raises(ValidationError, match="尚未完成实地核查"):
        services.stage_advance(scheme=scheme, user=office_user)


def test_verified_score_replaces_the_reviewed_one(published, office_user):
    scheme = run_cycle(published, office_user, Stage.VERIFICATION)
    draw = services.verification_draw(scheme=scheme, user=office_user, seed=1)
    assessment = scheme.assessments.get(region__code=draw.drawn[0])
    score = assessment.scores.get(item__code="leadership")
    before = assessment.total
    services.verification_save(
        assessment=assessment,
        entries=[services.ScoreEntry(score.pk, D(0), "现场无会议记录")],
        note="核查",
        user=office_user,
    )
    assessment.refresh_from_db()
    # The automatic items were ruled out (no statistics): 4.5 of the 53 points that apply, re-based to 100.
    assert before == D("90.0") and assessment.total == D("81.5")  # (47.7 − 4.5) × 100 / 53 = 81.51
    assert assessment.verification_note == "核查"


def test_results_grade_rank_veto_and_rectification(announced):
    results = {a.region.code: a for a in announced.assessments.select_related("region")}
    # Full marks except the 0.9 self fraction: 90.0 → grade A for the counties reviewed without cuts.
    assert results["211103"].total == D("90.0") and results["211103"].grade == "A"
    assert results["211103"].rank == 1  # four counties tie at 90.0 and share rank 1
    assert [results[c].rank for c in ("211102", "211104", "2111A1")] == [1, 1, 1]
    panshan = results["211122"]
    assert panshan.total < D(60) and panshan.grade == "D" and panshan.rank == 5
    vetoed = results["2111A2"]
    assert vetoed.vetoed and vetoed.total == D("90.0") and vetoed.grade == "D" and vetoed.rank == 6
    assert {c for c, a in results.items() if a.rectification_required} == {"211122", "2111A2"}
    assert announced.stage == Stage.ANNOUNCED and announced.announced_at and announced.approved_by


def test_grade_bands_are_configurable(published, office_user):
    published.grade_a_min = D(95)
    services.scheme_save(scheme=published, user=office_user)
    scheme = run_cycle(published, office_user, Stage.ANNOUNCED)
    assert set(scheme.assessments.values_list("grade", flat=True)) == {"B"}


def test_grade_bands_must_descend(scheme, office_user):
    scheme.grade_b_min = D(95)
    with pytest.raises(ValidationError, match="A > B > C"):
        services.scheme_save(scheme=scheme, user=office_user)


def test_announced_year_is_closed(announced, office_user):
    announced.title = "改"
    with pytest.raises(ValidationError, match="已公布"):
        services.scheme_save(scheme=announced, user=office_user)
    with pytest.raises(ValidationError, match="考核已结束"):
        services.stage_advance(scheme=announced, user=office_user)


def test_copy_scheme_moves_dates_and_keeps_the_rules(announced, office_user):
    copy = services.scheme_copy(source=announced, year=2016, user=office_user)
    assert copy.stage == Stage.DRAFT and copy.copied_from == announced
    assert (copy.period_start.isoformat(), copy.approval_due.isoformat()) == ("2015-07-01", "2016-10-19")
    assert copy.items.count() == announced.items.count() and copy.groups.count() == announced.groups.count()
    # Targets keep their code (the policy's 2015 target); each year is scored on that year's attainment.
    assert copy.items.get(code="agri-pass-rate").dim1 == "agri_product_pass_rate-2015"
    assert copy.items.get(code="leadership").group.parent.name == "质量措施"
    assert services.scheme_problems(copy) == []
    with pytest.raises(ValidationError, match="已存在"):
        services.scheme_copy(source=announced, year=2016, user=office_user)


def test_rectification_report_only_where_required(announced, client_for, county_user, other_county_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    flagged = announced.assessments.get(region=other_county_user.region)
    services.rectification_submit(
        assessment=flagged, file=SimpleUploadedFile("整改.docx", b"report"), user=other_county_user
    )
    flagged.refresh_from_db()
    assert flagged.rectification_submitted_at and flagged.rectification_report.read() == b"report"
    fine = announced.assessments.get(region=county_user.region)
    with pytest.raises(ValidationError, match="无须"):
        services.rectification_submit(
            assessment=fine, file=SimpleUploadedFile("a.docx", b"x"), user=county_user
        )
    with pytest.raises(PermissionDenied):
        services.rectification_submit(
            assessment=flagged, file=SimpleUploadedFile("a.docx", b"x"), user=county_user
        )


def test_late_counties_are_those_short_of_a_passed_deadline(published, office_user, county_assessment):
    import datetime as dt

    fill_self_assessment(county_assessment, office_user)
    services.self_assessment_submit(assessment=county_assessment, user=office_user)
    due = published.self_assessment_due
    assessments = list(Scheme.objects.get(pk=published.pk).assessments.all())
    assert not any(a.is_late(due) for a in assessments)
    late = {a.region_id for a in assessments if a.is_late(due + dt.timedelta(days=1))}
    assert county_assessment.region_id not in late and len(late) == len(assessments) - 1


def test_office_returns_a_submitted_self_assessment_and_the_county_resubmits(
    county_assessment, county_user, office_user
):
    fill_self_assessment(county_assessment, county_user)
    services.self_assessment_submit(assessment=county_assessment, user=county_user)
    services.self_assessment_return(
        assessment=county_assessment, reason="  佐证材料不全，请补充会议纪要 ", user=office_user
    )
    county_assessment.refresh_from_db()
    assert county_assessment.status == AssessmentStatus.PENDING and county_assessment.submitted_at is None
    record = county_assessment.history.first()
    assert record.history_change_reason == "退回县区修改：佐证材料不全，请补充会议纪要"
    assert record.history_user == office_user and record.prev_record.status == AssessmentStatus.SUBMITTED
    fill_self_assessment(county_assessment, county_user, D("0.8"))
    services.self_assessment_submit(assessment=county_assessment, user=county_user)
    county_assessment.refresh_from_db()
    assert county_assessment.status == AssessmentStatus.SUBMITTED and county_assessment.self_total == D(
        "42.4"
    )


def test_self_assessment_returned_in_review_is_reviewed_only_after_resubmission(
    published, office_user, county_user
):
    scheme = run_cycle(published, office_user, Stage.REVIEW)
    for each in scheme.assessments.all():
        review_all(each, office_user)
    assessment = scheme.assessments.get(region=county_user.region)
    services.self_assessment_return(assessment=assessment, reason="自评分偏高", user=office_user)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.PENDING and assessment.reviewed_at is None
    with pytest.raises(ValidationError, match="已退回县区修改，须待县区重新提交后再书面审核"):
        review_all(assessment, office_user)
    with pytest.raises(ValidationError) as error:
        services.stage_advance(scheme=scheme, user=office_user)
    assert error.value.messages == ["以下县区尚未完成书面审核：兴隆台区。"]
    fill_self_assessment(assessment, county_user, D("0.7"))
    services.self_assessment_submit(assessment=assessment, user=county_user)
    review_all(assessment, office_user)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.REVIEWED and assessment.self_total == D("70.0")
    assert services.stage_advance(scheme=scheme, user=office_user).stage == Stage.VERIFICATION


def test_only_the_office_returns_a_self_assessment(county_assessment, county_user, leader_user, office_user):
    fill_self_assessment(county_assessment, county_user)
    services.self_assessment_submit(assessment=county_assessment, user=county_user)
    for user in (county_user, leader_user):
        with pytest.raises(PermissionDenied):
            services.self_assessment_return(assessment=county_assessment, reason="重填", user=user)
    county_assessment.refresh_from_db()
    assert county_assessment.status == AssessmentStatus.SUBMITTED


def test_return_needs_a_reason_and_a_submitted_self_assessment(county_assessment, county_user, office_user):
    with pytest.raises(ValidationError, match="自评尚未提交，无须退回"):
        services.self_assessment_return(assessment=county_assessment, reason="重填", user=office_user)
    fill_self_assessment(county_assessment, county_user)
    services.self_assessment_submit(assessment=county_assessment, user=county_user)
    with pytest.raises(ValidationError, match="请填写退回原因"):
        services.self_assessment_return(assessment=county_assessment, reason="  ", user=office_user)
    county_assessment.refresh_from_db()
    assert county_assessment.status == AssessmentStatus.SUBMITTED


def test_return_is_refused_after_document_review(published, office_user, county_user):
    scheme = run_cycle(published, office_user, Stage.VERIFICATION)
    assessment = scheme.assessments.get(region=county_user.region)
    with pytest.raises(ValidationError) as error:
        services.self_assessment_return(assessment=assessment, reason="重填", user=office_user)
    assert error.value.messages == [
        "2015年度考核处于“实地核查”阶段，不能退回县区修改（须在“县区自评”或“书面审核”阶段）。"
    ]
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.REVIEWED
