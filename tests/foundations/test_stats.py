"""The registers' figures in the nightly job, and the assessment items that read them."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile

from assessments import services as assessment_services
from assessments.models import ItemScore
from core import stats
from core.models import Statistic
from foundations.models import CultureEvent, CultureEvidence, MetrologyRecord, Standard
from tests.assessments.factories import open_self_assessment

pytestmark = pytest.mark.django_db


def _figures(metric, **dims):
    rows = Statistic.objects.current().filter(metric=metric, **dims)
    return {(r.region.code, r.period): r for r in rows.select_related("region")}


@pytest.fixture
def registers_2014(county, other_county, city, zjj):
    for number, kind in enumerate(["lead", "join"]):
        Standard.objects.create(
            year=2014, kind=kind, level="group", code=f"T/PJ {number}-2014", title="x", holder_name=f"企业{number}",
            region=county, department=zjj,
        )  # fmt: skip
    Standard.objects.create(
        year=2014, kind="demo_zone", level="provincial", title="稻米示范区", holder_name="盘山县", region=other_county,
        department=zjj,
    )  # fmt: skip
    MetrologyRecord.objects.create(
        year=2014, region=county, category="trade", verified=900, passed=880, department=zjj
    )
    MetrologyRecord.objects.create(
        year=2014, region=county, category="medical", verified=100, passed=60, department=zjj
    )
    with_evidence = CultureEvent.objects.create(
        title="质量月",
        kind="quality_month",
        region=county,
        held_on=dt.date(2014, 9, 3),
        organizer="办",
        department=zjj,
    )
    for name in ("通知.txt", "照片.txt"):  # two files: the event still counts once
        CultureEvidence.objects.create(event=with_evidence, file=ContentFile(b"x", name=name), name=name)
    CultureEvent.objects.create(  # no evidence: not counted
        title="质量月", kind="quality_month", region=other_county, held_on=dt.date(2014, 9, 3), organizer="办",
        department=zjj,
    )  # fmt: skip


def test_registers_step_writes_counts_and_rates_per_county_and_city(registers_2014, county, other_county):
    stats.run_now()
    standards = _figures("foundations.standards", dim1="")
    assert standards[(county.code, "2014")].value == 2
    assert standards[(other_county.code, "2014")].value == 1
    assert standards[("211100", "2014")].value == 3
    assert _figures("foundations.standards", dim1="lead")[(county.code, "2014")].value == 1
    metrology = _figures("foundations.metrology", dim1="")[(county.code, "2014")]
    assert (metrology.numerator, metrology.denominator, metrology.value) == (D(940), D(1000), D("94.00"))
    # A county without verification records has no rate (never 0%).
    assert (other_county.code, "2014") not in _figures("foundations.metrology", dim1="")
    events = _figures("foundations.culture_events", dim1="quality_month")
    assert events[(county.code, "2014")].value == 1
    assert events[(other_county.code, "2014")].value == 0


def test_assessment_items_read_the_registers(registers_2014, office_user, county, other_county):
    stats.run_now()
    scheme = open_self_assessment(assessment_services.scheme_create(year=2015, user=office_user), office_user)
    scores = {
        (s.assessment.region_id, s.item.code): s
        for s in ItemScore.objects.filter(assessment__scheme=scheme).select_related("item", "assessment")
    }
    standard = scores[(county.pk, "standardization")]
    assert (standard.measured_value, standard.measured_period, standard.auto_score) == (
        D(2),
        "2014",
        D("2.7"),
    )
    metrology = scores[(county.pk, "metrology")]
    assert (metrology.measured_value, metrology.auto_score) == (D("94.00"), D("2.0"))
    assert scores[(other_county.pk, "metrology")].auto_score is None  # no data: no score, not 0
    assert scores[(county.pk, "quality-month")].auto_score == D(4)
    assert scores[(other_county.pk, "quality-month")].auto_score == D(0)
    rule = scheme.items.get(code="metrology").rule_text()
    assert rule.startswith("强制检定合格率，考核期内最近一个完整自然年：90% 为 0 分，98% 为满分")


def test_every_register_can_be_an_automatic_item(registers_2014, office_user, county, zjj):
    """Registers with no item in the default template (agencies, quality staff, market exits) are sources a scheme
    may score: here, 准入退出 counted for a county (三(二)4)."""
    from assessments.choices import Scoring
    from assessments.models import Item
    from assessments.models.scheme import METRIC_LABELS
    from core import metrics
    from foundations.models import MarketExit

    foundations_metrics = {m.name for m in metrics.declared() if m.name.startswith("foundations.")}
    assert foundations_metrics <= set(METRIC_LABELS)
    MarketExit.objects.create(
        kind="closed", reason="pollution", decided_on=dt.date(2014, 5, 6), region=county,
        enterprise_name="某化工厂", department=zjj,
    )  # fmt: skip
    stats.run_now()
    scheme = assessment_services.scheme_create(year=2015, user=office_user)
    # The office points the standards item at the market exits instead (same points, so the group still adds up).
    Item.objects.filter(scheme=scheme, code="standardization").update(
        scoring=Scoring.AUTO,
        metric="foundations.market_exits",
        formula="threshold",
        zero_at=None,
        full_at=D(1),
    )
    open_self_assessment(scheme, office_user)
    score = ItemScore.objects.get(
        assessment__scheme=scheme, assessment__region=county, item__code="standardization"
    )
    assert (score.measured_value, score.auto_score) == (D(1), D(4))
