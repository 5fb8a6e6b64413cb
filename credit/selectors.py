"""Reads of the credit app: the current ratings and an enterprise's credit record."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts import policy
from core import credit_events
from credit import rating
from credit.models import BlacklistEntry, CreditRating
from organizations.models import Enterprise

# The record page shows the latest rating and up to this many earlier years that have reasons.
RECORD_YEARS = 5
RECORD_EVENTS = 50


def may_see_record(enterprise: Enterprise, user) -> bool:
    """Whether the user may see the enterprise's credit record (its ratings, events and reasons)."""
    return policy.can_view_in(user, CreditRating, region=enterprise.region_id)


def ratings_of(enterprise: Enterprise, user) -> list[CreditRating]:
    return list(
        CreditRating.objects.current().for_user(user).filter(enterprise=enterprise).order_by("-period")
    )


def events_of(enterprise: Enterprise, today: dt.date | None = None) -> list:
    """The enterprise's latest credit events (RECORD_EVENTS at most), newest first, read from every source."""
    events = credit_events.collect(
        rating.EARLIEST, today or timezone.localdate(), enterprise_ids=[enterprise.pk]
    )
    return events[::-1][:RECORD_EVENTS]


def blacklist_of(enterprise: Enterprise, user) -> list[BlacklistEntry]:
    return list(BlacklistEntry.objects.for_user(user).filter(enterprise=enterprise).order_by("-listed_on"))
