import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.periods import Period


@pytest.mark.parametrize("code", ["2015", "2015-Q3", "2015-07"])
def test_period_roundtrip(code):
    assert str(Period.parse(code)) == code


@pytest.mark.parametrize("code", ["15", "2015-Q5", "2015-13", "2015-7", "2015Q1", "1999", "abcd"])
def test_period_rejects_bad_codes_in_chinese(code):
    with pytest.raises(ValidationError) as info:
        Period.parse(code)
    assert "期间" in info.value.messages[0]


def test_period_bounds_and_containment():
    q3 = Period.parse("2015-Q3")
    assert (q3.start, q3.end) == (dt.date(2015, 7, 1), dt.date(2015, 9, 30))
    assert Period.parse("2016-02").end == dt.date(2016, 2, 29)
    assert Period.parse("2015").contains(q3) and q3.contains(Period.parse("2015-08"))
    assert not q3.contains(Period.parse("2015-10"))
    assert [str(p) for p in q3.months()] == ["2015-07", "2015-08", "2015-09"]
    assert str(Period.parse("2015-Q1").previous()) == "2014-Q4"
    assert str(Period.parse("2015-01").previous()) == "2014-12"
    assert sorted(map(Period.parse, ["2015-07", "2015", "2014-Q4", "2015-Q3"])) == list(
        map(Period.parse, ["2014-Q4", "2015", "2015-Q3", "2015-07"])
    )
