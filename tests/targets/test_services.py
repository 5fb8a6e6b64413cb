"""Measurement rules with their Chinese messages, approval and locking as DHIS2 does it, judgements, progress reports."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from organizations.models import Department, Region
from targets import services
from targets.choices import SubmissionStatus
from targets.models import Indicator, KeyTask, Measurement, PeriodClosure, Submission, Target, TaskReport
from tests.targets.factories import MeasurementFactory


def save(user, code="agri_standard_coverage", region=None, period="2015", value=None, **kwargs):
    return services.measurement_save(
        user=user,
        indicator=Indicator.objects.get(code=code),
        region=region or Region.objects.get(code="211103"),
        period=period,
        value=None if value is None else D(str(value)),
        **{k: D(str(v)) for k, v in kwargs.items()},
    )


def messages_of(exc) -> str:
    return (
        " ".join(m for ms in exc.value.message_dict.values() for m in ms)
        if hasattr(exc.value, "error_dict")
        else " ".join(exc.value.messages)
    )


@pytest.mark.django_db
def test_measurement_value_computed_from_numerator_and_denominator_with_audit(office_user):
    m = save(office_user, numerator=31, denominator=100)
    assert (m.value, m.year, m.entered_by) == (D("31.00"), 2015, office_user)
    assert m.history.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"value": "100.5"}, "value", "0–100"),
        ({"numerator": 120, "denominator": 100}, "numerator", "不能大于分母"),
        ({"numerator": 10}, "denominator", "同时填写"),
        ({"value": 50, "numerator": 31, "denominator": 100}, "value", "不符"),
        ({"value": -1}, "value", "负数"),
        ({}, "value", "请填写数值"),
    ],
)
def test_measurement_rules_name_the_field_in_chinese(office_user, kwargs, field, text):
    with pytest.raises(ValidationError) as exc:
        save(office_user, **kwargs)
    assert text in " ".join(exc.value.message_dict[field])
    assert not Measurement.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("period", "text"),
    [("2015-13", "格式不对"), ("2015-Q5", "格式不对"), ("2099", "不在"), ("15", "格式不对")],
)
def test_measurement_period_must_exist(office_user, period, text):
    with pytest.raises(ValidationError) as exc:
        save(office_user, period=period, value=31)
    assert text in messages_of(exc)


@pytest.mark.django_db
def test_measurement_period_not_yet_begun_refused(office_user):
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as exc:
        save(office_user, period=str(next_year), value=31)
    assert "尚未开始" in messages_of(exc)


@pytest.mark.django_db
def test_measurement_second_value_for_same_indicator_region_period_refused(office_user):
    save(office_user, value=31)
    with pytest.raises(ValidationError) as exc:
        save(office_user, value=32)
    assert "请编辑原记录" in messages_of(exc)
    assert Measurement.objects.count() == 1


@pytest.mark.django_db
def test_measurement_of_derived_indicator_names_its_source(office_user):
    with pytest.raises(ValidationError) as exc:
        save(office_user, code="provincial_spot_check_pass_rate", value=95)
    assert (
        "该指标由监督抽查统计自动生成（inspections.pass_rate），不能手工填报"
        in exc.value.message_dict["indicator"][0]
    )


@pytest.mark.django_db
def test_measurement_of_milestone_or_city_only_indicator_for_a_county_refused(office_user):
    with pytest.raises(ValidationError) as exc:
        save(office_user, code="green_building", value=1)
    assert "定性目标" in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        save(office_user, code="producer_service_satisfaction", value=86)
    assert "只按全市填报" in exc.value.message_dict["region"][0]


@pytest.mark.django_db
def test_measurement_scope_department_and_county(
    department_user, other_department_user, county_user, other_county, city
):
    # 住建委 enters its own indicator for the city; 农委 cannot.
    assert save(department_user, code="new_tech_demo_projects", region=city, value=3).pk
    with pytest.raises(PermissionDenied):
        save(other_department_user, code="new_tech_demo_projects", region=city, period="2014", value=2)
    # 农委 enters its indicator for any county.
    assert save(other_department_user, region=other_county, value=31).pk
    # A county enters its own region only.
    assert save(county_user, value=30).pk
    with pytest.raises(PermissionDenied):
        save(county_user, region=other_county, period="2014", value=30)


@pytest.mark.django_db
def test_submit_approve_locks_and_unapprove_with_reason_reopens(county_user, office_user, county):
    m = save(county_user, value=30)
    submission = services.submission_submit(
        user=county_user, region=county, year=2015, gap_note="其余两项尚在测评"
    )
    assert submission.status == SubmissionStatus.SUBMITTED
    with pytest.raises(ValidationError) as exc:
        save(county_user, value=31, period="2015-Q1")
    assert "已报送，正在等待办公室审核" in messages_of(exc)
    services.submission_approve(user=office_user, submission=submission)
    for user in (county_user, office_user):
        with pytest.raises(ValidationError) as exc:
            services.measurement_save(
                user=user, indicator=m.indicator, region=county, period="2015", value=D(35), measurement=m
            )
        assert "审核通过并锁定" in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        services.submission_reopen(user=office_user, submission=submission, reason="  ")
    assert "原因" in messages_of(exc)
    with pytest.raises(PermissionDenied):
        services.submission_reopen(user=county_user, submission=submission, reason="想改")
    services.submission_reopen(user=office_user, submission=submission, reason="兴隆台区数据口径有误")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT and submission.reason == "兴隆台区数据口径有误"
    assert submission.history.first().history_change_reason == "取消审核：兴隆台区数据口径有误"
    m = services.measurement_save(
        user=county_user, indicator=m.indicator, region=county, period="2015", value=D(35), measurement=m
    )
    assert m.value == D(35) and m.history.count() == 2


@pytest.mark.django_db
def test_submission_rules(county_user, office_user, county, other_county, department_user, department):
    with pytest.raises(PermissionDenied):
        services.submission_submit(user=county_user, region=other_county, year=2015)
    with pytest.raises(PermissionDenied):
        services.submission_submit(user=county_user, department=department, year=2015)
    submission = services.submission_submit(
        user=department_user, department=department, year=2015, gap_note="未测"
    )
    with pytest.raises(ValidationError):
        services.submission_submit(user=department_user, department=department, year=2015, gap_note="未测")
    with pytest.raises(PermissionDenied):
        services.submission_approve(user=department_user, submission=submission)
    draft = Submission.objects.create(region=county, year=2016)
    with pytest.raises(ValidationError) as exc:
        services.submission_approve(user=office_user, submission=draft)
    assert "只有已报送的数据可以审核" in messages_of(exc)


@pytest.mark.django_db
def test_closed_period_locks_counties_and_departments_not_the_office(county_user, office_user, county):
    PeriodClosure.objects.create(year=2014, closes_on=dt.date(2015, 3, 31))
    with pytest.raises(ValidationError) as exc:
        save(county_user, period="2014", value=30)
    assert "2014年数据已于2015-03-31截止填报" in messages_of(exc)
    assert save(office_user, period="2014", value=30).pk
    # A value moved out of a closed year is refused too.
    m = MeasurementFactory(indicator="agri_standard_coverage", region=county, period="2014-Q4", value=30)
    with pytest.raises(ValidationError):
        services.measurement_save(
            user=county_user,
            indicator=m.indicator,
            region=county,
            period="2015-Q4",
            value=D(30),
            measurement=m,
        )


@pytest.mark.django_db
def test_judgement_only_by_office_and_only_for_milestones(office_user, department_user, city):
    target = Target.objects.get(code="green_building-2015")
    j = services.judgement_save(
        user=office_user,
        target=target,
        region=city,
        year=2015,
        verdict="on_track",
        evidence="绿色建筑标识项目5个",
    )
    assert j.history.count() == 1
    services.judgement_save(
        user=office_user, target=target, region=city, year=2015, verdict="achieved", evidence="更新"
    )
    assert target.judgements.get().verdict == "achieved"
    with pytest.raises(PermissionDenied):
        services.judgement_save(
            user=department_user, target=target, region=city, year=2015, verdict="achieved", evidence="x"
        )
    with pytest.raises(ValidationError):
        services.judgement_save(
            user=office_user,
            target=Target.objects.get(code="agri_standard_coverage-2015"),
            region=city,
            year=2015,
            verdict="achieved",
            evidence="x",
        )


@pytest.mark.django_db
def test_task_report_by_responsible_department_with_attachments(
    department_user, other_department_user, media_root
):
    task = KeyTask.objects.get(clause="三(三)2")
    zjw = Department.objects.get(code="zjw")
    report = services.task_report_save(
        user=department_user,
        task=task,
        department=zjw,
        year=2015,
        status="done",
        text="完成工程质量治理两年行动",
        files=[SimpleUploadedFile("总结.pdf", b"%PDF-1.4"), SimpleUploadedFile("照片.jpg", b"\xff\xd8")],
    )
    assert [a.name for a in report.attachments.all()] == ["总结.pdf", "照片.jpg"]
    assert (media_root / report.attachments.first().file.name).exists()
    with pytest.raises(PermissionDenied):
        services.task_report_save(
            user=other_department_user, task=task, department=zjw, year=2016, status="done", text="x"
        )
    nw = Department.objects.get(code="nw")
    with pytest.raises(ValidationError) as exc:
        services.task_report_save(
            user=other_department_user, task=task, department=nw, year=2016, status="done", text="x"
        )
    assert "不是" in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        services.task_report_save(
            user=department_user, task=task, department=zjw, year=2015, status="done", text="again"
        )
    assert "请修改原报告" in messages_of(exc)
    assert TaskReport.objects.count() == 1


@pytest.mark.django_db
def test_submitting_with_missing_indicators_needs_a_gap_note_kept_for_the_office(county_user, county):
    save(county_user, value=30)
    with pytest.raises(ValidationError) as exc:
        services.submission_submit(user=county_user, region=county, year=2015, gap_note="  ")
    text = messages_of(exc)
    assert (
        "尚有 2 项指标没有数值" in text
        and "主要农产品质量安全监测合格率" in text
        and "建设工程质量投诉量" in text
    )
    assert not Submission.objects.filter(region=county, year=2015).exists()
    submission = services.submission_submit(
        user=county_user, region=county, year=2015, gap_note="投诉量待住建委核实"
    )
    assert submission.gap_note == "投诉量待住建委核实"
    assert submission.history.first().history_change_reason == "报送（缺 2 项：投诉量待住建委核实）"


@pytest.mark.django_db
def test_a_complete_year_submits_without_a_note(county_user, county):
    for code in ("agri_standard_coverage", "agri_product_pass_rate"):
        save(county_user, code=code, value=30)
    save(county_user, code="construction_complaints", value=12)
    submission = services.submission_submit(user=county_user, region=county, year=2015, gap_note="用不上")
    assert submission.status == SubmissionStatus.SUBMITTED and submission.gap_note == ""
    assert submission.history.first().history_change_reason == "报送"
