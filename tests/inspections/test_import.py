"""The Excel import: an untidy published table from the command line and the web; a bad file writes nothing."""

import datetime as dt
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.models import Job, JobStatus
from inspections.choices import Conclusion
from inspections.models import SpotCheckResult
from organizations.models import Enterprise, Region
from organizations.uscc import make_uscc
from tests.factories import EnterpriseFactory
from tests.inspections.workbooks import GOOD_ROWS, NEW_USCC, excel_row_of, untidy_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(reference):
    """Enterprises of the register that the table names (with different brackets and spaces)."""
    return {
        "dingxiang": EnterpriseFactory(name="盘锦鼎翔米业(有限公司)", industry="稻米加工"),
        "crab": EnterpriseFactory(
            name="盘山示例河蟹专业合作社",
            uscc=make_uscc("93211122MA0CRAB01"),
            region=Region.objects.get(code="211122"),
        ),
    }


def run_import(tmp_path, content: bytes, *options: str) -> tuple[str, str | None]:
    """`import_spotchecks` on a table as food checks: its output, and its error message if it refused."""
    path = tmp_path / "抽查结果.xlsx"
    path.write_bytes(content)
    out = StringIO()
    try:
        call_command("import_spotchecks", str(path), "--product-class", "food", *options, stdout=out)
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def test_command_imports_an_untidy_published_table(tmp_path, register, office_user):
    output, error = run_import(
        tmp_path, untidy_table(), "--level", "municipal", "--year", "2015", "--user", office_user.username
    )
    assert error is None and "已导入 5 行" in output
    results = {
        r.source_row: r for r in SpotCheckResult.objects.select_related("region", "producer", "sampled_unit")
    }
    assert sorted(results) == [excel_row_of(i) for i in range(1, 6)]
    first, second, crab, new, refused = (results[excel_row_of(i)] for i in range(1, 6))
    # Full-width and half-width brackets and stray spaces match the register's name.
    assert first.sampled_unit == register["dingxiang"] and first.producer == register["dingxiang"]
    assert second.sampled_unit == register["dingxiang"]
    assert first.conclusion == Conclusion.PASS and second.conclusion == Conclusion.FAIL
    assert (crab.conclusion, new.conclusion) == (Conclusion.PASS, Conclusion.FAIL)
    assert refused.conclusion == Conclusion.NOT_TESTED and refused.not_tested_reason == "拒检"
    # Dates as real dates, as 2015.3.2, as 2015年3月2日, inside 20150302批, and a bare batch number.
    assert first.production_date == dt.date(2015, 2, 1) and first.batch_no == ""
    assert second.production_date == dt.date(2015, 3, 2)
    assert crab.production_date == dt.date(2015, 3, 2) and crab.sampled_on == dt.date(2015, 4, 1)
    assert new.production_date == dt.date(2015, 3, 2) and new.batch_no == "20150302批"
    assert refused.production_date is None and refused.batch_no == "A123"
    # Places with or without the city; the old county keeps its code (statistics count it for 大洼区).
    assert first.region.code == second.region.code == "211103"
    assert crab.region.code == "211122" and refused.region.code == "211121"
    # The testing agency was merged down the table; 备注 (with its bracketed remark) is the remarks column.
    assert {r.agency for r in results.values()} == {"盘锦市产品质量监督检验所"}
    assert first.remarks == "张三" and first.notes == {}
    # A producer with a valid credit code joins the register; one without stays as text.
    created = Enterprise.objects.get(uscc=NEW_USCC)
    assert new.sampled_unit == created and created.region.code == "211103"
    assert refused.producer is None and refused.producer_name == "外省某食品有限公司"
    # Audit: every row and the new enterprise have a "+" history row with the user and the batch.
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED and job.summary["created"] == 5 and job.user == office_user
    history = SpotCheckResult.history.filter(history_type="+")
    assert history.count() == 5
    assert {h.history_user_id for h in history} == {office_user.pk}
    assert all(f"#{job.pk}" in h.history_change_reason for h in history)
    assert created.history.get().history_user == office_user
    assert history.get(id=first.pk).remarks == first.remarks


def test_command_dry_run_writes_nothing(tmp_path, register):
    output, error = run_import(tmp_path, untidy_table(), "--level", "provincial", "--dry-run")
    assert error is None and "校验通过：5 行" in output
    assert not SpotCheckResult.objects.exists()
    assert not Enterprise.objects.filter(uscc=NEW_USCC).exists()


def test_bad_file_writes_nothing_and_names_excel_row_column_and_reason(tmp_path, register):
    bad_rows = [
        list(GOOD_ROWS[0]),
        [*GOOD_ROWS[1][:9], "待定", *GOOD_ROWS[1][10:]],  # an unknown conclusion
        [
            *GOOD_ROWS[2][:4],
            "胡家镇农贸市场",
            "",
            "胡家镇",
            *GOOD_ROWS[2][7:],
        ],  # no county, not in the register
        [*GOOD_ROWS[3][:5], NEW_USCC[:-1] + ("0" if NEW_USCC[-1] != "0" else "1"), *GOOD_ROWS[3][6:]],
        [*GOOD_ROWS[4][:8], dt.date(2014, 12, 1), *GOOD_ROWS[4][9:]],  # outside --year
    ]
    output, error = run_import(
        tmp_path, untidy_table(rows=[tuple(r) for r in bad_rows]), "--level", "municipal", "--year", "2015"
    )
    assert "4 处错误" in error and "未写入任何数据" in error
    lines = output.splitlines()
    assert f"第 {excel_row_of(2)} 行 · 检验结论 · 检验结论“待定”无法识别" in lines[0]
    assert lines[1] == (
        f"第 {excel_row_of(3)} 行 · 所在地 · 无法确定所在地区：“胡家镇”中没有盘锦市的县区，企业名录中也没有该受检单位。"
        "请填写所在县区或地址。"
    )
    assert lines[2].startswith(f"第 {excel_row_of(4)} 行 · 统一社会信用代码 · ") and "校验位错误" in lines[2]
    assert lines[3] == f"第 {excel_row_of(5)} 行 · 抽样日期 · 抽样日期 2014-12-01 不在 2015 年。"
    assert not SpotCheckResult.objects.exists()
    assert not Enterprise.objects.filter(uscc=NEW_USCC).exists()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.error_count == 4


def test_a_file_without_a_header_says_so(tmp_path, reference):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["随便", "什么"])
    buffer = BytesIO()
    workbook.save(buffer)
    output, error = run_import(tmp_path, buffer.getvalue(), "--level", "municipal", "--year", "2015")
    assert error and "未找到表头" in output


def test_web_upload_previews_then_imports_on_confirm(client_for, syj_user, register, food, run_on_commit):
    client = client_for(syj_user)
    upload = SimpleUploadedFile("2015一季度食品抽查.xlsx", untidy_table())
    with run_on_commit():
        response = client.post(
            reverse("inspections:import"),
            {"file": upload, "level": "municipal", "product_class": food.pk, "year": 2015},
        )
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.status == JobStatus.CHECKED and job.total == 5 and job.summary["new_enterprises"] == 1
    assert job.department.code == "syj"
    assert not SpotCheckResult.objects.exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "确认导入 5 行" in page and "盘锦大米" in page and "将新建企业 1 户" in page
    with run_on_commit():
        response = client.post(reverse("jobs:confirm", args=[job.pk]))
    imported = Job.objects.get(confirms=job)
    assert response.status_code == 302 and response.url == imported.get_absolute_url()
    assert imported.status == JobStatus.SUCCEEDED and imported.summary["created"] == 5
    assert imported.file.name == job.file.name and imported.department == job.department
    assert SpotCheckResult.objects.filter(import_job=imported, department__code="syj").count() == 5
    assert SpotCheckResult.history.filter(history_user=syj_user).count() == 5
    # Confirming twice imports nothing more.
    with run_on_commit():
        client.post(reverse("jobs:confirm", args=[job.pk]))
    assert SpotCheckResult.objects.count() == 5 and Job.objects.count() == 2


def test_web_upload_of_a_bad_file_lists_row_errors_and_writes_nothing(
    client_for, office_user, register, food, run_on_commit
):
    rows = [GOOD_ROWS[0], (*GOOD_ROWS[1][:9], "", *GOOD_ROWS[1][10:])]
    client = client_for(office_user)
    with run_on_commit():
        client.post(
            reverse("inspections:import"),
            {
                "file": SimpleUploadedFile("bad.xlsx", untidy_table(rows=rows)),
                "level": "municipal",
                "product_class": food.pk,
            },
        )
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.errors == [{"row": excel_row_of(2), "field": "检验结论", "reason": "检验结论为空。"}]
    page = client.get(job.get_absolute_url()).content.decode()
    assert f"第 {excel_row_of(2)} 行" in page and "没有写入任何数据" in page and "确认导入" not in page
    assert not SpotCheckResult.objects.exists()


def test_import_page_is_for_units_that_enter_results(client_for, role_users, county_user, leader_user):
    assert client_for(None).get(reverse("inspections:import")).status_code == 302
    assert client_for(county_user).get(reverse("inspections:import")).status_code == 403
    assert client_for(leader_user).get(reverse("inspections:import")).status_code == 403
    assert client_for(role_users["office"]).get(reverse("inspections:import")).status_code == 200
    assert client_for(role_users["department"]).get(reverse("inspections:import")).status_code == 200


def test_department_import_belongs_to_its_own_unit(client_for, department_user, food):
    """住建委 may import the checks it ran, whatever their class; they belong to 住建委, not 食药监局."""
    response = client_for(department_user).post(
        reverse("inspections:import"),
        {
            "file": SimpleUploadedFile("x.xlsx", untidy_table()),
            "level": "municipal",
            "product_class": food.pk,
        },
    )
    job = Job.objects.get()
    assert response.status_code == 302 and job.department == department_user.department


def test_other_users_job_is_not_found(client_for, syj_user, other_department_user, register, food):
    client_for(syj_user).post(
        reverse("inspections:import"),
        {
            "file": SimpleUploadedFile("x.xlsx", untidy_table()),
            "level": "municipal",
            "product_class": food.pk,
        },
    )
    job = Job.objects.get()
    other = client_for(other_department_user)
    assert other.get(job.get_absolute_url()).status_code == 404
    assert other.post(reverse("jobs:confirm", args=[job.pk])).status_code == 404
    assert not SpotCheckResult.objects.exists()


def test_import_template_has_the_recognised_headers(client_for, office_user):
    from openpyxl import load_workbook

    response = client_for(office_user).get(reverse("inspections:import_template"))
    headers = [c.value for c in load_workbook(BytesIO(response.content)).active[1]]
    assert headers[:2] == ["产品名称", "规格型号"] and "检验结论" in headers


def test_the_same_table_is_not_imported_twice(tmp_path, register):
    table, options = untidy_table(), ["--level", "municipal", "--year", "2015"]
    assert run_import(tmp_path, table, *options)[1] is None
    output, error = run_import(tmp_path, table, *options)
    assert error and "已由导入批次" in output and "重复计数" in output
    assert SpotCheckResult.objects.count() == 5


def test_rows_are_written_in_batches_while_the_rest_is_validated(
    tmp_path, register, office_user, monkeypatch
):
    from django.db import connection

    from inspections import importing

    # One row a batch: the result naming the new enterprise is written before the enterprise itself.
    monkeypatch.setattr(importing, "EMIT_ROWS", 1)
    output, error = run_import(
        tmp_path, untidy_table(), "--level", "municipal", "--year", "2015", "--user", office_user.username
    )
    assert error is None and "已导入 5 行" in output
    connection.check_constraints()  # the foreign keys PostgreSQL checks at commit hold
    created = Enterprise.objects.get(uscc=NEW_USCC)
    assert SpotCheckResult.objects.get(source_row=excel_row_of(4)).sampled_unit == created
    assert created.history.get().history_type == "+"
    assert SpotCheckResult.history.filter(history_type="+", history_user=office_user).count() == 5


def test_a_row_refused_after_batches_were_written_leaves_nothing(tmp_path, register, monkeypatch):
    from inspections import importing

    monkeypatch.setattr(importing, "EMIT_ROWS", 1)
    rows = [*GOOD_ROWS[:4], (*GOOD_ROWS[4][:8], dt.date(2014, 12, 1), *GOOD_ROWS[4][9:])]
    output, error = run_import(tmp_path, untidy_table(rows=rows), "--level", "municipal", "--year", "2015")
    assert "1 处错误" in error and "未写入任何数据" in error
    assert f"第 {excel_row_of(5)} 行 · 抽样日期 · 抽样日期 2014-12-01 不在 2015 年。" in output
    assert not SpotCheckResult.objects.exists() and not SpotCheckResult.history.exists()
    assert not Enterprise.objects.filter(uscc=NEW_USCC).exists()
    assert Job.objects.get().status == JobStatus.FAILED
