"""Automatic scoring: formulas, and reading the statistics snapshot by the metric contract."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments import services
from assessments.choices import Formula, Scoring, Window
from assessments.models import Item, ItemScore
from assessments.scoring import latest_complete_year
from tests.assessments.factories import current_run, open_self_assessment, statistic

D = Decimal


@pytest.mark.parametrize(
    ("formula", "full_at", "zero_at", "value", "status", "expected"),
    [
        (Formula.THRESHOLD, 100, None, D(100), "", D(6)),
        (Formula.THRESHOLD, 100, None, D("99.99"), "", D(0)),
        (Formula.LINEAR, 90, 80, D(85), "", D("3.0")),
        (Formula.LINEAR, 90, 80, D(95), "", D(6)),
        (Formula.LINEAR, 90, 80, D(70), "", D(0)),
        # Lower is better: zero points at 10 complaints, full points at 2.
        (Formula.LINEAR, 2, 10, D(4), "", D("4.5")),
        (Formula.STATUS, None, None, None, "met", D(6)),
        (Formula.STATUS, None, None, None, "at_risk", D("3.0")),
        (Formula.STATUS, None, None, None, "not_met", D(0)),
        (Formula.LINEAR, 90, 80, None, "", None),
        (Formula.STATUS, None, None, None, "", None),
    ],
)
def test_points_for_follows_the_formula(formula, full_at, zero_at, value, status, expected):
    item = Item(max_points=D(6), scoring=Scoring.AUTO, formula=formula, full_at=full_at, zero_at=zero_at)
    assert item.points_for(value, status) == expected


def test_points_for_status_uses_the_items_own_shares():
    item = Item(
        max_points=D(4), scoring=Scoring.AUTO, formula=Formula.STATUS, status_points={"at_risk": 0.25}
    )
    assert item.points_for(None, "at_risk") == D("1.0")


@pytest.mark.django_db
def test_auto_item_needs_metric_formula_and_thresholds(scheme):
    group = scheme.groups.get(name="产品质量")
    item = Item(scheme=scheme, group=group, code="x", name="x", max_points=1, scoring=Scoring.AUTO)
    with pytest.raises(Exception) as error:
        item.full_clean()
    assert "统计指标" in str(error.value) and "计分公式" in str(error.value)
    item.metric, item.formula, item.full_at = "inspections.pass_rate", Formula.LINEAR, 90
    with pytest.raises(Exception, match="零分值"):
        item.full_clean()


@pytest.mark.django_db
def test_opening_self_assessment_reads_the_current_statistics_by_the_metric_contract(
    scheme, office_user, county, other_county
):
    run = current_run()
    # targets.target: dim1 = target code, dim2 = status; read for 2014, the latest complete year inside the
    # window 2014-07—2015-06 (2015 is only half over when the window closes: its row is not read).
    statistic(
        run, "targets.target", county, "2014", dim1="agri_product_pass_rate-2015", dim2="met", value=D("97.5")
    )
    statistic(
        run, "targets.target", county, "2015", dim1="agri_product_pass_rate-2015", dim2="not_met", value=D(50)
    )
    statistic(
        run,
        "targets.target",
        other_county,
        "2014",
        dim1="agri_product_pass_rate-2015",
        dim2="at_risk",
        value=D(95),
    )
    # inspections.pass_rate provincial_above, summed over the assessment year's months (July 2014 – June 2015).
    statistic(
        run,
        "inspections.pass_rate",
        county,
        "2014-07",
        dim1="provincial_above",
        numerator=80,
        denominator=100,
    )
    statistic(
        run,
        "inspections.pass_rate",
        county,
        "2015-06",
        dim1="provincial_above",
        numerator=90,
        denominator=100,
    )
    # Outside the assessment year, another product class, and an old run: none of these count.
    statistic(
        run, "inspections.pass_rate", county, "2015-07", dim1="provincial_above", numerator=0, denominator=100
    )
    statistic(
        run,
        "inspections.pass_rate",
        county,
        "2015-03",
        dim1="provincial_above",
        dim2="food",
        numerator=0,
        denominator=50,
    )
    old = type(run).objects.create(status="succeeded")
    statistic(
        old, "inspections.pass_rate", county, "2015-01", dim1="provincial_above", numerator=0, denominator=100
    )
    # complaints.completion: dim1 = hotline ('' = all), dim2 = domain.
    statistic(
        run, "complaints.completion", county, "2015-05", dim2="engineering", numerator=18, denominator=20
    )

    scheme = open_self_assessment(scheme, office_user)

    scores = {
        (s.assessment.region_id, s.item.code): s
        for s in ItemScore.objects.filter(assessment__scheme=scheme).select_related("item", "assessment")
    }
    agri = scores[(county.pk, "agri-pass-rate")]
    assert (agri.measured_status, agri.measured_value, agri.auto_score) == ("met", D("97.5"), D(6))
    assert agri.measured_period == "2014"
    assert agri.self_score == D(6)  # the self-assessment starts from the automatic score
    assert scores[(other_county.pk, "agri-pass-rate")].auto_score == D("3.0")
    spot = scores[(county.pk, "spot-check-pass-rate")]
    assert spot.measured_value == D("85.00")  # 170 / 200, not the mean of the monthly rates
    assert spot.measured_period == "2014-07—2015-06"
    assert spot.auto_score == D("3.0")  # linear 80 → 0, 90 → 6
    completion = scores[(county.pk, "construction-complaint-completion")]
    assert (completion.measured_value, completion.auto_score) == (D("90.00"), D("2.5"))
    # No data: no automatic score, not a zero, and nothing for the county to score.
    blank = scores[(county.pk, "large-project-acceptance")]
    assert blank.measured_value is None and blank.auto_score is None and blank.self_score is None
    assert blank.lacks_data
    assert agri.history.count() == 2  # created, then scored


@pytest.mark.django_db
def test_calendar_year_items_read_the_latest_complete_year_inside_the_window(scheme, office_user, county):
    run = current_run()
    # The window is 2014-07—2015-06: 2014 is the last calendar year that ends inside it; 2015 is half over.
    statistic(run, "inspections.first_acceptance", county, "2014", dim1="large", numerator=10, denominator=10)
    statistic(run, "inspections.first_acceptance", county, "2015", dim1="large", numerator=1, denominator=10)
    item = scheme.items.get(code="large-project-acceptance")
    assert item.window == Window.CALENDAR_YEAR
    scheme = open_self_assessment(scheme, office_user)
    score = scheme.assessments.get(region=county).scores.get(item=item)
    assert (score.measured_value, score.auto_score, score.measured_period) == (D("100.00"), D(5), "2014")


@pytest.mark.parametrize(
    ("start", "end", "today", "expected"),
    [
        ("2014-07-01", "2015-06-30", "2016-01-01", 2014),
        ("2015-01-01", "2015-12-31", "2016-01-01", 2015),  # a calendar-year window reads its own year
        ("2015-01-01", "2015-12-31", "2015-12-31", None),  # …once it is over: on 31 December it is not
        ("2025-07-01", "2026-06-30", "2025-11-30", None),  # 2025 still running: nothing complete yet
        ("2015-03-01", "2015-11-30", "2016-06-01", None),  # no 31 December inside the window
    ],
)
def test_latest_complete_year(start, end, today, expected):
    day = dt.date.fromisoformat
    assert latest_complete_year(day(start), day(end), day(today)) == expected


@pytest.mark.django_db
def test_assessment_year_items_wait_until_the_window_is_over(office_user, county, counties):
    # Next year's window (from 1 July of this year to 30 June of next) is not over: its months are not summed.
    year = timezone.localdate().year + 1
    scheme = services.scheme_create(year=year, user=office_user)
    run = current_run()
    statistic(
        run,
        "inspections.pass_rate",
        county,
        f"{year - 1}-07",
        dim1="provincial_above",
        numerator=9,
        denominator=10,
    )
    scheme = open_self_assessment(scheme, office_user)
    spot = scheme.assessments.get(region=county).scores.get(item__code="spot-check-pass-rate")
    assert spot.measured_value is None and spot.auto_score is None and spot.lacks_data


@pytest.mark.django_db
def test_a_target_without_data_is_no_score_not_a_zero(scheme, office_user, county):
    run = current_run()
    statistic(run, "targets.target", county, "2014", dim1="agri_product_pass_rate-2015", dim2="no_data")
    scheme = open_self_assessment(scheme, office_user)
    score = scheme.assessments.get(region=county).scores.get(item__code="agri-pass-rate")
    assert score.measured_status == "no_data" and score.auto_score is None and score.self_score is None
    assert score.get_measured_status_display() == "无数据"  # the targets app's own words


@pytest.mark.django_db
def test_refresh_updates_auto_scores_but_keeps_what_a_county_entered(published, office_user, county):
    score = published.assessments.get(region=county).scores.get(item__code="agri-pass-rate")
    code = "agri_product_pass_rate-2015"
    statistic(current_run(), "targets.target", county, "2014", dim1=code, dim2="at_risk", value=D(95))
    services.auto_scores_refresh(scheme=published, user=office_user)
    score.refresh_from_db()
    assert (score.auto_score, score.self_score) == (D(3), D(3))  # the self score starts from it
    services.self_assessment_save(
        assessment=score.assessment, entries=[services.ScoreEntry(score.pk, D(2), "自报")], user=office_user
    )
    statistic(current_run(), "targets.target", county, "2014", dim1=code, dim2="met", value=D(99))
    assert services.auto_scores_refresh(scheme=published, user=office_user) > 0
    score.refresh_from_db()
    assert (score.auto_score, score.self_score) == (D(6), D(2))


@pytest.mark.django_db
def test_rule_names_dimensions_as_their_apps_do_in_one_lookup_each(reference, django_assert_num_queries):
    from assessments.selectors import dimension_labels

    def auto(metric, *dims):
        return Item(
            metric=metric,
            **dict(zip(["dim1", "dim2", "dim3"], dims, strict=False)),
            scoring=Scoring.AUTO,
            formula=Formula.THRESHOLD,
            full_at=D(90),
            window=Window.CALENDAR_YEAR,
        )

    items = [
        auto("complaints.volume", "12315", "report", "food"),
        auto("complaints.on_time", "12365", "service"),
        auto("inspections.pass_rate", "national", "waterproofing"),
        auto("brands.awards_valid", "liaoning_brand"),
        auto("targets.attainment", "engineering", "at_risk"),
        auto("inspections.pass_rate", "no_such_level"),
    ]
    # Hotlines, product classes, award types: one query each; choices cost none.
    with django_assert_num_queries(3):
        labels = dimension_labels(items)
    rules = [item.rule_text(labels) for item in items]
    assert rules[0].startswith(
        "投诉举报受理量（12315 消费者投诉举报热线 / 举报 / 食品药品），考核期内最近一个完整自然年：达到 90 得满分"
    )
    assert rules[1].startswith(
        "投诉举报按期办结率（12365 质量技术监督投诉举报热线 / 服务质量），考核期内最近一个完整自然年：达到 90% 得满分"
    )
    assert rules[2].startswith("监督抽查合格率（国家监督抽查 / 防水卷材）")
    assert rules[3].startswith("有效奖项数（辽宁名牌产品）")
    assert rules[4].startswith("目标达成数（工程质量 / 有风险）")
    assert rules[5].startswith("监督抽查合格率（no_such_level）")  # nobody names it: shown as written
