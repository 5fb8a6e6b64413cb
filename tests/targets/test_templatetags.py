"""How target figures print: rates to two decimals like the dashboards, other figures without trailing zeros."""

from decimal import Decimal

import pytest
from django.utils import translation

from targets.templatetags.targets_tags import figure


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("96"), "%", "96.00%"),
        (Decimal("97.5"), "%", "97.50%"),
        (Decimal("8.2500"), "%", "8.25%"),
        (Decimal("18"), "项", "18项"),
        (Decimal("30"), "项", "30项"),
        (Decimal("86.80"), "", "86.8"),
        (Decimal("0"), "件", "0件"),
        (None, "%", "—"),
    ],
)
def test_figure_formats_rates_and_counts(value, unit, text):
    with translation.override("zh-hans"):
        assert figure(value, unit) == text


def test_figure_groups_thousands_as_the_locale_does():
    with translation.override("en"):
        assert figure(Decimal("1234567"), "件") == "1,234,567件"
        assert figure(Decimal("12345.5"), "%") == "12,345.50%"
