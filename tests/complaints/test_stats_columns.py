"""The columns the nightly job groups by: received month and handled-in-time, in local time, on every write path."""

import datetime as dt

import pytest
from django.db import transaction

from complaints import services
from complaints.models import Complaint
from complaints.stats import finest_counts
from core.bulk import insert_synthetic
from tests.complaints.factories import SHANGHAI, ComplaintFactory
from tests.grouping import columns_read, group_by_query, index_columns

pytestmark = pytest.mark.django_db


def columns(complaint: Complaint) -> tuple:
    return Complaint.objects.filter(pk=complaint.pk).values_list("received_month", "handled_in_time").get()


def test_received_month_is_the_local_month(reference):
    late_july = ComplaintFactory(received_at=dt.datetime(2015, 7, 31, 23, 30, tzinfo=SHANGHAI))
    early_august = ComplaintFactory(received_at=dt.datetime(2015, 8, 1, 0, 30, tzinfo=SHANGHAI))
    # Both fall on 31 July in UTC.
    assert early_august.received_at.astimezone(dt.UTC).day == 31
    assert columns(late_july) == (201507, None)
    assert columns(early_august) == (201508, None)


def test_handled_in_time_counts_the_whole_last_local_day(reference, office_user, department, county):
    def handle(at: dt.datetime) -> Complaint:
        complaint = ComplaintFactory(received_at=dt.datetime(2015, 3, 2, 9, tzinfo=SHANGHAI), region=county)
        for step in ("accepted", "assigned", "handled"):
            services.complaint_transition(
                complaint=complaint,
                to=step,
                user=office_user,
                at=at if step == "handled" else complaint.received_at,
                department=department,
                region=county,
                outcome="corrected",
            )
        complaint.refresh_from_db()
        return complaint

    probe = handle(dt.datetime(2015, 3, 3, 9, tzinfo=SHANGHAI))
    due = probe.handle_due
    last_minute = handle(dt.datetime.combine(due, dt.time(23, 59), tzinfo=SHANGHAI))
    next_morning = handle(dt.datetime.combine(due + dt.timedelta(days=1), dt.time(0, 1), tzinfo=SHANGHAI))
    assert columns(last_minute)[1] is True
    assert columns(next_morning)[1] is False
    waiting = ComplaintFactory()
    assert columns(waiting)[1] is None


def test_the_bulk_load_leaves_the_derived_columns_to_the_database(reference):
    template = ComplaintFactory()
    row = {
        field.attname: getattr(template, field.attname)
        for field in Complaint._meta.concrete_fields
        if not field.primary_key and not field.generated
    }
    with transaction.atomic():
        insert_synthetic(
            Complaint,
            [{**row, "number": "BULK-1", "received_at": dt.datetime(2016, 12, 31, 22, tzinfo=SHANGHAI)}],
        )
    assert Complaint.objects.values_list("received_month", flat=True).get(number="BULK-1") == 201612


def test_the_step_reads_only_the_covering_index(reference):
    # Exactly the columns of the covering index and no join: PostgreSQL can answer from the index alone.
    sql = group_by_query(lambda: finest_counts([2015, 2016]), Complaint)
    assert columns_read(sql, Complaint) == index_columns(Complaint, "complaint_stats")
    assert "JOIN" not in sql
