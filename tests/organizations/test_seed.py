import io

import pytest
from django.core.management import call_command

from organizations.models import Department, Region


@pytest.mark.django_db
def test_seed_reference_is_idempotent(reference):
    counts = (Region.objects.count(), Department.objects.count())
    history = (Region.history.count(), Department.history.count())
    out = io.StringIO()
    call_command("seed_reference", stdout=out)
    assert (Region.objects.count(), Department.objects.count()) == counts
    # A second run changes nothing, so it records no history either.
    assert (Region.history.count(), Department.history.count()) == history
    assert "0 changed" in out.getvalue()


@pytest.mark.django_db
def test_seed_regions_follow_the_policy_and_gbt2260(reference):
    city = Region.objects.city()
    assert (city.code, city.name) == ("211100", "盘锦市")
    counties = {r.code: r.name for r in Region.objects.counties()}
    # The four counties/districts of today and the two functional zones addressed by the policy.
    assert counties == {
        "211102": "双台子区",
        "211103": "兴隆台区",
        "211104": "大洼区",
        "211122": "盘山县",
        "2111A1": "辽东湾新区",
        "2111A2": "辽河口生态经济区",
    }
    dawa = Region.objects.get(code="211121")
    assert dawa.valid_until is not None and dawa.successor.code == "211104"
    assert not Region.objects.get(code="2111A1").national_code


@pytest.mark.django_db
def test_seed_departments_cover_the_annex(reference):
    # The annex lists 27 member units besides the city government, its general office and the bureau.
    assert Department.objects.count() == 29
    office = Department.objects.get(is_office=True)
    assert office.short_name == "质监局" and office.member_name == "冯世宽"
    assert Department.objects.get(code="zjw").name == "盘锦市住房和城乡建设委员会"


@pytest.mark.django_db
def test_seed_repairs_an_edited_row(reference):
    Region.objects.filter(code="211122").update(name="改错的名字")
    call_command("seed_reference", stdout=io.StringIO())
    assert Region.objects.get(code="211122").name == "盘山县"
