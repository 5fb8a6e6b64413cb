"""The enterprise quality record: every app's section, each scoped like its own pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.uscc import make_uscc
from tests.factories import EnterpriseFactory


@pytest.fixture
def enterprise(county):
    return EnterpriseFactory(
        name="盘锦档案测试食品有限公司", uscc=make_uscc("91211103MA00000R1"), region=county
    )


@pytest.mark.django_db
def test_enterprise_record_shows_checks_awards_and_complaints(client_for, office_user, enterprise, county):
    from brands.models import Award, AwardType
    from complaints import services as complaint_services
    from complaints.models import Complaint
    from tests.inspections.factories import SpotCheckResultFactory

    SpotCheckResultFactory(
        product_name="速冻水饺",
        producer=enterprise,
        sampled_unit=enterprise,
        region=county,
        conclusion="fail",
        failed_items="菌落总数",
        sampled_on=dt.date(2015, 5, 4),
    )
    Award.objects.create(
        award_type=AwardType.objects.get(code="panjin_brand"),
        enterprise=enterprise,
        product="速冻水饺",
        year=2015,
        certificate_no="PJ-2015-900",
        valid_from=dt.date(2015, 6, 1),
        valid_until=dt.date(2018, 5, 31),
    )
    complaint_services.complaint_receive(
        user=office_user,
        complaint=Complaint(
            number="12365-T-0001",
            hotline_id="12365",
            received_at=timezone.now(),
            kind="complaint",
            domain="food",
            region=county,
            enterprise=enterprise,
            subject="水饺有异味",
            complainant_name="王小明",
            complainant_phone="13812341234",
        ),
    )
    html = client_for(office_user).get(enterprise.get_absolute_url()).content.decode()
    for text in [
        "监督抽查",
        "速冻水饺",
        "菌落总数",
        "不合格 1 批次",
        "获奖与名牌",
        "盘锦名牌产品",
        "投诉举报",
        "水饺有异味",
    ]:
        assert text in html, text


@pytest.mark.django_db
def test_enterprise_record_of_another_county_hides_its_records(client_for, other_county_user, enterprise):
    response = client_for(other_county_user).get(enterprise.get_absolute_url())
    assert response.status_code == 200  # the register entry itself is public within the portal
    html = response.content.decode()
    assert "没有您可查看的抽查记录" in html and "没有涉及该企业的投诉举报" in html


@pytest.mark.django_db
def test_enterprise_record_marks_an_expired_award(client_for, office_user, enterprise):
    from brands.models import Award, AwardType

    brand = AwardType.objects.get(code="panjin_brand")
    for year, until in [(2013, dt.date(2016, 9, 2)), (2099, dt.date(2102, 5, 31))]:
        Award.objects.create(
            award_type=brand,
            enterprise=enterprise,
            product=f"产品{year}",
            year=year,
            certificate_no=f"PJ-{year}-1",
            valid_from=dt.date(year, 6, 1),
            valid_until=until,
        )
    html = client_for(office_user).get(enterprise.get_absolute_url()).content.decode()
    # One badge: the award that ran out in 2016, not the one still in force.
    assert html.count("已到期") == 1 and "有效期至 2016-09-02" in html and "有效期至 2102-05-31" in html
    assert f'href="{reverse("organizations:enterprise_list")}">企业</a>' in html  # the breadcrumb
