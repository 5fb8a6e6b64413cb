"""The assessment reports' Excel writes what people typed as text, never as a formula."""

import io

import pytest
from openpyxl import load_workbook

from assessments.models import Item
from tests.core.test_export_text import PAYLOADS, as_read, text_cells

pytestmark = pytest.mark.django_db
BASE = "/api/v1/assessments"


def test_annual_and_county_excel_keep_formula_like_item_names_as_text(api_for, leader_user, announced):
    items = list(announced.items.order_by("pk")[: len(PAYLOADS)])
    for item, payload in zip(items, PAYLOADS, strict=True):
        Item.objects.filter(pk=item.pk).update(name=payload)
    for path in ("annual/2015.xlsx", "county/2015/211103.xlsx"):
        response = api_for(leader_user).get(f"{BASE}/reports/{path}")
        assert response.status_code == 200, path
        cells = text_cells(response.content)
        assert {p: cells.get(as_read(p)) for p in PAYLOADS} == dict.fromkeys(PAYLOADS, "s"), path
        scores = load_workbook(io.BytesIO(response.content))["逐项得分"]
        # Points stay numbers beside the text.
        assert all(isinstance(row[4], int | float) for row in scores.iter_rows(min_row=2, values_only=True))
