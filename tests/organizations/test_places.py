"""A county from what a row says: codes, names, short names, addresses; places outside the city; 大洼县 → 大洼区."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from organizations.models import Region
from organizations.places import RegionNames
from organizations.uscc import make_org_code, make_uscc, org_code_of, validate_org_code

BEFORE, AFTER = dt.date(2016, 3, 19), dt.date(2016, 3, 20)  # 国函〔2016〕53号


@pytest.fixture
def names(reference):
    return RegionNames()


def code_of(pk):
    return Region.objects.get(pk=pk).code if pk else None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text, on, code",
    [
        ("辽宁省盘锦市兴隆台区石油大街 88 号", None, "211103"),
        ("兴隆台", None, "211103"),
        ("兴隆台区北京路 12 号", None, "211103"),  # a street named after another city is still ours
        ("盘锦市大洼县田家镇", BEFORE, "211121"),
        ("盘锦市大洼县田家镇", AFTER, "211104"),  # the old name written after the change
        ("大洼区", BEFORE, "211121"),
        ("大洼", None, "211104"),
        ("211121", AFTER, "211104"),
        ("辽东湾", None, "2111A1"),
        ("辽河口", None, "2111A2"),
        ("天津市蓟州区盘山镇", None, None),  # 盘山 in Tianjin is not 盘山县
        ("盘锦市", None, None),
    ],
)
def test_region_found_in_text(names, text, on, code):
    assert code_of(names.find(text, on)) == code


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text, place",
    [
        ("沈阳市和平区太原街 1 号", "沈阳市"),
        ("辽宁省鞍山市铁东区", "鞍山市"),
        ("北京", "北京"),
        ("河北省廊坊市", "河北省"),
        ("沈阳某某超市有限公司", "沈阳"),
        ("北京华联盘锦兴隆台店", None),  # a chain's shop in the city
        ("兴隆台区北京路 12 号", None),
        ("盘锦市上海路超市", None),
        ("辽宁省", None),
    ],
)
def test_places_outside_the_city(names, text, place):
    assert names.elsewhere(text) == place


def test_organisation_code_check_character_and_the_credit_code_that_embeds_it():
    assert make_org_code("D2143569") == "D2143569X"  # the example of GB 11714
    validate_org_code("D2143569-X")
    with pytest.raises(ValidationError, match="校验码错误"):
        validate_org_code("D2143569-1")
    with pytest.raises(ValidationError, match="应为8位"):
        validate_org_code("1234")
    uscc = make_uscc("91211103" + make_org_code("24156789"))
    assert org_code_of(uscc) == make_org_code("24156789")
