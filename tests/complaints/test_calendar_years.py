"""The holiday calendar by year: seeded from chinese-calendar, entered from the State Council's notice by date
ranges, and deadlines that reach a year nobody has entered marked provisional on every page that shows them."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from complaints import holidays, services, workdays
from complaints.models import CalendarDay, CalendarYear, Complaint
from tests.complaints.factories import ComplaintFactory, local

# The 2026 notice (国办发明电〔2025〕7号) as the office would paste it.
NOTICE_2026 = """一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。"""
# A made-up 2027 arrangement in the notice's words (the real one is not published yet): Spring Festival
# from Saturday 6 February to Sunday 14 February, Saturday 20 February worked.
NOTICE_2027 = """一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（周六）至14日（周日）放假调休，共9天。2月20日（周六）上班。"""


def _accepted_in_late_2026(office_user) -> Complaint:
    """A 12365 complaint accepted on 2026-11-23: 60 working days run into 2027."""
    complaint = ComplaintFactory(received_at=local(2026, 11, 20))
    return services.complaint_transition(
        complaint=complaint, to="accepted", user=office_user, at=local(2026, 11, 23)
    )


def test_notice_2026_reads_as_chinese_calendar_has_it():
    parsed = [(day.date, day.is_working_day) for day in holidays.parse_notice(NOTICE_2026, 2026)]
    assert parsed == [(day.date, day.is_working_day) for day in holidays.library_days(2026)]
    # and the lines the entry form shows for a year on record read back the same
    again = holidays.parse_notice(holidays.notice_from_days(holidays.library_days(2026)), 2026)
    assert [(d.date, d.is_working_day) for d in again] == parsed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("春节：2月30日放假。", "第 1 行：2026 年 2 月 30 日不存在"),
        ("春节：2月16日（周一）上班。", "2026-02-16 是周一至周五"),
        ("2月15日至23日放假。", "第 1 行：没有节日名称"),
        ("春节：2月15日至23日。", "没有说放假还是上班"),
        ("春节：2月23日至15日放假。", "终点早于起点"),
        ("国庆节：2027年10月1日放假。", "2027-10-01 不在 2026 年"),
        ("春节：2月14日放假。\n春节：2月14日（周六）上班。", "第 2 行：2026-02-14 既放假又上班"),
        ("", "没有找到任何日期"),
    ],
)
def test_notice_mistakes_are_named_by_line(text, message):
    with pytest.raises(holidays.NoticeError) as info:
        holidays.parse_notice(text, 2026)
    assert any(message in error for error in info.value.errors), info.value.errors


def test_notice_new_year_may_reach_back_into_december():
    days = holidays.parse_notice("元旦：2022年12月31日至2023年1月2日放假调休，共3天。", 2023)
    assert [day.date for day in days] == [dt.date(2022, 12, 31), dt.date(2023, 1, 1), dt.date(2023, 1, 2)]
    # A range written across the new year without the year: the end is in the next year.
    days = holidays.parse_notice("元旦：12月31日至1月1日放假。", 2027)
    assert [day.date for day in days] == [dt.date(2026, 12, 31), dt.date(2027, 1, 1)]


@pytest.mark.django_db
def test_calendar_is_seeded_for_every_year_the_library_knows(reference):
    years = holidays.library_years()
    assert years[0] <= 2010 and years[-1] >= 2026
    assert set(CalendarYear.objects.values_list("year", flat=True)) >= set(years)
    assert CalendarYear.objects.get(year=2026).source == holidays.LIBRARY
    assert not CalendarDay.objects.get(date=dt.date(2026, 2, 16)).is_working_day  # 春节
    assert CalendarDay.objects.get(date=dt.date(2026, 2, 28)).is_working_day  # 调休上班


@pytest.mark.django_db
def test_complaint_received_before_spring_festival_2026_gets_the_official_deadline(reference):
    complaint = ComplaintFactory(received_at=local(2026, 2, 10))
    # 7 working days after Tuesday 10 February: 11, 12, 13, Saturday 14 (worked), then 15–23 off, 24, 25, 26.
    assert complaint.accept_due == dt.date(2026, 2, 26)
    assert workdays.add_working_days(dt.date(2026, 2, 10), 7, exceptions={}) == dt.date(
        2026, 2, 19
    )  # no calendar


@pytest.mark.django_db
def test_deadline_in_a_year_not_entered_is_provisional_until_the_office_enters_it(reference, office_user):
    complaint = _accepted_in_late_2026(office_user)
    assert complaint.due_on.year == 2027
    from complaints import selectors

    assert selectors.provisional_year(complaint) == 2027
    assert selectors.provisional_summary(Complaint.objects.all()) == [{"year": 2027, "count": 1}]
    before = complaint.due_on

    services.calendar_year_enter(year=2027, source="测试用通知", notice=NOTICE_2027, user=office_user)
    complaint.refresh_from_db()
    assert selectors.provisional_year(complaint) is None
    assert selectors.provisional_summary(Complaint.objects.all()) == []
    # 元旦 (a Friday) and Spring Festival (five weekdays) fall before the weekday-rule deadline of Monday
    # 15 February; Saturday 20 February is worked: six working days later.
    assert before == dt.date(2027, 2, 15)
    assert complaint.due_on == dt.date(2027, 2, 22)
    assert complaint.due_on == complaint.handle_due
    record = CalendarYear.objects.get(year=2027)
    assert record.history.get().history_user == office_user
    day = CalendarDay.objects.get(date=dt.date(2027, 2, 8))
    assert (day.is_working_day, day.name) == (False, "春节")
    assert day.history.get().history_user == office_user
    assert CalendarDay.objects.get(date=dt.date(2027, 2, 20)).name == "春节调休上班"


@pytest.mark.django_db
def test_reentering_a_year_replaces_its_days_with_history(reference, office_user):
    services.calendar_year_enter(year=2027, source="第一次", notice=NOTICE_2027, user=office_user)
    corrected = NOTICE_2027.replace("2月20日（周六）上班", "2月21日（周日）上班")
    services.calendar_year_enter(year=2027, source="更正", notice=corrected, user=office_user)
    assert not CalendarDay.objects.filter(date=dt.date(2027, 2, 20)).exists()
    assert CalendarDay.objects.get(date=dt.date(2027, 2, 21)).is_working_day
    assert CalendarYear.objects.get(year=2027).history.count() == 2
    removed = CalendarDay.history.filter(date=dt.date(2027, 2, 20), history_type="-").get()
    assert removed.history_user == office_user


@pytest.mark.django_db
def test_entering_a_year_is_the_offices_and_a_wrong_notice_writes_nothing(
    reference, office_user, department_user
):
    with pytest.raises(PermissionDenied):
        services.calendar_year_enter(year=2027, source="x", notice=NOTICE_2027, user=department_user)
    with pytest.raises(ValidationError) as info:
        services.calendar_year_enter(year=2027, source="x", notice="春节：2月30日放假。", user=office_user)
    assert "2027 年 2 月 30 日不存在" in str(info.value)
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


@pytest.mark.django_db
def test_year_entry_page(client_for, office_user, reference):
    client = client_for(office_user)
    url = reverse("complaints:calendar_year")
    page = client.get(url, {"year": 2026}).content.decode()
    assert "春节：2026-02-15 至 2026-02-23 放假" in page  # a year on record comes back as notice lines
    bad = client.post(url, {"year": 2027, "source": "通知", "notice": "春节：2月6日至14日。"})
    assert bad.status_code == 200 and "没有说放假还是上班" in bad.content.decode()
    response = client.post(url, {"year": 2027, "source": "国办发明电〔2026〕X号", "notice": NOTICE_2027})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕X号"
    assert "2027" in client.get(reverse("complaints:calendar")).content.decode()


@pytest.mark.django_db
def test_provisional_deadline_is_said_on_the_complaint_the_list_the_home_page_and_the_api(
    client_for, api_for, office_user, reference
):
    complaint = _accepted_in_late_2026(office_user)
    settled = ComplaintFactory(received_at=local(2026, 3, 2))  # its deadline is in 2026: not provisional
    client = client_for(office_user)
    notice = "2027 年节假日安排尚未录入"
    detail = client.get(complaint.get_absolute_url()).content.decode()
    assert "时限为暂定" in detail and "延伸到 2027 年" in detail
    assert "时限为暂定" not in client.get(settled.get_absolute_url()).content.decode()
    listing = client.get(reverse("complaints:complaint_list")).content.decode()
    assert notice in listing and "1 件在办工单" in listing and "暂定</span>" in listing
    assert notice in client.get(reverse("dashboards:city")).content.decode()
    rows = {row["id"]: row for row in api_for(office_user).get("/api/v1/complaints/").json()["results"]}
    assert rows[complaint.pk]["due_on_provisional"] is True
    assert rows[settled.pk]["due_on_provisional"] is False

    services.calendar_year_enter(year=2027, source="通知", notice=NOTICE_2027, user=office_user)
    assert notice not in client.get(reverse("complaints:complaint_list")).content.decode()
    assert notice not in client.get(reverse("dashboards:city")).content.decode()
    assert "时限为暂定" not in client.get(complaint.get_absolute_url()).content.decode()
    body = api_for(office_user).get(f"/api/v1/complaints/{complaint.pk}/").json()
    assert body["due_on_provisional"] is False


@pytest.mark.django_db
def test_sync_calendar_adds_the_library_years_and_names_the_year_missing(reference, office_user):
    _accepted_in_late_2026(office_user)
    CalendarDay.objects.filter(date__year=2026).delete()
    CalendarYear.objects.filter(year=2026).delete()
    out = io.StringIO()
    call_command("sync_calendar", stdout=out)
    text = out.getvalue()
    assert "补入：2026" in text
    assert "2027 年节假日安排尚未录入：1 件" in text
    assert CalendarYear.objects.filter(year=2026).exists()
    assert not CalendarDay.objects.get(date=dt.date(2026, 10, 5)).is_working_day
    # an office correction is kept, and --check reports it
    CalendarDay.objects.filter(date=dt.date(2026, 10, 10)).delete()
    call_command("sync_calendar", stdout=io.StringIO())
    assert not CalendarDay.objects.filter(date=dt.date(2026, 10, 10)).exists()
    out = io.StringIO()
    call_command("sync_calendar", "--check", stdout=out)
    assert "差异 2026-10-10：日历表按周一至周五，chinese-calendar 上班" in out.getvalue()
