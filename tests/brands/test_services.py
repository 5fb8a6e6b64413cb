"""Award rules and the mayor's quality award round, through the services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from brands import selectors, services
from brands.choices import ApplicationStatus, AwardState, RoundStatus
from brands.models import Application, Assignment, Award, AwardType, Score
from tests.brands.conftest import score_fully
from tests.brands.factories import AwardFactory, ExpertFactory, round_data
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_award_save_derives_valid_until_from_the_types_default(reference):
    award = services.award_save(
        award=Award(
            award_type=AwardType.objects.get(code="liaoning_brand"),
            enterprise=EnterpriseFactory(),
            product=" 蟹田  大米 ",
            year=2015,
            valid_from=dt.date(2015, 3, 1),
        )
    )
    assert award.valid_until == dt.date(2018, 2, 28)
    assert award.product == "蟹田 大米"
    assert award.history.count() == 1


def test_award_save_leaves_long_term_awards_open_ended(reference):
    award = services.award_save(
        award=Award(
            award_type=AwardType.objects.get(code="governor_award"),
            enterprise=EnterpriseFactory(),
            year=2014,
            valid_from=dt.date(2014, 9, 1),
        )
    )
    assert award.valid_until is None
    assert award.state_on(dt.date(2030, 1, 1)) == AwardState.VALID


def test_award_type_default_validity_handles_29_february(reference):
    award_type = AwardType.objects.get(code="liaoning_brand")
    assert award_type.default_valid_until(dt.date(2016, 2, 29)) == dt.date(2019, 2, 28)


@pytest.mark.parametrize(
    ("code", "product", "message"),
    [("liaoning_brand", "", "请填写产品名称"), ("governor_award", "蟹田大米", "授予企业")],
)
def test_award_save_checks_product_against_the_award_subject(reference, code, product, message):
    award = Award(
        award_type=AwardType.objects.get(code=code),
        enterprise=EnterpriseFactory(),
        product=product,
        year=2015,
        valid_from=dt.date(2015, 3, 1),
    )
    with pytest.raises(ValidationError) as exc:
        services.award_save(award=award)
    assert message in exc.value.message_dict["product"][0]
    assert not Award.objects.exists()


def test_award_certificate_numbers_are_unique_per_type(reference):
    AwardFactory(certificate_no="LN-2015-001")
    with pytest.raises(ValidationError) as exc:
        services.award_save(award=AwardFactory.build(certificate_no="LN-2015-001"))
    assert "证书编号不能重复" in str(exc.value)


def test_a_holder_gets_an_award_once_a_year_renewals_are_later_years(reference):
    first = AwardFactory(year=2015)
    duplicate = AwardFactory.build(award_type=first.award_type, enterprise=first.enterprise, year=2015)
    with pytest.raises(ValidationError) as exc:
        services.award_save(award=duplicate)
    assert "这一年度已有同一奖项的记录" in str(exc.value)
    renewal = AwardFactory.build(award_type=first.award_type, enterprise=first.enterprise, year=2018)
    services.award_save(award=renewal)
    assert Award.objects.filter(enterprise=first.enterprise).count() == 2


def test_award_constraint_refuses_revocation_without_reason_in_the_database(reference):
    with pytest.raises(IntegrityError):
        AwardFactory(revoked_on=dt.date(2016, 1, 1), revoke_reason="")


def test_award_revoke_records_date_reason_and_history(reference):
    award = AwardFactory(valid_from=dt.date(2015, 6, 1))
    services.award_revoke(award=award, revoked_on=dt.date(2016, 8, 15), reason="省级抽查不合格")
    award.refresh_from_db()
    assert (award.revoked_on, award.revoke_reason) == (dt.date(2016, 8, 15), "省级抽查不合格")
    assert award.state_on(dt.date(2016, 8, 14)) == AwardState.VALID
    assert award.state_on(dt.date(2016, 8, 15)) == AwardState.REVOKED
    assert award.history.first().revoked_on == dt.date(2016, 8, 15)
    with pytest.raises(ValidationError, match="已于 2016-08-15 撤销"):
        services.award_revoke(award=award, revoked_on=dt.date(2016, 9, 1), reason="再次")


def test_award_revoke_refuses_a_date_before_validity(reference):
    award = AwardFactory(valid_from=dt.date(2015, 6, 1))
    with pytest.raises(ValidationError):
        services.award_revoke(award=award, revoked_on=dt.date(2015, 1, 1), reason="x")
    award.refresh_from_db()
    assert award.revoked_on is None


def test_expiring_lists_awards_in_force_ending_within_90_days(reference):
    today = dt.date(2017, 5, 1)
    soon = AwardFactory(valid_from=dt.date(2014, 6, 1), valid_until=dt.date(2017, 7, 1))
    AwardFactory(valid_from=dt.date(2014, 6, 1), valid_until=dt.date(2017, 8, 30))  # 121 days away
    AwardFactory(valid_from=dt.date(2014, 6, 1), valid_until=dt.date(2017, 4, 30))  # already expired
    AwardFactory(
        valid_from=dt.date(2014, 6, 1),
        valid_until=dt.date(2017, 6, 1),
        revoked_on=dt.date(2016, 1, 1),
        revoke_reason="撤销",
    )
    assert list(Award.objects.expiring(today)) == [soon]


def test_round_create_copies_gbt19580_categories_summing_to_1000(reference):
    evaluation = services.round_create(round=round_data())
    criteria = list(evaluation.criteria.values_list("name", "max_points"))
    assert [name for name, _ in criteria] == [
        "领导",
        "战略",
        "顾客与市场",
        "资源",
        "过程管理",
        "测量、分析与改进",
        "结果",
    ]
    assert sum(points for _, points in criteria) == 1000
    assert evaluation.status == RoundStatus.ACCEPTING


def test_round_create_takes_the_previous_rounds_points(reference):
    first = services.round_create(round=round_data(2015))
    points = {c.code: c.max_points for c in first.criteria.all()}
    services.round_set_points(round=first, points={**points, "leadership": 120, "results": 390})
    second = services.round_create(round=round_data(2016))
    assert second.criteria.get(code="leadership").max_points == 120


def test_round_set_points_refuses_a_total_other_than_1000(reference):
    evaluation = services.round_create(round=round_data())
    points = {c.code: c.max_points for c in evaluation.criteria.all()}
    with pytest.raises(ValidationError, match="合计应为 1000 分，现为 1010 分"):
        services.round_set_points(round=evaluation, points={**points, "leadership": 120})
    assert evaluation.criteria.get(code="leadership").max_points == 110


def test_round_timetable_must_be_in_order(reference):
    with pytest.raises(ValidationError, match="时间安排须依次为"):
        services.round_create(round=round_data(scoring_due=dt.date(2016, 1, 1)))


def test_application_once_per_round(open_round, own_enterprise):
    with pytest.raises(ValidationError, match="已申报"):
        services.application_submit(
            application=Application(
                round=open_round, enterprise=own_enterprise, submitted_on=dt.date(2016, 4, 2)
            )
        )


def test_application_rejection_needs_a_reason(open_round, reference):
    application = services.application_submit(
        application=Application(
            round=open_round, enterprise=EnterpriseFactory(), submitted_on=dt.date(2016, 4, 2)
        )
    )
    with pytest.raises(ValidationError, match="须写明资格审查意见"):
        services.application_screen(application=application, accepted=False, note="  ")


def test_start_review_waits_for_screening(open_round, reference):
    late = services.application_submit(
        application=Application(
            round=open_round, enterprise=EnterpriseFactory(name="待审企业"), submitted_on=dt.date(2016, 4, 3)
        )
    )
    with pytest.raises(ValidationError, match="待审企业"):
        services.round_start_review(round=open_round)
    assert not Assignment.objects.exists()
    services.application_screen(application=late, accepted=False, note="材料不全")
    services.round_start_review(round=open_round)
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.REVIEWING
    assert not Assignment.objects.filter(application=late).exists()


def test_start_review_never_assigns_an_expert_to_an_enterprise_they_are_linked_to(
    open_round, experts, own_enterprise
):
    experts[2].conflicts.add(own_enterprise)
    created = services.round_start_review(round=open_round)
    assert len(created) == 6 + 5
    assert not Assignment.objects.filter(expert=experts[2], application__enterprise=own_enterprise).exists()
    # The bulk insert records history too.
    assert Assignment.history.count() == 11


def test_assignment_add_refuses_a_conflicted_expert(reviewing_round, own_enterprise):
    linked = ExpertFactory(name="回避专家")
    linked.conflicts.add(own_enterprise)
    application = reviewing_round.applications.get(enterprise=own_enterprise)
    with pytest.raises(ValidationError, match="回避专家与“盘锦兴隆台测试米业有限公司”存在利益关联"):
        services.assignment_add(application=application, expert=linked)


def test_score_record_keeps_points_within_the_category_maximum(reviewing_round):
    assignment = Assignment.objects.filter(application__round=reviewing_round).first()
    leadership = reviewing_round.criteria.get(code="leadership")
    with pytest.raises(ValidationError, match="“领导”得分应在 0 至 110 分之间"):
        services.score_record(assignment=assignment, criterion=leadership, points=Decimal("110.5"))
    score = services.score_record(assignment=assignment, criterion=leadership, points=Decimal("99.5"))
    # Scoring the same category again corrects it.
    services.score_record(assignment=assignment, criterion=leadership, points=Decimal("100"), comment="修正")
    score.refresh_from_db()
    assert (score.points, score.comment) == (Decimal("100.0"), "修正")
    assert Score.objects.count() == 1
    assert score.history.count() == 2


def test_score_record_refuses_an_expert_who_became_linked_during_the_review(
    reviewing_round, experts, own_enterprise
):
    assignment = Assignment.objects.get(expert=experts[0], application__enterprise=own_enterprise)
    experts[0].conflicts.add(own_enterprise)
    with pytest.raises(ValidationError, match="不得评分"):
        score_fully(assignment, "0.5")
    assert not Score.objects.exists()


def test_trimmed_mean_drops_highest_and_lowest_from_five_experts():
    totals = [Decimal(v) for v in ("900", "800", "700", "600", "100")]
    assert selectors.trimmed_mean(totals) == Decimal("700.00")
    assert selectors.trimmed_mean(totals[:4]) == Decimal("750.00")
    assert selectors.trimmed_mean([]) is None


def test_ranking_uses_only_complete_score_sheets_and_shares_ranks_on_ties(reviewing_round, own_enterprise):
    assignments = list(
        Assignment.objects.filter(application__round=reviewing_round).select_related("application")
    )
    for assignment in assignments:
        score_fully(assignment, "0.75")
    # One more expert starts a sheet but does not finish it: it does not count.
    extra = services.assignment_add(
        application=reviewing_round.applications.get(enterprise=own_enterprise), expert=ExpertFactory()
    )
    services.score_record(assignment=extra, criterion=reviewing_round.criteria.first(), points=Decimal(0))
    rows = selectors.ranking(reviewing_round)
    assert [r.score for r in rows] == [Decimal("750.00"), Decimal("750.00")]
    assert [r.rank for r in rows] == [1, 1]
    assert {r.complete for r in rows} == {6}
    assert [a.expert for a in selectors.unfinished_assignments(reviewing_round)] == [extra.expert]


def test_decide_refuses_while_experts_have_not_scored(reviewing_round):
    first = Assignment.objects.filter(application__round=reviewing_round).select_related("expert").first()
    with pytest.raises(ValidationError, match=f"还有 12 项评分未完成：{first.expert.name}"):
        services.round_decide(round=reviewing_round, winners=[], decided_on=dt.date(2016, 9, 1))
    assert reviewing_round.status == RoundStatus.REVIEWING


def test_decide_refuses_more_winners_than_the_quota(scored_round):
    scored_round.quota = 1
    scored_round.save(update_fields=["quota"])
    with pytest.raises(ValidationError, match="获奖名额为 1 个，选定了 2 个"):
        services.round_decide(
            round=scored_round, winners=list(scored_round.applications.all()), decided_on=dt.date(2016, 9, 1)
        )
    assert not Award.objects.exists()


def test_decide_fixes_scores_and_ranks_and_turns_winners_into_awards(scored_round, own_enterprise):
    winner = scored_round.applications.get(enterprise=own_enterprise)
    awards = services.round_decide(round=scored_round, winners=[winner], decided_on=dt.date(2016, 9, 1))
    scored_round.refresh_from_db()
    assert scored_round.status == RoundStatus.DECIDED and scored_round.decided_on == dt.date(2016, 9, 1)
    statuses = dict(scored_round.applications.values_list("enterprise__name", "status"))
    assert statuses == {"盘锦兴隆台测试米业有限公司": "awarded", "盘山测试化工有限公司": "not_awarded"}
    winner.refresh_from_db()
    assert (winner.final_score, winner.rank) == (Decimal("800.00"), 1)
    (award,) = awards
    assert award.award_type.code == "mayor_award"
    assert (award.enterprise, award.year, award.valid_from) == (own_enterprise, 2016, dt.date(2016, 9, 1))
    assert award.application == winner
    assert award.certificate_no == "盘锦市市长质量奖〔2016〕第1号"
    assert award.history.count() == 1
    assert winner.history.first().status == ApplicationStatus.AWARDED
    with pytest.raises(ValidationError, match="已评定"):
        services.round_decide(round=scored_round, winners=[winner], decided_on=dt.date(2016, 9, 2))
