"""Importing penalties: the 双公示 columns or everyday names, a title above the header, every bad row as
“第 N 行 · 列 · 原因”, nothing written unless every row is good, numbers imported before skipped."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.models import Job
from credit.models import Penalty
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "行政相对人名称",
    "统一社会信用代码",
    "法定代表人",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "没收违法所得、没收非法财物的金额（万元）",
    "处罚决定日期",
    "处罚机关",
    "公示日期",
]


def workbook(rows, header=HEADER, title="盘锦市质量技术监督局行政处罚信息公示表") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def enterprises(reference):
    return EnterpriseFactory(), EnterpriseFactory()


def rows_for(first, second):
    return [
        [
            first.name,
            first.uscc,
            "王立新",
            "盘质监罚字〔2016〕12号",
            "生产销售不合格产品",
            "抽查不合格",
            "《产品质量法》第四十九条",
            "罚款；没收违法所得",
            "罚款 3.5 万元",
            3.5,
            "0.82",
            dt.datetime(2016, 5, 10),
            "质监局",
            "2016-05-17",
        ],
        [
            second.name,
            second.uscc.lower(),
            "",
            "盘工商罚字〔2016〕3号",
            "销售不合格产品",
            "销售不合格产品",
            "《产品质量法》第五十条",
            "警告",
            "警告",
            "",
            "",
            "2016年6月1日",
            "盘锦市工商行政管理局",
            "",
        ],
    ]


def upload(client, content: bytes, *, dry_run: bool):
    data = {"file": SimpleUploadedFile("处罚.xlsx", content)}
    return client.post(reverse("credit:penalty_import"), {**data, **({"dry_run": "on"} if dry_run else {})})


def test_import_checks_then_imports_every_row_with_history(
    client_for, office_user, enterprises, media_root, django_capture_on_commit_callbacks
):
    first, second = enterprises
    client = client_for(office_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, workbook(rows_for(first, second)), dry_run=True)
    check = Job.objects.get()
    assert response.url == check.get_absolute_url()
    assert (check.status, check.summary["created"]) == ("checked", 2) and not Penalty.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:confirm", args=[check.pk]))
    job = Job.objects.exclude(pk=check.pk).get()
    assert (job.status, job.summary["created"]) == ("succeeded", 2)
    penalty = Penalty.objects.get(decision_number="盘质监罚字〔2016〕12号")
    assert (penalty.enterprise, penalty.region, penalty.department.code) == (first, first.region, "zjj")
    assert (penalty.category, penalty.fine, penalty.confiscated) == ("fine", Decimal("3.5"), Decimal("0.82"))
    assert (penalty.published, penalty.published_on) == (True, dt.date(2016, 5, 17))
    other = Penalty.objects.get(decision_number="盘工商罚字〔2016〕3号")
    assert (other.enterprise, other.department.code, other.decided_on, other.published) == (
        second,
        "gsj",
        dt.date(2016, 6, 1),
        False,
    )
    assert set(Penalty.history.values_list("history_user", flat=True)) == {office_user.pk}

    # The same table again: both numbers are there already, nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, workbook(rows_for(first, second)), dry_run=False)
    again = Job.objects.latest("pk")
    assert (again.status, again.summary["created"], again.summary["skipped"]) == ("succeeded", 0, 2)
    assert Penalty.objects.count() == 2


def test_import_with_bad_rows_writes_nothing_and_names_each(
    client_for, office_user, enterprises, media_root, django_capture_on_commit_callbacks
):
    first, second = enterprises
    good, other = rows_for(first, second)
    duplicate = list(good)
    amount = [*good[:3], "盘质监罚字〔2016〕13号", *good[4:9], "三万", *good[10:]]
    unknown = [other[0], "91211100MA0000000X", *other[2:3], "盘工商罚字〔2016〕4号", *other[4:7], "拘留"]
    unknown += [*other[8:12], "公安局2", ""]
    rows = [good, other, duplicate, amount, unknown]
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_for(office_user), workbook(rows), dry_run=False)
    job = Job.objects.get()
    assert job.status == "failed" and not Penalty.objects.exists()
    assert job.error_lines == [
        "第 5 行 · 行政处罚决定书文号 · 与第 3 行的决定书文号重复",
        "第 6 行 · 罚款金额（万元） · 金额“三万”不是数字（以万元计）",
        "第 7 行 · 统一社会信用代码 · 统一社会信用代码“91211100MA0000000X”不在企业库中，请先登记企业",
        "第 7 行 · 处罚类别 · 处罚类别“拘留”无法识别，应为：警告、通报批评、罚款、没收违法所得、没收非法财物、暂扣许可证件、"
        "降低资质等级、吊销许可证件、限制开展生产经营活动、责令停产停业、责令关闭、其他",
        "第 7 行 · 处罚机关 · 处罚机关“公安局2”不是领导小组成员单位（按全称、简称或简码识别）",
    ]


def test_import_without_the_required_columns_says_which(
    client_for, office_user, enterprises, media_root, django_capture_on_commit_callbacks
):
    header = [h for h in HEADER if h not in ("处罚依据", "处罚机关")]
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_for(office_user), workbook([], header=header), dry_run=True)
    assert Job.objects.get().error_lines == ["第 2 行 · 表头 · 缺少列：处罚依据、处罚机关（按表头文字识别）"]


def test_import_page_is_for_those_who_enter(client_for, role_users, reference):
    url = reverse("credit:penalty_import")
    assert [
        client_for(role_users[r]).get(url).status_code for r in ("office", "department", "county", "leader")
    ] == [
        200,
        200,
        403,
        403,
    ]


def test_the_template_has_the_headers_the_import_reads_first(client_for, office_user, enterprises):
    from openpyxl import load_workbook

    from credit.importing import HEADERS, REQUIRED

    response = client_for(office_user).get(reverse("credit:penalty_import_template"))
    headers = [c.value for c in load_workbook(io.BytesIO(response.content)).active[1]]
    assert headers[:4] == ["行政处罚决定书文号", "行政相对人名称", "行政相对人类别", "统一社会信用代码"]
    assert {HEADERS.field_of(h) for h in headers} >= set(REQUIRED)
