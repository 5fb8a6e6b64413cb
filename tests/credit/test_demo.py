"""The demo loader: penalties for enterprises whose samples failed, a listing, and the ratings they move."""

import datetime as dt

import pytest

from core.registry import DemoContext
from core.stats import run_now
from credit.demo import load_credit
from credit.models import BlacklistEntry, CreditRating, Penalty
from inspections.choices import Conclusion
from tests.factories import EnterpriseFactory
from tests.inspections.factories import SpotCheckResultFactory

pytestmark = pytest.mark.django_db


def test_demo_penalises_failed_producers_once_and_is_idempotent(reference):
    producers = [EnterpriseFactory() for _ in range(6)]
    for index, producer in enumerate(producers):
        SpotCheckResultFactory(
            producer=producer,
            conclusion=Conclusion.FAIL,
            sampled_on=dt.date(2015, 3, 1) + dt.timedelta(days=index),
        )
    SpotCheckResultFactory(producer=producers[0], conclusion=Conclusion.FAIL, sampled_on=dt.date(2015, 9, 1))
    assert load_credit(DemoContext()) == "6 penalties, 1 blacklist entries"
    assert {p.enterprise for p in Penalty.objects.all()} == set(producers)
    assert Penalty.objects.filter(published=True).count() == 5 and Penalty.history.count() == 6
    listed = BlacklistEntry.objects.get()
    assert listed.enterprise == Penalty.objects.get(category="revoke_licence").enterprise
    assert load_credit(DemoContext()) == "6 penalties already present"
    run_now()
    assert CreditRating.objects.current().get(enterprise=listed.enterprise, period="2015").grade == "D"
