import pytest

from complaints.choices import Status
from complaints.demo import load_complaints
from complaints.models import Complaint, Transition
from core.registry import DemoContext


@pytest.mark.django_db
def test_demo_small_has_every_state_some_overdue_and_is_idempotent(reference):
    ctx = DemoContext()
    load_complaints(ctx)
    assert set(Complaint.objects.values_list("status", flat=True)) == set(Status.values)
    from complaints.selectors import overdue

    assert overdue(Complaint.objects.all()).exists()
    assert Transition.objects.count() > Complaint.objects.count()
    assert Complaint.history.count() == Complaint.objects.count()
    before = Complaint.objects.count()
    assert "already present" in load_complaints(DemoContext())
    assert Complaint.objects.count() == before
