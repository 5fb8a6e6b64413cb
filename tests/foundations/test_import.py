"""Excel import of register rows through the one import flow: check, confirm, all or nothing, errors by row."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.models import Job
from foundations.models import MarketExit, MetrologyRecord, Standard

pytestmark = pytest.mark.django_db


def workbook(header, rows, title=None) -> bytes:
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as a clerk's sheet holds it
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


METROLOGY_HEADER = ["年度", "县区", "检定领域", "检定台件数", "合格台件数", "备注"]
METROLOGY_ROWS = [
    [2016, "兴隆台区", "贸易结算", 1200, 1180, ""],
    [2016, "211122", "医疗卫生", 300, 296, '=HYPERLINK("http://x","点我")'],
]


def upload(client, register, content, *, dry_run, capture):
    data = {"file": SimpleUploadedFile(f"{register}.xlsx", content), **({"dry_run": "on"} if dry_run else {})}
    with capture(execute=True):
        return client.post(reverse("foundations:import", args=[register]), data)


def test_metrology_import_checks_then_imports_and_keeps_text_as_written(
    client_for, zjj_user, reference, media_root, django_capture_on_commit_callbacks
):
    client = client_for(zjj_user)
    content = workbook(METROLOGY_HEADER, METROLOGY_ROWS, title="2016年强制检定情况统计表")
    response = upload(client, "metrology", content, dry_run=True, capture=django_capture_on_commit_callbacks)
    check = Job.objects.get()
    assert response.url == check.get_absolute_url()
    assert (check.status, check.summary["created"]) == ("checked", 2)
    assert not MetrologyRecord.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:confirm", args=[check.pk]))
    job = Job.objects.exclude(pk=check.pk).get()
    assert (job.status, job.summary["created"], job.department.code) == ("succeeded", 2, "zjj")
    rows = {r.region.code: r for r in MetrologyRecord.objects.select_related("region")}
    assert (rows["211103"].verified, rows["211103"].passed, rows["211103"].category) == (1200, 1180, "trade")
    assert rows["211122"].notes == '=HYPERLINK("http://x","点我")'
    assert set(MetrologyRecord.history.values_list("history_user", flat=True)) == {zjj_user.pk}


def test_metrology_import_with_a_bad_row_writes_nothing_and_names_the_row(
    client_for, office_user, reference, media_root, django_capture_on_commit_callbacks
):
    bad = [*METROLOGY_ROWS, [2016, "盘山县", "贸易结算", 10, 12, ""], [2016, "火星区", "安全防护", 5, 5, ""]]
    client = client_for(office_user)
    upload(
        client,
        "metrology",
        workbook(METROLOGY_HEADER, bad),
        dry_run=False,
        capture=django_capture_on_commit_callbacks,
    )
    job = Job.objects.get()
    assert job.status == "failed"
    assert job.error_lines == [
        "第 4 行 · 合格台件数不能多于检定台件数。",
        "第 5 行 · 县区 · 县区“火星区”不存在",
    ]
    assert not MetrologyRecord.objects.exists()


def test_metrology_import_refuses_a_year_already_registered_and_a_repeated_row(office_user, reference, zjj):
    from foundations.importing import METROLOGY, import_register

    MetrologyRecord.objects.create(year=2016, region_id=_region("211103"), category="trade", verified=1, passed=1,
                                   department=zjj)  # fmt: skip
    rows = [*METROLOGY_ROWS, [2016, "211122", "医疗卫生", 3, 3, ""]]
    total, created, errors = import_register(
        spec=METROLOGY, file=io.BytesIO(workbook(METROLOGY_HEADER, rows)), user=office_user, dry_run=False
    )
    assert [str(e) for e in errors] == [
        "第 2 行 · 该县区这一年该领域的强制检定已登记。",
        "第 4 行 · 与第 3 行重复：该县区这一年该领域的强制检定已登记。",
    ]
    assert MetrologyRecord.objects.count() == 1


def _region(code):
    from organizations.models import Region

    return Region.objects.get(code=code).pk


STANDARD_HEADER = ["年度", "类别", "层级", "标准号", "标准名称", "企业名称", "县区", "发布日期"]


def test_standards_import_reads_words_and_dates(office_user, reference):
    from foundations.importing import STANDARDS, import_register

    rows = [
        [
            2016,
            "主导制定",
            "团体标准",
            "T/PJ 001-2016",
            "盘锦河蟹",
            "盘锦某水产公司",
            "大洼区",
            "2016年5月3日",
        ],
        [2016, "标准化示范区", "省级", "", "稻米标准化示范区", "盘山县农委", "盘山县", ""],
        [2016, "采用国际标准", "国家", "ISO 1-2016", "x", "y", "兴隆台区", ""],
    ]
    total, created, errors = import_register(
        spec=STANDARDS, file=io.BytesIO(workbook(STANDARD_HEADER, rows)), user=office_user, dry_run=False
    )
    assert [str(e) for e in errors] == ["第 4 行 · 层级 · “采用国际标准”的层级应为：国际（国外先进）。"]
    assert not Standard.objects.exists()
    total, created, errors = import_register(
        spec=STANDARDS, file=io.BytesIO(workbook(STANDARD_HEADER, rows[:2])), user=office_user, dry_run=False
    )
    assert (total, created, errors) == (2, 2, [])
    lead = Standard.objects.get(kind="lead")
    assert (lead.level, str(lead.published_on), lead.region.code, lead.department.code) == (
        "group", "2016-05-03", "211104", "zjj"
    )  # fmt: skip


EXIT_HEADER = ["决定日期", "县区", "企业名称", "统一社会信用代码", "退出方式", "退出原因", "许可证编号"]


def test_market_exit_import_by_a_unit_names_bad_cells(department_user, reference):
    from foundations.importing import MARKET_EXITS, import_register

    rows = [
        ["2016-04-01", "兴隆台区", "某建筑公司", "", "注销许可证", "不能满足准入条件", "D2210001"],
        ["2016-04-31", "兴隆台区", "某砖厂", "", "关停", "污染严重", ""],
        ["2016-05-01", "兴隆台区", "某厂", "91211100XXXXXXXXXX", "关停", "嫌吵", ""],
        ["2016-05-02", "兴隆台区", "某化工厂", "", "注销许可证", "资源浪费", ""],
    ]
    total, created, errors = import_register(
        spec=MARKET_EXITS, file=io.BytesIO(workbook(EXIT_HEADER, rows)), user=department_user, dry_run=False
    )
    lines = [str(e) for e in errors]
    assert lines[0] == "第 3 行 · 决定日期 · 日期“2016-04-31”无法识别，应写作 2015-03-02"
    assert "第 4 行 · 退出原因 · “嫌吵”无法识别" in lines[1]
    assert lines[2].startswith("第 4 行 · 统一社会信用代码")
    assert lines[3] == "第 5 行 · 许可证编号 · 注销（吊销）许可证须填写许可证编号。"
    assert not MarketExit.objects.exists()


def test_import_of_a_register_the_unit_does_not_keep_is_refused(client_for, department_user, reference):
    assert (
        client_for(department_user).get(reverse("foundations:import", args=["metrology"])).status_code == 403
    )
    assert (
        client_for(department_user).get(reverse("foundations:import", args=["market-exits"])).status_code
        == 200
    )


def test_import_without_the_required_columns_says_which(office_user, reference):
    from foundations.importing import METROLOGY, SheetError, import_register

    with pytest.raises(SheetError) as caught:
        import_register(
            spec=METROLOGY, file=io.BytesIO(workbook(["年度", "县区"], [[2016, "盘山县"]])), user=office_user,
            dry_run=True,
        )  # fmt: skip
    assert "缺少列：检定领域、检定台件数、合格台件数" in str(caught.value.row_error)
