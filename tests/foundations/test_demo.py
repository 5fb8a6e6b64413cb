"""The demo registers: every register filled, spot-check agencies named as the spot-check demo names them."""

import pytest

from core.registry import DemoContext
from foundations import demo
from foundations.models import Agency, CultureEvent, MarketExit, MetrologyRecord, QualityStaff, Standard
from inspections.demo import AGENCIES as SPOT_CHECK_AGENCIES
from organizations.demo import load_enterprises

pytestmark = pytest.mark.django_db


def test_demo_fills_every_register_once(reference):
    ctx = DemoContext(years=[2014, 2015])
    load_enterprises(ctx)
    assert "5 agencies" in demo.load(ctx)
    for model in (Standard, MetrologyRecord, QualityStaff, CultureEvent, MarketExit):
        assert model.objects.exists(), model
    assert set(SPOT_CHECK_AGENCIES) <= set(Agency.objects.values_list("name", flat=True))
    assert CultureEvent.objects.filter(evidence__isnull=False).exists()
    # Every exit is entered by a unit the policy lets enter market exits.
    assert set(MarketExit.objects.values_list("department__code", flat=True)) <= {"zjj", "gsj", "syj", "zjw"}
    # The demo keeps the registers' own rules.
    for model in (Standard, MetrologyRecord, QualityStaff, CultureEvent, MarketExit):
        for row in model.objects.all():
            row.full_clean()
    assert demo.load(ctx) == "skipped (registers exist)"
