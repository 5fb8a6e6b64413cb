"""Factories for assessment tests: small hand-made schemes, statistics rows, and a cycle run through services."""

from __future__ import annotations

from decimal import Decimal

import factory

from assessments import services
from assessments.choices import Scoring, Stage
from assessments.models import Assessment, Item, ItemGroup, Scheme
from core.models import RunStatus, Statistic, StatsRun


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme
        django_get_or_create = ["year"]

    year = 2015
    title = factory.LazyAttribute(lambda o: f"{o.year}年度县区政府质量工作考核方案")
    period_start = factory.LazyAttribute(lambda o: Scheme.default_period(o.year)[0])
    period_end = factory.LazyAttribute(lambda o: Scheme.default_period(o.year)[1])
    filing_due = factory.LazyAttribute(lambda o: o.period_start.replace(day=31))
    self_assessment_due = factory.LazyAttribute(lambda o: o.period_end.replace(month=9, day=30))
    review_due = factory.LazyAttribute(lambda o: o.period_end.replace(month=10, day=31))
    verification_due = factory.LazyAttribute(lambda o: o.period_end.replace(month=11, day=30))
    approval_due = factory.LazyAttribute(lambda o: o.period_end.replace(month=12, day=20))


class ItemGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemGroup

    scheme = factory.SubFactory(SchemeFactory)
    name = factory.Sequence(lambda n: f"分组{n}")
    points = Decimal(100)


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    scheme = factory.SelfAttribute("group.scheme")
    group = factory.SubFactory(ItemGroupFactory)
    code = factory.Sequence(lambda n: f"item-{n}")
    name = factory.Sequence(lambda n: f"考核项目{n}")
    max_points = Decimal(10)
    scoring = Scoring.MANUAL


def current_run() -> StatsRun:
    """A finished statistics run made current, as the nightly job leaves it."""
    StatsRun.objects.filter(is_current=True).update(is_current=False)
    return StatsRun.objects.create(status=RunStatus.SUCCEEDED, is_current=True)


def statistic(run: StatsRun, metric: str, region, period: str, **fields) -> Statistic:
    return Statistic.objects.create(run=run, metric=metric, region=region, period=period, **fields)


def file_targets(assessment: Assessment, county_user, office) -> None:
    """The county files a target for each target item, the office accepts them."""
    entries = [
        services.FilingEntry(t.pk, f"{t.item.name}，较上年有提高", Decimal(95))
        for t in assessment.filed_targets.select_related("item")
    ]
    services.target_filing_save(assessment=assessment, entries=entries, user=county_user)
    services.target_filing_submit(assessment=assessment, user=county_user)
    services.target_filing_accept(assessment=assessment, user=office)


def open_self_assessment(scheme: Scheme, office) -> Scheme:
    """A draft scheme published, every county's targets filed, and self-assessment open."""
    scheme = services.stage_advance(scheme=scheme, user=office)
    for assessment in scheme.assessments.all():
        file_targets(assessment, office, office)
    return services.stage_advance(scheme=scheme, user=office)


def fill_self_assessment(assessment: Assessment, user, fraction: Decimal = Decimal("0.9")) -> None:
    entries = [
        services.ScoreEntry(s.pk, (s.item.max_points * fraction).quantize(Decimal("0.1")), "自评依据")
        for s in assessment.scores.select_related("item")
        if s.item.scoring != Scoring.VETO and not s.lacks_data and not s.excluded
    ]
    services.self_assessment_save(assessment=assessment, entries=entries, user=user)


def review_all(assessment: Assessment, user, cut: Decimal = Decimal(0), veto: bool = False) -> None:
    entries = []
    for s in assessment.scores.select_related("item"):
        if s.item.scoring == Scoring.VETO:
            # The hand-found veto (弄虚作假); the incident veto comes from the incidents register.
            veto_here = veto and not s.item.veto_source
            entries.append(services.ScoreEntry(s.pk, None, "经查属实" if veto_here else "", veto=veto_here))
        elif s.excluded:
            continue
        elif s.lacks_data:
            # The fixtures have no statistics: the office rules the automatic items out, and the total is
            # re-based to 100 over the manual items (so 0.9 of every manual item is still 90.0).
            services.item_exclude(item_score=s, reason="考核期内无该项统计数据来源", user=user)
        else:
            entries.append(
                services.ScoreEntry(s.pk, max(s.self_score - cut, Decimal(0)), "扣分" if cut else "")
            )
    services.review_save(assessment=assessment, entries=entries, user=user)
    services.review_complete(assessment=assessment, user=user)


def run_cycle(
    scheme: Scheme, office, until: str, cuts: dict | None = None, vetoed: set | None = None
) -> Scheme:
    """Drive a published-or-draft scheme through the services until it reaches `until` (the office acting for counties).

    `cuts` maps region codes to points taken off every item at review; `vetoed` are region codes with a veto.
    """
    cuts, vetoed = cuts or {}, vetoed or set()
    order = [s.value for s in Stage]
    while order.index(scheme.stage) < order.index(until):
        if scheme.stage == Stage.TARGET_FILING:
            for a in scheme.assessments.all():
                file_targets(a, office, office)
        elif scheme.stage == Stage.SELF_ASSESSMENT:
            for a in scheme.assessments.all():
                if a.status == "pending":
                    fill_self_assessment(a, office)
                    services.self_assessment_submit(assessment=a, user=office)
        elif scheme.stage == Stage.REVIEW:
            for a in scheme.assessments.select_related("region"):
                review_all(a, office, Decimal(cuts.get(a.region.code, 0)), a.region.code in vetoed)
        elif scheme.stage == Stage.VERIFICATION:
            draw = services.verification_draw(scheme=scheme, user=office, seed=7)
            for a in scheme.assessments.filter(region__code__in=draw.drawn):
                services.verification_complete(assessment=a, user=office)
        scheme = services.stage_advance(scheme=scheme, user=office)
    return scheme
