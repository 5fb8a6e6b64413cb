"""Writes with rules: penalties and blacklist entries (their region follows the enterprise, publication needs
a date) and taking an enterprise off the blacklist after 信用修复."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from credit.models import BlacklistEntry, Penalty


def publication_date(published: bool, published_on: dt.date | None) -> dt.date | None:
    """A record marked published without a date is published today; unpublished, it has no date."""
    if not published:
        return None
    return published_on or timezone.localdate()


def _publication(record: Penalty | BlacklistEntry) -> None:
    record.published_on = publication_date(record.published, record.published_on)


def _region_of_enterprise(record: Penalty | BlacklistEntry) -> None:
    if record.region_id is None and record.enterprise_id is not None:
        record.region_id = record.enterprise.region_id


@transaction.atomic
def penalty_save(*, penalty: Penalty) -> Penalty:
    """Create or update a penalty decision."""
    _region_of_enterprise(penalty)
    _publication(penalty)
    if penalty.decided_on and penalty.decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "处罚决定日期不能晚于今天。"})
    if penalty.publish_until and penalty.decided_on and penalty.publish_until < penalty.decided_on:
        raise ValidationError({"publish_until": "公示截止期不能早于处罚决定日期。"})
    penalty.full_clean()
    penalty.save()
    return penalty


@transaction.atomic
def blacklist_save(*, entry: BlacklistEntry) -> BlacklistEntry:
    """List an enterprise on the 严重失信名单, or correct an entry."""
    _region_of_enterprise(entry)
    _publication(entry)
    if entry.listed_on and entry.listed_on > timezone.localdate():
        raise ValidationError({"listed_on": "列入日期不能晚于今天。"})
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def blacklist_remove(
    *, entry: BlacklistEntry, removed_on: dt.date, document: str, reason: str
) -> BlacklistEntry:
    """Take an enterprise off the list after 信用修复, recording the date, the document and the reason."""
    entry = BlacklistEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.removed_on is not None:
        raise ValidationError(f"该企业已于 {entry.removed_on:%Y-%m-%d} 移出名单。")
    if removed_on > timezone.localdate():
        raise ValidationError({"removed_on": "移出日期不能晚于今天。"})
    if removed_on < entry.listed_on:
        raise ValidationError({"removed_on": f"移出日期不能早于列入日期（{entry.listed_on:%Y-%m-%d}）。"})
    entry.removed_on, entry.repair_document, entry.repair_reason = (
        removed_on,
        document.strip(),
        reason.strip(),
    )
    entry.full_clean()
    entry.save(update_fields=["removed_on", "repair_document", "repair_reason"])
    return entry
