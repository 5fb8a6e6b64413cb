"""The assessment demo: its automatic items read statistics of the demo data, unless statistics are turned off."""

import io

import pytest
from django.core.management import call_command

from assessments.choices import Scoring
from assessments.models import ItemScore
from core.models import StatsRun

pytestmark = pytest.mark.django_db


def auto_scores(year: int):
    return ItemScore.objects.filter(assessment__scheme__year=year, item__scoring=Scoring.AUTO)


def test_demo_automatic_items_read_the_demo_statistics(reference, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    call_command("load_demo", stdout=io.StringIO())
    scores = auto_scores(2015)
    assert scores.exists()
    # Computed before the stages opened, so most automatic items have a figure rather than 无数据.
    assert scores.filter(measured_value__isnull=False).count() > scores.count() / 2


def test_demo_without_recompute_computes_no_statistics(reference, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-123")
    call_command("load_demo", "--no-recompute", stdout=io.StringIO())
    assert not StatsRun.objects.exists()
    assert auto_scores(2015).exists() and not auto_scores(2015).filter(measured_value__isnull=False).exists()
