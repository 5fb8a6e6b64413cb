"""The nightly step: volume cube, completion and on-time rates, rolled up to quarters, years and the city."""

from decimal import Decimal

import pytest

from complaints import services
from complaints.models import Hotline
from complaints.stats import complaint_rates, finest_counts
from core import stats
from core.models import Statistic, StatsRun
from organizations.models import Region
from tests.complaints.factories import ComplaintFactory, local


def run_step(years=None) -> StatsRun:
    """Only this app's step, under a run of its own (other apps' steps are not this suite's business)."""
    run = StatsRun.objects.create(status="succeeded")
    complaint_rates(stats.StepContext(run=run, years=years))
    return run


def figure(metric, region, period, *dims):
    dims = (*dims, "", "", "")[:3]
    return Statistic.objects.get(
        metric=metric, region__code=region, period=period, dim1=dims[0], dim2=dims[1], dim3=dims[2]
    )


@pytest.fixture
def history(reference, office_user, department):
    """Engineering complaints in 2015 and 2016, in 兴隆台区 and the old 大洼县."""
    xlt = Region.objects.get(code="211103")
    old_dawa = Region.objects.get(code="211121")
    hotline = Hotline.objects.get(code="12365")

    def make(when, region, to, handled_at=None, domain="engineering", kind="complaint"):
        complaint = ComplaintFactory(
            received_at=when, region=region, hotline=hotline, domain=domain, kind=kind
        )
        steps = {
            "accepted": ["accepted"],
            "handled": ["accepted", "assigned", "handled"],
            "closed": ["accepted", "assigned", "handled", "closed"],
            "rejected": ["rejected"],
        }.get(to, [])
        for step in steps:
            services.complaint_transition(
                complaint=complaint,
                to=step,
                user=office_user,
                at=handled_at if step in ("handled", "closed") and handled_at else when,
                reason="不属于受理范围",
                department=department,
                region=region,
                outcome="corrected",
            )
        return complaint

    make(local(2015, 1, 5), xlt, "closed", handled_at=local(2015, 1, 20))  # on time
    make(local(2015, 2, 2), xlt, "closed", handled_at=local(2015, 12, 20))  # late
    make(local(2015, 2, 3), xlt, "handled", handled_at=local(2015, 2, 10))  # on time, not closed
    make(local(2015, 8, 3), xlt, "rejected")
    make(local(2015, 8, 4), old_dawa, "accepted")
    make(local(2015, 8, 5), old_dawa, "received", domain="product", kind="inquiry")
    make(local(2016, 3, 1), xlt, "closed", handled_at=local(2016, 3, 2))


@pytest.mark.django_db
def test_stats_volume_cube_by_hotline_kind_domain_region_and_period(history):
    run_step()
    assert figure("complaints.volume", "211103", "2015").value == 4
    assert figure("complaints.volume", "211103", "2015", "", "", "engineering").value == 4
    assert figure("complaints.volume", "211103", "2015-Q1", "12365", "complaint", "engineering").value == 3
    assert figure("complaints.volume", "211103", "2015-02", "12365").value == 2
    # 大洼县's complaints count for 大洼区; the city is the sum of its counties.
    assert figure("complaints.volume", "211104", "2015").value == 2
    assert not Statistic.objects.filter(metric="complaints.volume", region__code="211121").exists()
    assert figure("complaints.volume", "211100", "2015").value == 6
    assert figure("complaints.volume", "211100", "2015", "", "inquiry", "product").value == 1
    assert figure("complaints.volume", "211100", "2016", "", "", "engineering").value == 1


@pytest.mark.django_db
def test_stats_completion_is_closed_over_accepted(history):
    run_step()
    completion = figure("complaints.completion", "211100", "2015", "", "engineering")
    # Accepted: 2 closed + 1 handled + 1 accepted (rejected and merely received excluded).
    assert (completion.numerator, completion.denominator) == (2, 4)
    assert completion.value == Decimal("50.00")
    assert figure("complaints.completion", "211103", "2016", "12365", "").value == Decimal("100.00")


@pytest.mark.django_db
def test_stats_on_time_counts_handling_within_the_deadline(history):
    run_step()
    on_time = figure("complaints.on_time", "211103", "2015", "", "")
    assert (on_time.numerator, on_time.denominator) == (2, 3)
    quarter = figure("complaints.on_time", "211103", "2015-Q1", "12365", "engineering")
    assert (quarter.numerator, quarter.denominator) == (2, 3)


@pytest.mark.django_db
def test_stats_current_year_run_recomputes_only_that_year(history):
    assert {row["year"] for row in finest_counts([2016])} == {2016}
    assert sum(row["received"] for row in finest_counts([2015])) == 6
    run = run_step(years=[2016])
    assert set(Statistic.objects.filter(run=run).values_list("period", flat=True)) >= {
        "2016",
        "2016-Q1",
        "2016-03",
    }
    assert not Statistic.objects.filter(run=run, period__startswith="2015").exists()


@pytest.mark.django_db
def test_stats_reads_the_source_rows_once(history):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ComplaintFactory.create_batch(20, received_at=local(2015, 5, 5))
    ctx = stats.StepContext(run=StatsRun.objects.create(status="succeeded"))
    with CaptureQueriesContext(connection) as queries:
        complaint_rates(ctx)
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    # The city, then one GROUP BY over the complaints; the rest are batched inserts of the results.
    assert len(reads) == 2 and "GROUP BY" in reads[1]
