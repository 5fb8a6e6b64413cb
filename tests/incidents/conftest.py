"""Fixtures of the incident tests: an incident in 兴隆台区 (the county user's) and one in 盘山县 (another county)."""

from __future__ import annotations

import datetime as dt

import pytest

from incidents import services
from incidents.models import Incident


def make_incident(region, user, *, day=dt.date(2015, 3, 10), systemic=False, **extra) -> Incident:
    fields = {
        "title": "测试事件",
        "occurred_on": day,
        "region": region,
        "domain": "food",
        "grade": "large",
        "systemic": systemic,
        "summary": "抽检发现批次不合格。",
        **extra,
    }
    return services.incident_save(incident=Incident(**fields), user=user)


@pytest.fixture
def own_incident(county, office_user):
    return make_incident(county, office_user, title="兴隆台区电梯困人事件")


@pytest.fixture
def other_incident(other_county, office_user):
    return make_incident(other_county, office_user, title="盘山县食堂腹泻事件")
