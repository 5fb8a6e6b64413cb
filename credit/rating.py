"""How an enterprise's credit grade follows from its events and the office's rules (`RatingRule`).

Each enterprise starts a year at 100 points. Every active rule, in its order, counts the events of its kind in
the look-back window ending on the rating day (31 December, or today for the running year); with at least
`min_events` of them, a points rule adds its points per event and a cap rule lets the grade be at most its
grade. The points give the grade (A 90 and above, B 75–89, C 60–74, D below 60), then the caps lower it; an
enterprise on the 严重失信名单 on the rating day is D. Every rule that applied is a reason, with its events.
"""

from __future__ import annotations

import datetime as dt
import functools
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from core import credit_events
from credit.choices import Effect, Grade

START_SCORE = 100
# Before any record the portal holds: where reading "every event" starts.
EARLIEST = dt.date(2000, 1, 1)
BANDS = ((90, Grade.A), (75, Grade.B), (60, Grade.C))
ORDER = [Grade.A, Grade.B, Grade.C, Grade.D]
# A reason lists at most this many events (the newest); its count says how many there were.
EVENTS_PER_REASON = 10


def grade_of(score: int) -> str:
    return next((grade for floor, grade in BANDS if score >= floor), Grade.D)


def worse(a: str, b: str) -> str:
    return max(a, b, key=ORDER.index)


def rating_day(year: int, today: dt.date) -> dt.date:
    return min(dt.date(year, 12, 31), today)


@functools.lru_cache(maxsize=1024)
def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` months earlier (the month's last day where it is shorter). Cached: the nightly
    rating asks it for every enterprise with the same few days and windows (336,000 calls a run)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


@dataclass(frozen=True)
class Rule:
    """What a rating needs of a `RatingRule`."""

    code: str
    text: str
    kind: str
    window_months: int
    min_events: int
    effect: str
    grade: str
    points: int


@dataclass(frozen=True)
class Listing:
    """A stretch on the blacklist: from `listed_on` until the day before `removed_on` (or still on it)."""

    listed_on: dt.date
    removed_on: dt.date | None
    text: str
    url: str
    ref: str

    def covers(self, day: dt.date) -> bool:
        return self.listed_on <= day and (self.removed_on is None or self.removed_on > day)


@dataclass
class Record:
    """One enterprise's events by kind, oldest first, with their dates apart for windows by bisection."""

    events: dict[str, list[credit_events.Event]] = field(default_factory=lambda: defaultdict(list))
    dates: dict[str, list[dt.date]] = field(default_factory=lambda: defaultdict(list))
    listings: list[Listing] = field(default_factory=list)

    def add(self, event: credit_events.Event) -> None:
        self.events[event.kind].append(event)
        self.dates[event.kind].append(event.date)

    def window(self, kind: str, start: dt.date, end: dt.date) -> list[credit_events.Event]:
        """Events of `kind` after `start` up to and including `end`."""
        dates = self.dates.get(kind, [])
        return self.events[kind][bisect_right(dates, start) : bisect_right(dates, end)] if dates else []


@dataclass(frozen=True)
class Outcome:
    grade: str
    score: int
    blacklisted: bool
    negative_events: int
    positive_events: int
    reasons: list[dict]


CLEAN = Outcome(Grade.A, START_SCORE, False, 0, 0, [])


def records_of(
    events: Iterable[credit_events.Event], listings: Iterable[tuple[int, Listing]]
) -> dict[int, Record]:
    """Events (oldest first) and blacklist stretches gathered per enterprise."""
    records: dict[int, Record] = defaultdict(Record)
    for event in events:
        records[event.enterprise_id].add(event)
    for enterprise_id, listing in listings:
        records[enterprise_id].listings.append(listing)
    return records


def _event(event: credit_events.Event) -> dict:
    return {
        "kind": event.kind,
        "date": event.date.isoformat(),
        "ref": event.ref,
        "description": event.description,
        "url": event.url,
    }


def rate(record: Record, rules: list[Rule], day: dt.date, positive_kinds: set[str]) -> Outcome:
    """The grade on `day` with its reasons."""
    score, cap, reasons = START_SCORE, Grade.A, []
    for rule in rules:
        found = record.window(rule.kind, months_before(day, rule.window_months), day)
        if len(found) < rule.min_events:
            continue
        if rule.effect == Effect.CAP:
            cap = worse(cap, rule.grade)
            effect = f"最高评为 {Grade(rule.grade).label}"
        else:
            change = rule.points * len(found)
            score += change
            effect = f"{'加' if change > 0 else '减'} {abs(change)} 分"
        reasons.append(
            {
                "rule": rule.code,
                "text": rule.text,
                "effect": effect,
                "count": len(found),
                "events": [_event(e) for e in reversed(found[-EVENTS_PER_REASON:])],
            }
        )
    score = max(0, min(START_SCORE, score))
    grade = worse(grade_of(score), cap)
    listing = next((listing for listing in record.listings if listing.covers(day)), None)
    if listing is not None:
        grade = Grade.D
        reasons.insert(
            0,
            {
                "rule": "blacklist",
                "text": "列入严重失信名单期间评为 D 严重失信",
                "effect": f"评为 {Grade.D.label}",
                "count": 1,
                "events": [
                    {
                        "kind": "blacklist",
                        "date": listing.listed_on.isoformat(),
                        "ref": listing.ref,
                        "description": listing.text,
                        "url": listing.url,
                    }
                ],
            },
        )
    year_start = dt.date(day.year, 1, 1)
    in_year = [e for events in record.events.values() for e in events if year_start <= e.date <= day]
    positive = sum(1 for e in in_year if e.kind in positive_kinds)
    return Outcome(grade, score, listing is not None, len(in_year) - positive, positive, reasons)
