"""The month key the nightly job groups by: kept by the database on every write path, read index-only."""

import datetime as dt

import pytest
from django.db import transaction

from core.bulk import insert_synthetic, insert_with_history
from inspections import services
from inspections.models import SpotCheckResult
from inspections.stats import pass_rate_totals
from organizations.models import Department, Region
from tests.grouping import columns_read, group_by_query, index_columns
from tests.inspections.factories import SpotCheckResultFactory

pytestmark = pytest.mark.django_db


def bulk_row(sampled_on: dt.date) -> dict:
    return {
        "level": "municipal",
        "product_class_id": SpotCheckResultFactory.build().product_class.pk,
        "sampled_on": sampled_on,
        "product_name": "盘锦大米",
        "producer_name": "盘锦测试米业有限公司",
        "region_id": Region.objects.get(code="211103").pk,
        "department_id": Department.objects.get(code="syj").pk,
        "conclusion": "pass",
    }


def month_of(pk: int) -> int:
    return SpotCheckResult.objects.filter(pk=pk).values_list("sampled_month", flat=True).get()


def test_sampled_month_follows_saves_imports_and_copy(reference, office_user):
    entered = SpotCheckResultFactory(sampled_on=dt.date(2015, 12, 31))
    assert month_of(entered.pk) == 201512
    entered.sampled_on = dt.date(2016, 1, 1)
    services.result_save(result=entered, user=office_user)
    assert month_of(entered.pk) == 201601
    with transaction.atomic():
        imported = insert_with_history(SpotCheckResult, [bulk_row(dt.date(2014, 2, 28))], user=office_user)
        synthetic = insert_synthetic(SpotCheckResult, [bulk_row(dt.date(2017, 7, 1))])
    assert [month_of(pk) for pk in (*imported, *synthetic)] == [201402, 201707]
    # The month is derived from the audited date, so the audit trail leaves it out.
    history_fields = {f.name for f in SpotCheckResult.history.model._meta.fields}
    assert "sampled_on" in history_fields and "sampled_month" not in history_fields
    assert SpotCheckResult.history.filter(id=imported[0], history_type="+").exists()


def test_a_refresh_of_a_year_stops_at_its_last_day(reference):
    SpotCheckResultFactory(sampled_on=dt.date(2015, 12, 31))
    SpotCheckResultFactory(sampled_on=dt.date(2016, 1, 1))
    city = Region.objects.city().pk
    assert pass_rate_totals([2015])[(city, "2015", "", "")] == [1, 1]
    assert {key[1][:4] for key in pass_rate_totals([2015])} == {"2015"}


def test_pass_rates_read_only_the_covering_index(reference):
    # Exactly the columns of the covering index and no join: PostgreSQL can answer from the index alone.
    sql = group_by_query(lambda: pass_rate_totals([2015]), SpotCheckResult)
    assert columns_read(sql, SpotCheckResult) == index_columns(SpotCheckResult, "result_month_idx")
    assert "JOIN" not in sql
