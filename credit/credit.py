"""Penalties on the credit record: every decided penalty is a negative event of the enterprise on the day it
was decided (published or not: the rating is the office's, the publication is 双公示's); a penalty of the
gravest kinds (吊销许可证件, 责令停产停业, 责令关闭) or of 10 万元 or more is also a serious one."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F, Q

from core import credit_events
from credit.choices import PenaltyCategory
from credit.models import Penalty

SERIOUS_CATEGORIES = (PenaltyCategory.REVOKE_LICENCE, PenaltyCategory.SUSPEND_BUSINESS, PenaltyCategory.CLOSE)
SERIOUS_AMOUNT = Decimal(10)  # 万元


def _penalties(kind: str, start, end, enterprise_ids, *, serious: bool = False):
    rows = Penalty.objects.filter(decided_on__range=(start, end))
    if serious:
        rows = rows.annotate(total=F("fine") + F("confiscated")).filter(
            Q(category__in=SERIOUS_CATEGORIES) | Q(total__gte=SERIOUS_AMOUNT)
        )
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=list(enterprise_ids))
    url = credit_events.detail_url("credit:penalty_detail")
    return [
        credit_events.Event(
            enterprise_id=enterprise_id,
            date=day,
            kind=kind,
            ref=f"credit.Penalty:{pk}",
            description=credit_events.shorten(f"{number}：{cause}"),
            url=url(pk),
        )
        for pk, enterprise_id, day, number, cause in rows.values_list(
            "pk", "enterprise_id", "decided_on", "decision_number", "cause"
        )
    ]


@credit_events.source("penalty", label="行政处罚")
def penalties(start, end, enterprise_ids=None):
    return _penalties("penalty", start, end, enterprise_ids)


@credit_events.source("serious_penalty", label="严重行政处罚（吊销、停产停业、关闭或罚没 10 万元以上）")
def serious_penalties(start, end, enterprise_ids=None):
    return _penalties("serious_penalty", start, end, enterprise_ids, serious=True)
