"""Bulletins as published — municipal, provincial, national, food-safety, totals only — go in as they are,
through the command and the web, and the pass rates they give match a count by hand."""

import datetime as dt
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from core import stats
from core.models import Job, JobStatus, Statistic
from inspections.choices import CheckKind, Conclusion, Counted, Level
from inspections.models import ProductClass, SpotCheckResult, SpotCheckTotal
from organizations.models import Enterprise, Region
from organizations.uscc import make_uscc
from tests.factories import EnterpriseFactory
from tests.inspections import bulletins
from tests.inspections.bulletins import Sheet, first_data_row, workbook
from tests.inspections.workbooks import GOOD_ROWS, untidy_table

pytestmark = pytest.mark.django_db
METRIC = "inspections.pass_rate"


@pytest.fixture
def register(reference):
    """The enterprises of the register the bulletins name, written with full-width brackets."""
    return {
        "dingxin": EnterpriseFactory(
            name=bulletins.DINGXIN_NAME, uscc=bulletins.DINGXIN_USCC, region=Region.objects.get(code="211103")
        ),
        "cable": EnterpriseFactory(
            name=bulletins.CABLE_NAME, uscc=bulletins.CABLE_USCC, region=Region.objects.get(code="211122")
        ),
    }


def run_import(tmp_path, content: bytes, *options: str) -> tuple[str, str | None]:
    path = tmp_path / "公告.xlsx"
    path.write_bytes(content)
    out = StringIO()
    try:
        call_command("import_spotchecks", str(path), *options, stdout=out)
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def figure(region, period="2015", level="", product_class=""):
    row = Statistic.objects.current().get(
        metric=METRIC, region__code=region, period=period, dim1=level, dim2=product_class
    )
    return int(row.numerator), int(row.denominator)


def test_municipal_table_of_the_usual_shape(tmp_path, register):
    """The issue's table: address-only counties, 抽查 结果, dates five ways, a 沈阳 producer at a 兴隆台 shop."""
    sheet = bulletins.municipal()
    output, error = run_import(
        tmp_path, workbook(sheet), "--level", "municipal", "--product-class", "food", "--year", "2015"
    )
    assert error is None, output
    assert "已导入 8 行" in output
    rows = {
        r.source_row - first_data_row(sheet) + 1: r for r in SpotCheckResult.objects.select_related("region")
    }
    assert {n: rows[n].region.code for n in rows} == {
        1: "211103",  # 辽宁省盘锦市兴隆台区石油大街
        2: "211103",  # 兴隆台
        3: "211121",  # 盘锦市大洼县… in the unit's name, sampled before 2016-03-20
        4: "211122",
        5: "211121",  # no place: the producer is the sampled unit, its address says 大洼县
        6: "2111A2",
        7: "211102",
        8: "2111A1",
    }
    assert [rows[n].sampled_on for n in (1, 2, 3, 5, 6)] == [
        dt.date(2015, 3, 2),
        dt.date(2015, 3, 2),
        dt.date(2015, 3, 9),
        dt.date(2015, 3, 20),
        dt.date(2015, 4, 1),
    ]
    # The register's enterprise, named with full-width brackets, is matched; a 沈阳 producer is kept as written.
    assert rows[1].producer == register["dingxin"] and not rows[1].producer_outside
    shenyang = rows[2]
    assert shenyang.producer is None and shenyang.producer_outside
    assert (shenyang.producer_name, shenyang.producer_address) == (
        "沈阳禾丰米业有限公司",
        "沈阳市于洪区禾丰路 8 号",
    )
    assert shenyang.failed_items == "标签；净含量"
    # 天津市蓟州区盘山镇 is not 盘山县.
    assert rows[8].producer_outside and rows[8].region.code == "2111A1"
    assert rows[5].sampled_unit_name == bulletins.NEW_FOOD_NAME  # full-width brackets kept as written
    assert rows[7].conclusion == Conclusion.NOT_TESTED and rows[7].counted == Counted.NOT_TESTED
    assert "3 行的生产企业在市外" in output and "对应企业名录中的企业 1 户" in output


def test_provincial_table_with_a_two_row_header_sets_other_cities_aside(tmp_path, register):
    sheet = bulletins.provincial()
    output, error = run_import(
        tmp_path,
        workbook(sheet),
        "--level",
        "provincial",
        "--product-class",
        "building_materials",
        "--year",
        "2015",
    )
    assert error is None, output
    first = first_data_row(sheet)
    assert f"跳过 第 {first} 行 · 沈阳建材市场某商行 · 受检单位在沈阳市" in output
    assert "跳过受检单位在市外的 3 行（不是错误）" in output
    # The province's totals are not the city's: noted, not counted.
    assert "含市外批次，未计入本市合格率" in output and not SpotCheckTotal.objects.exists()
    rows = {r.source_row - first + 1: r for r in SpotCheckResult.objects.select_related("region")}
    assert sorted(rows) == [2, 4, 5, 7]
    assert {n: r.region.code for n, r in rows.items()} == {2: "211103", 4: "211122", 5: "211102", 7: "211121"}
    assert rows[4].sampled_unit == register["cable"]  # found by name in the register
    assert rows[5].producer_outside and rows[5].producer_address == "浙江省杭州市"
    job = Job.objects.get()
    assert job.summary["outside_rows"] == 3
    assert job.summary["skipped_reasons"] == {
        "受检单位在沈阳市": 1,
        "受检单位在大连市": 1,
        "受检单位在鞍山市": 1,
    }
    assert job.summary["columns"]["sampled_unit_name"] == "被抽样单位名称"
    assert job.summary["columns"]["city"] == "被抽样单位所在市"


def test_national_bulletin_of_producers_with_organisation_codes_and_a_retest(tmp_path, register):
    sheet = bulletins.national()
    output, error = run_import(
        tmp_path, workbook(sheet), "--level", "national", "--product-class", "cables", "--year", "2015"
    )
    assert error is None, output
    rows = {
        r.source_row - first_data_row(sheet) + 1: r for r in SpotCheckResult.objects.select_related("region")
    }
    # The organisation code (with or without its hyphen) finds the enterprise whose credit code embeds it.
    assert rows[1].producer == rows[2].producer == register["cable"]
    assert rows[1].region.code == "211122" and rows[3].region.code == "211102"  # from the producer's address
    # The re-test's verdict is the one that counts; the first one stays on record.
    assert (rows[2].conclusion, rows[2].retest_conclusion, rows[2].counted) == ("fail", "pass", "pass")
    assert rows[3].counted == Counted.FAIL and rows[3].producer is None
    assert "1 行有复检结论（以复检结论计入合格率）" in output


def test_a_wrong_organisation_code_is_refused_with_its_row(tmp_path, register):
    sheet = bulletins.national()
    sheet.rows[0][4] = bulletins.CABLE_ORG[:8] + ("0" if bulletins.CABLE_ORG[8] != "0" else "1")
    output, error = run_import(
        tmp_path, workbook(sheet), "--level", "national", "--product-class", "cables", "--year", "2015"
    )
    assert error and "1 处错误" in error
    assert output.splitlines()[0].startswith(f"第 {first_data_row(sheet)} 行 · 组织机构代码 · 组织机构代码")
    assert "校验码错误" in output and not SpotCheckResult.objects.exists()


def food_upload(content=None):
    return SimpleUploadedFile("食品安全抽检信息.xlsx", content or workbook(*bulletins.food_safety()))


def test_food_safety_lists_on_two_sheets_through_the_web(client_for, syj_user, register, run_on_commit):
    client = client_for(syj_user)
    processed = ProductClass.objects.get(code="processed_food")
    with run_on_commit():
        response = client.post(
            reverse("inspections:import"),
            {"file": food_upload(), "level": "provincial", "product_class": processed.pk, "year": 2015},
        )
    job = Job.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.CHECKED, job.errors
    summary = job.summary
    assert (summary["rows"], summary["created"], summary["outside_rows"], summary["monitoring"]) == (
        6,
        5,
        1,
        1,
    )
    assert [s["name"] for s in summary["sheets"]] == ["不合格产品信息", "合格产品信息"]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "工作表“合格产品信息”第 4 行 · 沈阳市和平区某超市 · 受检单位在沈阳市" in page
    assert "风险监测 1 行（留存，不计入合格率）" in page and "工作表 说明 中没有抽查结果表，未读取" in page
    assert not SpotCheckResult.objects.exists()
    with run_on_commit():
        client.post(reverse("jobs:confirm", args=[job.pk]))
    assert Job.objects.get(confirms=job).status == JobStatus.SUCCEEDED
    results = {
        (r.product_name, r.sampled_unit_name): r for r in SpotCheckResult.objects.select_related("region")
    }
    soy = results[("酱油", "盘锦市兴隆台区佳佳超市")]
    # No conclusion column: the sheet says 不合格; 检验结果 and 标准值 go with the failed item.
    assert soy.conclusion == Conclusion.FAIL and soy.region.code == "211103"
    assert soy.failed_items == "氨基酸态氮（检验结果：0.32g/100mL；标准值：≥0.4g/100mL）"
    assert (soy.category, soy.bulletin_no, soy.task_source) == (
        "调味品",
        "2015年第18号",
        "2015年辽宁省食品安全监督抽检",
    )
    biscuits = results[("饼干", "盘锦市双台子区好又多商店")]
    assert biscuits.failed_items.startswith("菌落总数；霉菌（") and biscuits.remarks == "复检中"
    assert biscuits.producer_outside
    milk = results[("巴氏杀菌乳", "盘山县城郊乳品店")]
    assert milk.check_kind == CheckKind.MONITORING and milk.counted == Counted.MONITORING
    vinegar = results[("食醋", "盘锦市大洼县西安镇河畔超市")]
    assert vinegar.conclusion == Conclusion.PASS and vinegar.region.code == "211121"


def test_a_bad_row_on_one_of_several_sheets_names_the_sheet(client_for, office_user, register, run_on_commit):
    sheets = bulletins.food_safety()
    sheets[0].rows[1][5] = ""  # no product name
    processed = ProductClass.objects.get(code="processed_food")
    with run_on_commit():
        client_for(office_user).post(
            reverse("inspections:import"),
            {
                "file": food_upload(workbook(*sheets)),
                "level": "provincial",
                "product_class": processed.pk,
                "year": 2015,
            },
        )
    job = Job.objects.get()
    row = first_data_row(sheets[0]) + 1
    assert job.status == JobStatus.FAILED
    assert job.error_lines == [f"工作表“不合格产品信息”第 {row} 行 · 食品名称 · 产品名称为空。"]
    assert not SpotCheckResult.objects.exists()


@pytest.mark.parametrize("emit_rows", [None, 1])
def test_totals_only_bulletin_counts_its_totals(tmp_path, reference, monkeypatch, emit_rows):
    """With one row a batch, the rows are written before the totals (stated below the table) are known: they are
    rolled back and written once more, pointing to the totals entry, with one history row each."""
    from inspections import importing

    if emit_rows:
        monkeypatch.setattr(importing, "EMIT_ROWS", emit_rows)
    output, error = run_import(
        tmp_path,
        workbook(bulletins.totals_only()),
        "--level",
        "municipal",
        "--product-class",
        "manufacturing",
        "--sampled-on",
        "2015-09-15",
    )
    assert error is None, output
    assert "按公告合计计入合格率：共抽查 40 批次，合格 37 批次（表中列出 3 批次）" in output
    total = SpotCheckTotal.objects.get()
    assert (total.inspected, total.passed, total.region.code) == (40, 37, "211100")
    assert total.history.get().history_change_reason.startswith("Excel 导入批次")
    listed = SpotCheckResult.objects.all()
    assert listed.count() == 3 and {r.counted for r in listed} == {Counted.IN_TOTAL}
    assert {r.total_id for r in listed} == {total.pk} and SpotCheckResult.history.count() == 3
    assert {r.conclusion for r in listed} == {Conclusion.FAIL}


def test_totals_that_the_listed_rows_contradict_are_refused(tmp_path, reference):
    output, error = run_import(
        tmp_path,
        workbook(bulletins.totals_only()),
        "--level",
        "municipal",
        "--product-class",
        "manufacturing",
        "--sampled-on",
        "2015-09-15",
        "--inspected",
        "40",
        "--passed",
        "38",
    )
    assert error and "表中列出 3 批次（合格 0 批次），与合计“共抽查 40 批次，合格 38 批次”不符" in output
    assert not SpotCheckResult.objects.exists() and not SpotCheckTotal.objects.exists()


def test_pass_rates_of_every_shape_match_a_count_by_hand(tmp_path, register):
    for content, options in [
        (
            workbook(bulletins.municipal()),
            ["--level", "municipal", "--product-class", "food", "--year", "2015"],
        ),
        (
            workbook(bulletins.provincial()),
            ["--level", "provincial", "--product-class", "building_materials", "--year", "2015"],
        ),
        (
            workbook(bulletins.national()),
            ["--level", "national", "--product-class", "cables", "--year", "2015"],
        ),
        (
            workbook(*bulletins.food_safety()),
            ["--level", "provincial", "--product-class", "processed_food", "--year", "2015"],
        ),
        (
            workbook(bulletins.totals_only()),
            ["--level", "municipal", "--product-class", "manufacturing", "--sampled-on", "2015-09-15"],
        ),
    ]:
        assert run_import(tmp_path, content, *options)[1] is None
    run = stats.run_now()
    assert run.status == "succeeded", run.error
    # Municipal food (8 rows, 1 refused): 5 of 7; by county as the addresses said, 大洼县 counted for 大洼区.
    assert figure("211100", "2015", "municipal", "food") == (5, 7)
    assert figure("211103", "2015", "municipal", "food") == (1, 2)
    assert figure("211104", "2015", "municipal", "food") == (1, 2)
    # Provincial building materials: the city's 4 rows, 3 passed (other cities' rows and totals not counted).
    assert figure("211100", "2015", "provincial", "building_materials") == (3, 4)
    # National cables: the failed sample that passed its re-test counts as passed: 2 of 3.
    assert figure("211100", "2015", "national", "cables") == (2, 3)
    assert figure("211122", "2015", "national", "cables") == (2, 2)
    # Food-safety lists: 2 passed, 2 failed; monitoring and the 沈阳 shop not counted.
    assert figure("211100", "2015", "provincial", "processed_food") == (2, 4)
    # Totals only: 37 of 40 for the city, counted once; the listed batches add nothing to their counties.
    assert figure("211100", "2015", "municipal", "manufacturing") == (37, 40)
    assert figure("211100", "2015-Q3", "municipal", "manufacturing") == (37, 40)
    assert figure("211103", "2015", "municipal", "manufacturing") == (0, 0)
    # Everything: 5 + 3 + 2 + 2 + 37 passed of 7 + 4 + 3 + 4 + 40.
    assert figure("211100", "2015") == (49, 58)
    assert figure("211100", "2015", "provincial_above") == (7, 11)


def test_dawa_county_after_its_change_counts_as_the_district(tmp_path, reference):
    sheet = Sheet(
        name="抽查结果",
        header=[["产品名称", "被抽样单位名称", "被抽样单位地址", "抽样日期", "检验结论"]],
        rows=[
            ["大米", "红星商店", "盘锦市大洼县田庄台镇", "2016-03-19", "合格"],
            ["大米", "红旗商店", "盘锦市大洼县田庄台镇", "2016-03-20", "合格"],
        ],
    )
    assert run_import(tmp_path, workbook(sheet), "--level", "municipal", "--product-class", "food")[1] is None
    assert dict(SpotCheckResult.objects.values_list("sampled_unit_name", "region__code")) == {
        "红星商店": "211121",
        "红旗商店": "211104",
    }


def test_same_name_with_another_credit_code_is_a_conflict_not_a_second_enterprise(tmp_path, register):
    other = make_uscc("91211103MA0THER01")
    rows = [(*GOOD_ROWS[3][:4], "盘锦鼎信粮油(集团)有限公司", other, *GOOD_ROWS[3][6:])]
    output, error = run_import(
        tmp_path, untidy_table(rows=rows), "--level", "municipal", "--product-class", "food", "--year", "2015"
    )
    assert error and "1 处错误" in error
    assert "企业名称冲突：企业名录中的“盘锦鼎信粮油（集团）有限公司”统一社会信用代码为" in output
    assert bulletins.DINGXIN_USCC in output and other in output
    assert Enterprise.objects.filter(name_key=register["dingxin"].name_key).count() == 1
    assert not SpotCheckResult.objects.exists()


def test_a_new_enterprise_keeps_its_name_as_written(tmp_path, register):
    code = make_uscc("91211103MA0FULL01")
    rows = [(*GOOD_ROWS[3][:4], "盘锦新村食品（兴隆台）有限公司", code, *GOOD_ROWS[3][6:])]
    output, error = run_import(
        tmp_path, untidy_table(rows=rows), "--level", "municipal", "--product-class", "food", "--year", "2015"
    )
    assert error is None, output
    created = Enterprise.objects.get(uscc=code)
    assert created.name == "盘锦新村食品（兴隆台）有限公司" and created.region.code == "211103"
    assert SpotCheckResult.objects.get().sampled_unit == created


def test_a_table_of_other_cities_only_imports_nothing_and_says_why(tmp_path, reference):
    sheet = bulletins.provincial()
    sheet.rows = [r for r in sheet.rows if r[3] != "盘锦市"]
    output, error = run_import(
        tmp_path,
        workbook(sheet),
        "--level",
        "provincial",
        "--product-class",
        "building_materials",
        "--year",
        "2015",
    )
    assert error and "表中没有盘锦市的抽查结果：3 行的受检单位都在市外" in output


def test_monitoring_results_are_kept_but_not_counted(reference):
    from tests.inspections.factories import SpotCheckResultFactory

    SpotCheckResultFactory(conclusion=Conclusion.PASS)
    SpotCheckResultFactory(conclusion=Conclusion.FAIL, check_kind=CheckKind.MONITORING)
    SpotCheckResultFactory(conclusion=Conclusion.FAIL, retest_conclusion=Conclusion.PASS)
    stats.run_now()
    assert figure("211103", "2015-03", Level.MUNICIPAL, "food") == (2, 2)
