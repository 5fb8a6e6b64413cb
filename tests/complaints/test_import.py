"""Importing hotline exports: header-mapped, row errors by Excel row number, all or nothing."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from complaints.models import Complaint, ImportBatch

HEADER = [
    "工单号",
    "来电时间",
    "诉求类型",
    "涉及领域",
    "所属区县",
    "诉求标题",
    "来电人",
    "来电号码",
    "是否三包",
    "备注",
]


def workbook(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    [
        "X001",
        dt.datetime(2016, 3, 1, 9, 30),
        "投诉",
        "工程质量",
        "兴隆台区",
        "屋面漏水",
        "张三",
        13812341234,
        "否",
        "",
    ],
    ["X002", "2016-03-02 10:00", "举报", "产品", "211122", "化肥质量", "李四", "13900001111", "是", "x"],
]


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "12365-2016-03.xlsx"
    path.write_bytes(workbook(GOOD))
    return path


@pytest.mark.django_db
def test_import_command_imports_a_good_file_with_history(reference, good_file):
    out = io.StringIO()
    call_command("import_complaints", str(good_file), "--hotline", "12365", stdout=out)
    assert "已导入 2 条" in out.getvalue()
    first = Complaint.objects.get(number="X001")
    assert first.region.code == "211103" and first.domain == "engineering" and first.status == "received"
    assert first.complainant_phone == "13812341234"
    assert first.accept_due == dt.date(2016, 3, 10)
    assert Complaint.objects.get(number="X002").is_sanbao is True
    batch = ImportBatch.objects.get()
    assert (batch.rows, batch.file_name) == (2, "12365-2016-03.xlsx")
    assert first.import_batch == batch and first.history.count() == 1
    assert first.transitions.get().note == "导入：12365-2016-03.xlsx"


@pytest.mark.django_db
def test_import_again_skips_the_tickets_already_there(reference, good_file):
    call_command("import_complaints", str(good_file), "--hotline", "12365", stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_complaints", str(good_file), "--hotline", "12365", stdout=out)
    assert "已导入 0 条，已存在跳过 2 条" in out.getvalue()
    assert Complaint.objects.count() == 2


@pytest.mark.django_db
def test_import_dry_run_writes_nothing(reference, good_file):
    out = io.StringIO()
    call_command("import_complaints", str(good_file), "--hotline", "12365", "--dry-run", stdout=out)
    assert "可导入 2 条" in out.getvalue()
    assert not Complaint.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_import_bad_rows_are_listed_and_nothing_is_written(reference, tmp_path):
    rows = [
        *GOOD,
        ["X003", "昨天", "投诉", "工程", "兴隆台区", "门窗", "", "", "", ""],
        ["X004", "2016-03-04", "表扬", "火星", "不存在县", "", "", "", "", ""],
    ]
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook(rows))
    out = io.StringIO()
    with pytest.raises(CommandError, match="未导入任何工单"):
        call_command("import_complaints", str(path), "--hotline", "12365", stdout=out)
    lines = out.getvalue().splitlines()
    assert "第 4 行 · 来电时间 · 时间“昨天”无法识别，应写作 2015-10-08 09:30" in lines
    assert any(line.startswith("第 5 行 · 诉求类型 · 类别“表扬”无法识别") for line in lines)
    assert any(line.startswith("第 5 行 · 所属区县 · 县区“不存在县”不存在") for line in lines)
    assert any(line.startswith("第 5 行 · 涉及领域") for line in lines)
    assert not Complaint.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_import_missing_required_header_is_reported(reference, tmp_path):
    path = tmp_path / "noheader.xlsx"
    path.write_bytes(workbook([["X1", "2016-01-01"]], header=["工单号", "来电时间"]))
    with pytest.raises(CommandError, match="第 1 行 · 表头 · 缺少列：类别、领域、所属县区、诉求标题"):
        call_command("import_complaints", str(path), "--hotline", "12365", stdout=io.StringIO())
