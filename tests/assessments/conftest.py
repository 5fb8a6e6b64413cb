"""Fixtures of the assessment tests: a template scheme, counties' users, schemes at each stage of the cycle."""

from __future__ import annotations

import pytest

from assessments import services
from organizations.models import Region
from tests.assessments.factories import open_self_assessment, run_cycle


@pytest.fixture
def counties(reference) -> list[Region]:
    return list(Region.objects.counties())


@pytest.fixture
def scheme(office_user):
    """The 2015 scheme built from the template, still a draft."""
    return services.scheme_create(year=2015, user=office_user)


@pytest.fixture
def published(scheme, office_user, counties):
    """The 2015 scheme in self-assessment: an assessment per county, its targets filed."""
    return open_self_assessment(scheme, office_user)


@pytest.fixture
def announced(scheme, office_user, counties):
    """2015 run to announced results; 盘山县 loses 2 points per item, 辽河口 is vetoed."""
    return run_cycle(scheme, office_user, "announced", cuts={"211122": 2}, vetoed={"2111A2"})


@pytest.fixture
def county_assessment(published, county):
    return published.assessments.get(region=county)


@pytest.fixture
def other_assessment(published, other_county):
    return published.assessments.get(region=other_county)
