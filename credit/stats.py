"""The nightly job's credit step: every enterprise's grade for every year, with its reasons (`credit.rating`).

Events come from every app's credit source (`core.credit_events`), one query each over the whole window; the
blacklist in one more. An enterprise with no event and no listing is A at 100 points, written without being
rated one by one. Years run from the first year with an event (or listing) to the current one.
"""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from core import bulk, credit_events, stats
from credit import rating
from credit.models import BlacklistEntry, CreditRating, RatingRule
from organizations.models import Enterprise

COLUMNS = [
    "run_id",
    "period",
    "enterprise_id",
    "region_id",
    "grade",
    "score",
    "blacklisted",
    "negative_events",
    "positive_events",
    "reasons",
]


def rules() -> list[rating.Rule]:
    return [
        rating.Rule(
            code=r.code,
            text=r.description,
            kind=r.kind,
            window_months=r.window_months,
            min_events=r.min_events,
            effect=r.effect,
            grade=r.grade,
            points=r.points,
        )
        for r in RatingRule.objects.filter(active=True)
    ]


def listings(enterprise_ids=None) -> list[tuple[int, rating.Listing]]:
    rows = BlacklistEntry.objects.all()
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=list(enterprise_ids))
    url = credit_events.detail_url("credit:blacklist_detail")
    return [
        (
            enterprise_id,
            rating.Listing(
                listed_on,
                removed_on,
                credit_events.shorten(f"{document}：{reason}"),
                url(pk),
                f"credit.BlacklistEntry:{pk}",
            ),
        )
        for pk, enterprise_id, listed_on, removed_on, document, reason in rows.values_list(
            "pk", "enterprise_id", "listed_on", "removed_on", "document", "reason"
        )
    ]


def window_start(years: list[int], rule_list: list[rating.Rule]) -> dt.date:
    longest = max((rule.window_months for rule in rule_list), default=0)
    return rating.months_before(dt.date(min(years), 12, 31), longest) if years else rating.EARLIEST


@stats.step(
    "credit.ratings",
    label="企业信用评级",
    sources=[
        "inspections.SpotCheckResult",
        "credit.Penalty",
        "complaints.Complaint",
        "brands.Award",
        "incidents.Incident",
    ],
)
def ratings(ctx: stats.StepContext) -> int:
    today = timezone.localdate()
    rule_list = rules()
    start = window_start(ctx.years, rule_list) if ctx.years else rating.EARLIEST
    events = credit_events.collect(start, today, codes={rule.kind for rule in rule_list})
    blacklist = listings()
    if ctx.years:
        years = ctx.years
    else:
        firsts = [e.date.year for e in events[:1]] + [listing.listed_on.year for _, listing in blacklist]
        years = list(range(min([*firsts, today.year]), today.year + 1))
    records = rating.records_of(events, blacklist)
    positive = {kind.code for kind in credit_events.kinds() if kind.positive}
    clean = json.dumps([])
    rows = []
    for enterprise_id, region_id in Enterprise.objects.values_list("pk", "region_id").order_by("pk"):
        record = records.get(enterprise_id)
        for year in years:
            outcome = (
                rating.rate(record, rule_list, rating.rating_day(year, today), positive)
                if record is not None
                else rating.CLEAN
            )
            rows.append(
                (
                    ctx.run.pk,
                    str(year),
                    enterprise_id,
                    region_id,
                    outcome.grade,
                    outcome.score,
                    outcome.blacklisted,
                    outcome.negative_events,
                    outcome.positive_events,
                    json.dumps(outcome.reasons, ensure_ascii=False) if outcome.reasons else clean,
                )
            )
    return bulk.write_rows(CreditRating._meta.db_table, COLUMNS, rows)
