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


@pytest.mark.django_db
def test_demo_complaints_name_firms_of_the_trade_they_are_about(reference):
    from complaints.demo import SUBJECTS
    from organizations.demo import load_enterprises

    load_enterprises(DemoContext())
    load_complaints(DemoContext())
    trades = {subject: set(industries) for subjects in SUBJECTS.values() for subject, industries in subjects}
    named = Complaint.objects.filter(enterprise__isnull=False).values_list("subject", "enterprise__industry")
    assert named.exists()
    for subject, industry in named:
        assert industry in trades[subject], (subject, industry)  # no 热水器漏电 at a rice mill
    # Free-text names come from the same firms, so they fit too; subjects no demo trade makes name nobody.
    nameless = {s for s, industries in trades.items() if not industries}
    assert (
        not Complaint.objects.filter(subject__in=nameless)
        .exclude(enterprise=None, enterprise_name="")
        .exists()
    )
    # Same seed, same complaints.
    first = list(Complaint.objects.order_by("number").values_list("number", "subject", "enterprise_id")[:50])
    Complaint.objects.all().delete()
    load_complaints(DemoContext())
    assert (
        list(Complaint.objects.order_by("number").values_list("number", "subject", "enterprise_id")[:50])
        == first
    )
