"""Lists that stay fast (issue 15, item 3): a list page or API list issues the same number of queries however
many rows it lists, so the large demo costs what the small one does in round trips.

Instead of loading the large demo, each register gets a few rows, is measured, then gets many more (several
pages, across counties, reference rows and enterprises) and is measured again.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.benchmarks import list_urls
from core.paging import CappedPaginator
from credit.models import Penalty
from tests.complaints.factories import ComplaintFactory
from tests.credit.factories import BlacklistEntryFactory, PenaltyFactory
from tests.factories import EnterpriseFactory
from tests.foundations.factories import (
    AgencyFactory,
    CultureEventFactory,
    MarketExitFactory,
    MetrologyFactory,
    QualityStaffFactory,
    StandardFactory,
)
from tests.inspections.factories import AcceptanceRecordFactory, InspectorFactory, SpotCheckResultFactory

pytestmark = pytest.mark.django_db

# One query string per list: a plain first page, a search and a filter where the list offers them.
QUERIES = {
    "/inspections/results/": ["", "q=大米", "year=2015&conclusion=fail"],
    "/complaints/": ["", "q=诉求", "status=received"],
    "/org/enterprises/": ["", "q=有限"],
    "/api/v1/inspections/results/": ["", "q=大米"],
    "/api/v1/enterprises/": ["", "q=有限"],
}
# The quality-foundation registers whose rows lie in a county.
REGISTER_FACTORIES = [
    StandardFactory,
    AgencyFactory,
    MetrologyFactory,
    CultureEventFactory,
    MarketExitFactory,
]
# Lists whose later pages (there are some once the rows are many) must cost what the first does.
DEEP = ["/inspections/results/", "/complaints/", "/org/enterprises/", "/api/v1/inspections/results/"]


def add_rows(count: int, reference_regions) -> None:
    for index in range(count):
        region = reference_regions[index % len(reference_regions)]
        producer = EnterpriseFactory(region=region)
        SpotCheckResultFactory(
            region=region,
            producer=producer,
            conclusion="fail" if index % 3 else "pass",
            product_name=f"盘锦大米{index}",
        )
        ComplaintFactory(region=region)
        AcceptanceRecordFactory(region=region)
        PenaltyFactory(enterprise=producer, decision_number=f"盘质监罚字〔2016〕Q{Penalty.objects.count()}号")
        BlacklistEntryFactory(enterprise=producer)
        for factory in REGISTER_FACTORIES:
            factory(region=region)
        QualityStaffFactory(enterprise=producer)
    for _ in range(max(1, count // 20)):
        InspectorFactory()
    add_issue18_rows(count, reference_regions)


def add_issue18_rows(count: int, regions) -> None:
    """Surveys, campaign cases and plan items (with their supporting units) in every county."""
    import datetime as dt

    from campaigns.models import Campaign, Case
    from organizations.models import Department
    from plans.models import Plan, PlanItem
    from surveys.models import Survey

    departments = list(Department.objects.all()[:3])
    campaign, _ = Campaign.objects.get_or_create(
        name="列表行动",
        defaults={
            "kind": "special",
            "lead": departments[0],
            "starts_on": dt.date(2015, 1, 1),
            "ends_on": dt.date(2015, 12, 31),
        },
    )
    plan, _ = Plan.objects.get_or_create(year=2015, defaults={"title": "列表计划"})
    start = plan.items.count()
    for index in range(count):
        region = regions[index % len(regions)]
        Survey.objects.create(
            year=2015,
            sector="housing",
            region=region,
            department=departments[0],
            title=f"测评{index}",
            method="phone",
            sample_size=10,
            agency="机构",
            result=80,
        )
        Case.objects.create(
            campaign=campaign, region=region, cause=f"案由{index}", product="x", opened_on=dt.date(2015, 3, 1)
        )
        item = PlanItem.objects.create(
            plan=plan,
            number=start + index + 1,
            task=f"任务{index}",
            lead_region=region,
            deadline=dt.date(2015, 6, 30),
            output="x",
        )
        item.supporting_departments.set(departments[1:])
        item.supporting_regions.set([region])


def query_counts(client, cases) -> dict[str, int]:
    counts = {}
    for url, query in cases:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, query and dict(part.split("=") for part in query.split("&")))
        assert response.status_code == 200, (url, query, response.status_code)
        counts[f"{url}?{query}"] = len(captured)
    return counts


def test_list_pages_issue_as_many_queries_for_many_rows_as_for_few(
    client_for, office_user, reference, monkeypatch
):
    # Past the exact count's cap with many rows, as the large demo is, and under it with few.
    monkeypatch.setattr(CappedPaginator, "cap", 50)
    from organizations.models import Region

    regions = list(Region.objects.counties())
    cases = [(url, query) for url in list_urls() for query in QUERIES.get(url, [""])]
    client = client_for(office_user)
    add_rows(3, regions)
    query_counts(client, cases)  # warms the session and the per-process caches
    few = query_counts(client, cases)
    add_rows(120, regions)  # past two pages of every register, in every county
    many = query_counts(client, cases)
    assert {k: v for k, v in many.items() if v != few[k]} == {}, {k: (few[k], many[k]) for k in many}
    # A later page reads its ids, then its rows (core.paging): one query more than the first, however deep.
    second = query_counts(client, [(url, "page=2") for url in DEEP])
    third = query_counts(client, [(url, "page=3") for url in DEEP])
    assert third == {f"{url}?page=3": second[f"{url}?page=2"] for url in DEEP}
    assert second == {f"{url}?page=2": many[f"{url}?"] + 1 for url in DEEP}
