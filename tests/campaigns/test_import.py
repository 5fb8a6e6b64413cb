"""Excel import of a campaign's cases through the one import flow: a check job, then the import, all or nothing,
each bad row as 第 N 行 · 列 · 原因; a county imports its own county's cases only."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from campaigns.models import Campaign, Case
from core.models import Job
from organizations.models import Department

pytestmark = pytest.mark.django_db

HEADER = [
    "序号",
    "县区",
    "案件编号",
    "案由",
    "涉案产品",
    "当事人",
    "立案日期",
    "货值（元）",
    "罚没款（元）",
    "移送公安",
    "大案要案",
]
GOOD = [
    [
        1,
        "兴隆台区",
        "XL-01",
        "销售假冒化肥",
        "复合肥",
        "某农资店",
        "2015-05-10",
        "12,000",
        "6000",
        "否",
        "否",
    ],
    [
        2,
        "兴隆台",
        "XL-02",
        "销售劣质农药",
        "农药",
        "某经销部",
        dt.datetime(2015, 6, 2),
        250000,
        80000,
        "是",
        "是",
    ],
]


def workbook(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["2015年农资打假案件查处情况统计表"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        "cases.xlsx", buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@pytest.fixture
def campaign(reference):
    return Campaign.objects.create(
        name="2015年农资打假",
        kind="counterfeit",
        starts_on=dt.date(2015, 3, 1),
        ends_on=dt.date(2015, 10, 31),
        lead=Department.objects.get(code="gsj"),
    )


def upload(client, campaign, rows, dry_run):
    return client.post(
        f"/campaigns/{campaign.pk}/import/",
        {"file": workbook(rows), **({"dry_run": "on"} if dry_run else {})},
    )


def test_a_check_then_the_import_writes_every_row(
    client_for, county_user, campaign, django_capture_on_commit_callbacks
):
    client = client_for(county_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, campaign, GOOD, dry_run=True)
    check = Job.objects.get()
    assert response.url == check.get_absolute_url()
    assert (check.status, check.summary["created"]) == ("checked", 2) and not Case.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/jobs/{check.pk}/confirm/")
    job = Job.objects.exclude(pk=check.pk).get()
    assert (job.status, job.summary["created"]) == ("succeeded", 2), job.errors
    second = Case.objects.get(number="XL-02")
    assert (second.goods_value, second.referred_to_police, second.major) == (250000, True, True)
    assert second.region == county_user.region and second.history.count() == 1
    assert Case.objects.get(number="XL-01").goods_value == 12000


def test_one_bad_row_and_nothing_is_written_each_reason_named(
    client_for, county_user, campaign, django_capture_on_commit_callbacks
):
    bad = [
        *GOOD,
        [3, "盘山县", "PS-01", "无证生产", "化肥", "", "2015-05-01", "", "", "否", "否"],
        [4, "兴隆台区", "XL-03", "标签不符", "种子", "", "2016-01-02", "abc", "", "也许", "否"],
    ]
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_for(county_user), campaign, bad, dry_run=False)
    job = Job.objects.get()
    assert job.status == "failed" and not Case.objects.exists()
    assert job.error_lines == [
        "第 5 行 · 县区 · 无权登记盘山县的案件",
        "第 6 行 · 货值（元） · 金额“abc”不是数字",
        "第 6 行 · 移送公安 · “也许”应填 是 或 否",
    ]


def test_a_date_outside_the_campaign_is_refused_by_the_models_rule(
    client_for, office_user, campaign, django_capture_on_commit_callbacks
):
    late = [[1, "盘山县", "", "无证生产", "化肥", "", "2015-12-01", "", "", "", ""]]
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_for(office_user), campaign, late, dry_run=True)
    [line] = Job.objects.get().error_lines
    assert line.startswith("第 3 行 · 立案日期 · 立案日期不在专项行动期间")


def test_leaders_cannot_import(client_for, leader_user, campaign):
    assert upload(client_for(leader_user), campaign, GOOD, dry_run=True).status_code == 403
    assert not Job.objects.exists()
