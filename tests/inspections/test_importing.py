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
