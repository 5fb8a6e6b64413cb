"""Reading untidy tables: headers by their text, conclusions, dates mixed with batch numbers, places."""

import datetime as dt

import pytest

from inspections import importing
from inspections.choices import Conclusion


@pytest.mark.parametrize(
    "header, column",
    [
        ("生产日期\n/批号", "production"),
        ("受检单位　名称", "sampled_unit_name"),
        (" 检验结论 ", "conclusion"),
        ("产品名称（商品名）", "product_name"),
        ("标称生产企业名称", "producer_name"),
        ("主要不合格项目", "failed_items"),
    ],
)
def test_headers_are_recognised_however_written(header, column):
    assert importing.HEADERS.field_of(header) == column


@pytest.mark.parametrize(
    "text, expected",
    [
        (" 合格", (Conclusion.PASS, "")),
        ("不合格 ", (Conclusion.FAIL, "")),
        ("P", (Conclusion.PASS, "")),
        ("f", (Conclusion.FAIL, "")),
        ("企业拒检", (Conclusion.NOT_TESTED, "企业拒检")),
        ("移送稽查", (Conclusion.NOT_TESTED, "移送稽查")),
        ("待定", (None, "")),
    ],
)
def test_conclusions(text, expected):
    assert importing.parse_conclusion(importing.clean_text(text)) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (dt.date(2015, 3, 2), (dt.date(2015, 3, 2), "")),
        (dt.datetime(2015, 3, 2, 8, 0), (dt.date(2015, 3, 2), "")),
        ("2015.3.2", (dt.date(2015, 3, 2), "")),
        ("2015年3月2日", (dt.date(2015, 3, 2), "")),
        ("2015-03-02", (dt.date(2015, 3, 2), "")),
        ("20150302批", (dt.date(2015, 3, 2), "20150302批")),
        (20150302.0, (dt.date(2015, 3, 2), "")),
        ("批号：A123", (None, "A123")),
        ("2015.3.2/B15", (dt.date(2015, 3, 2), "2015.3.2/B15")),
        ("20151399", (None, "20151399")),
        ("", (None, "")),
    ],
)
def test_production_dates_and_batches(value, expected):
    assert importing.cell_date(value) == expected


def test_table_is_found_below_titles_and_stops_at_the_notes():
    rows = [
        ["某某抽查结果", "", ""],
        ["", "", ""],
        ["序号", "产品名称", "检验结论", "受检单位名称"],
        [1, "大米", "合格", "甲"],
        ["", "", "", ""],
        [2, "大米", "不合格", "乙"],
        ["合计", "", "", ""],
        ["注：1. 说明", "", "", ""],
        [3, "不是数据", "合格", "丙"],
    ]
    table = importing.locate(rows)
    assert table.header_row == 3
    assert [row for row, _ in table.rows] == [4, 6]


def test_a_table_without_conclusion_column_is_refused():
    with pytest.raises(importing.TableError, match="检验结论"):
        importing.locate([["产品名称", "受检单位名称", "规格型号"], ["大米", "甲", "5kg"]])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "place, code",
    [
        ("盘锦市兴隆台区", "211103"),
        ("兴隆台区", "211103"),
        ("辽宁省盘锦市盘山县", "211122"),
        ("大洼县", "211121"),
        ("大洼", "211104"),
        ("辽河口生态经济区", "2111A2"),
        ("盘锦市", None),
        ("沈阳市和平区", None),
    ],
)
def test_places_to_regions(reference, place, code):
    from organizations.models import Region

    found = importing.Lookups().places.find(place)
    assert (Region.objects.get(pk=found).code if found else None) == code


@pytest.mark.parametrize(
    "text, expected",
    [
        ("本次共抽查 120 批次产品，合格 112 批次，不合格 8 批次。", (120, 112)),
        ("共抽检食品40批次，不合格3批次", (40, 37)),
        ("本次共抽查电器产品４０批次，合格３７批次", (40, 37)),  # full-width digits
        ("合计 12 批次", None),
        ("共抽查 10 批次，合格 12 批次", None),  # more passed than inspected: not a statement
        ("注：不合格产品已责令整改。", None),
    ],
)
def test_bulletin_totals_as_written(text, expected):
    found = importing.parse_statement(text)
    assert ((found.inspected, found.passed) if found else None) == expected


@pytest.mark.parametrize(
    "text, kind",
    [
        ("2015年辽宁省食品安全风险监测", "monitoring"),
        ("电线电缆专项抽查", "special"),
        ("2015年国家监督抽查", "supervision"),
        ("抽查结果", None),
    ],
)
def test_kind_of_check_from_the_text(text, kind):
    assert importing.parse_check_kind(text) == kind


def test_a_header_over_two_rows_is_read_as_one():
    from core.importing import find_header

    rows = [
        ["某某公告", "某某公告", "某某公告", "某某公告"],
        ["产品名称", "被抽样单位", "被抽样单位", "检验结论"],
        ["产品名称", "名称", "地址", "检验结论"],
        ["大米", "甲", "盘锦市兴隆台区", "合格"],
    ]
    header = find_header(rows, importing.HEADERS)
    assert (header.first, header.last) == (1, 2)
    assert header.columns == {
        "product_name": 0,
        "sampled_unit_name": 1,
        "sampled_unit_address": 2,
        "conclusion": 3,
    }
    # A title merged above a one-row header is not part of it.
    single = find_header(
        [rows[0], ["产品名称", "受检单位名称", "检验结论"], ["大米", "甲", "合格"]], importing.HEADERS
    )
    assert (single.first, single.last) == (1, 1)


def test_a_row_error_names_its_sheet_only_when_there_are_several():
    from core.importing import RowError

    assert (
        str(RowError(5, "食品名称", "产品名称为空。", "不合格产品信息"))
        == "工作表“不合格产品信息”第 5 行 · 食品名称 · 产品名称为空。"
    )
    assert RowError(5, "食品名称", "产品名称为空。").as_dict() == {
        "row": 5,
        "field": "食品名称",
        "reason": "产品名称为空。",
    }
