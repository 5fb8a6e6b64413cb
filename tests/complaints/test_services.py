"""The lifecycle: receipt, acceptance, assignment, handling and closure, with deadlines and audit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from complaints import services
from complaints.choices import Status
from complaints.models import CalendarDay, Complaint, Transition
from tests.complaints.factories import ComplaintFactory, local


@pytest.mark.django_db
def test_receive_sets_the_accepting_deadline_in_working_days_and_the_hotline_unit(reference, zjj):
    complaint = ComplaintFactory(received_at=local(2015, 9, 30))
    assert complaint.status == Status.RECEIVED
    assert complaint.accept_due == dt.date(2015, 10, 15)  # 7 working days across National Day
    assert complaint.due_on == complaint.accept_due
    assert complaint.department == zjj
    assert complaint.transitions.get().to_status == Status.RECEIVED
    assert complaint.history.count() == 1


@pytest.mark.django_db
def test_receive_12331_counts_calendar_days(reference):
    from complaints.models import Hotline

    complaint = ComplaintFactory(hotline=Hotline.objects.get(code="12331"), received_at=local(2015, 9, 30))
    # The fifth day, 10-05, is a National Day holiday: the calendar-day limit moves to 10-08, a working day.
    assert complaint.accept_due == dt.date(2015, 10, 8)
    assert complaint.department.code == "syj"


@pytest.mark.django_db
def test_receive_by_a_department_user_keeps_it_in_that_department(reference, department_user, department):
    complaint = ComplaintFactory(user=department_user)
    assert complaint.department == department


@pytest.mark.django_db
def test_transition_full_lifecycle_records_who_and_when(reference, office_user, department_user, department):
    complaint = ComplaintFactory(received_at=local(2015, 9, 30), domain="engineering")
    services.complaint_transition(
        complaint=complaint, to="accepted", user=office_user, at=local(2015, 9, 30, 15)
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.ACCEPTED
    assert complaint.handle_due == services.workdays.add_working_days(dt.date(2015, 9, 30), 60)
    services.complaint_transition(
        complaint=complaint, to="assigned", user=office_user, department=department, region=complaint.region
    )
    services.complaint_transition(
        complaint=complaint, to="handled", user=department_user, outcome="mediated", note="已调解"
    )
    services.complaint_transition(complaint=complaint, to="closed", user=office_user)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.due_on is None
    steps = list(complaint.transitions.values_list("from_status", "to_status", "user__username"))
    assert steps == [
        ("", "received", None),
        ("received", "accepted", "t-office"),
        ("accepted", "assigned", "t-office"),
        ("assigned", "handled", "t-dept"),
        ("handled", "closed", "t-office"),
    ]
    assert complaint.history.first().history_user == office_user
    assert complaint.history.count() == 5


@pytest.mark.django_db
def test_transition_illegal_step_is_refused_with_a_chinese_message(reference, office_user, complaint):
    with pytest.raises(ValidationError) as info:
        services.complaint_transition(complaint=complaint, to="closed", user=office_user)
    message = info.value.message_dict["to"][0]
    assert "当前为“已登记”" in message and "不能转为“已办结”" in message and "已受理、不予受理" in message
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED
    assert complaint.transitions.count() == 1


@pytest.mark.django_db
def test_transition_reject_needs_a_reason(reference, office_user, complaint):
    with pytest.raises(ValidationError):
        services.complaint_transition(complaint=complaint, to="rejected", user=office_user)
    services.complaint_transition(
        complaint=complaint, to="rejected", user=office_user, reason="不属于本部门职责"
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.REJECTED and complaint.reject_reason == "不属于本部门职责"
    assert (
        Transition.objects.filter(complaint=complaint, to_status="rejected").get().note == "不属于本部门职责"
    )


@pytest.mark.django_db
def test_transition_refused_to_users_outside_the_handlers(
    reference, complaint, county_user, other_department_user, leader_user
):
    for user in (county_user, other_department_user, leader_user):
        with pytest.raises(PermissionDenied):
            services.complaint_transition(complaint=complaint, to="accepted", user=user)
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED


@pytest.mark.django_db
def test_transition_assignment_hands_the_complaint_to_the_new_unit(
    reference, hotline_user, department_user, department, county
):
    complaint = ComplaintFactory()
    services.complaint_transition(complaint=complaint, to="accepted", user=hotline_user)
    services.complaint_transition(
        complaint=complaint, to="assigned", user=hotline_user, department=department, region=county
    )
    assert Complaint.objects.for_user(department_user, "change").filter(pk=complaint.pk).exists()
    assert not Complaint.objects.for_user(hotline_user, "change").filter(pk=complaint.pk).exists()
    with pytest.raises(PermissionDenied):
        services.complaint_transition(
            complaint=complaint, to="handled", user=hotline_user, outcome="mediated"
        )


@pytest.mark.django_db
def test_calendar_change_moves_pending_deadlines_only(reference, office_user):
    pending = ComplaintFactory(received_at=local(2016, 6, 1))
    done = ComplaintFactory(received_at=local(2016, 6, 1))
    services.complaint_transition(complaint=done, to="rejected", user=office_user, reason="重复投诉")
    before = pending.accept_due
    day = CalendarDay(date=dt.date(2016, 6, 3), is_working_day=False, name="测试放假")
    services.calendar_day_save(day=day, user=office_user)
    pending.refresh_from_db()
    assert pending.accept_due == services.workdays.add_working_days(dt.date(2016, 6, 1), 7)
    assert pending.accept_due > before
    assert pending.history.first().history_user == office_user
    services.calendar_day_delete(day=day, user=office_user)
    pending.refresh_from_db()
    assert pending.accept_due == before


@pytest.mark.django_db
def test_calendar_change_needs_the_capability(reference, department_user):
    with pytest.raises(PermissionDenied):
        services.calendar_day_save(
            day=CalendarDay(date=dt.date(2016, 6, 3), is_working_day=False), user=department_user
        )
    assert not CalendarDay.objects.filter(date=dt.date(2016, 6, 3)).exists()
