"""The one COPY writer (core.bulk): every character a text cell can hold comes back as it went in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, models, transaction
from django.test.utils import isolate_apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import bulk
from core.models import Statistic
from core.stats import StepContext
from inspections.models import SpotCheckResult
from organizations.models import Department, Region
from tests.dashboards.factories import StatsRunFactory
from tests.inspections.factories import SpotCheckResultFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

# What COPY's text format treats specially, what the old writer got wrong (U+0001), and the far planes.
AWKWARD = [
    "a\tb",
    "a\nb",
    "a\r\nb",
    "\\",
    "\\N",
    "\\.",
    "A\x01B",
    "行\u2028分隔",
    "😀 emoji",
    "",
    " ",
    "\x7f\x1b",
]


@pytest.fixture
def cell_table():
    """A scratch table with a nullable text column, so NULL and '' can be told apart."""
    with isolate_apps("core"):

        class Cell(models.Model):
            text = models.TextField(null=True)

            class Meta:
                app_label = "core"
                db_table = "test_bulk_copy_cell"

            def __str__(self) -> str:
                return self.text or ""

        with connection.schema_editor() as editor:
            editor.create_model(Cell)
        yield Cell


def write_and_read(cell_table, texts: list[str | None]) -> list[str | None]:
    # A savepoint per write: a failing example leaves the test's transaction usable for the next one.
    with transaction.atomic():
        start = cell_table.objects.count()
        bulk.write_rows(cell_table._meta.db_table, ["text"], [(text,) for text in texts])
        return list(cell_table.objects.order_by("pk").values_list("text", flat=True)[start:])


def test_awkward_text_and_null_come_back_as_written(cell_table):
    texts = [*AWKWARD, None, "", None]
    assert write_and_read(cell_table, texts) == texts


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.lists(
        st.none()
        | st.text(
            st.sampled_from("\t\n\r\\\x01\u2028N.") | st.characters(codec="utf-8", exclude_characters="\0")
        ),
        min_size=1,
        max_size=20,
    )
)
def test_any_text_round_trips(cell_table, texts):
    assert write_and_read(cell_table, texts) == texts


def test_nul_is_refused_naming_the_row_and_column(cell_table):
    with pytest.raises(bulk.NulInText, match="第 2 行 · text · 文本含空字符"):
        bulk.write_rows(cell_table._meta.db_table, ["text"], [("fine",), ("A\0B",)])
    assert cell_table.objects.count() == 0


def test_nul_is_refused_by_the_orm_too():
    # The writer follows the ORM: PostgreSQL text cannot hold NUL, and psycopg2 says so before sending.
    with pytest.raises(ValueError, match="NUL"):
        SpotCheckResultFactory(product_name="A\0B")


def spot_check(**text) -> dict:
    return {
        "level": "municipal",
        "product_class_id": SpotCheckResultFactory.build().product_class.pk,
        "sampled_on": dt.date(2015, 3, 2),
        "product_name": "盘锦大米",
        "producer_name": "盘锦测试米业有限公司",
        "region_id": Region.objects.get(code="211103").pk,
        "department_id": Department.objects.get(code="syj").pk,
        "conclusion": "pass",
        **text,
    }


def test_imported_rows_and_their_history_keep_every_character(reference, office_user):
    rows = [spot_check(product_name=text[:120], failed_items=text, notes={"列": text}) for text in AWKWARD]
    ids = bulk.insert_with_history(SpotCheckResult, rows, user=office_user, reason="原因\t含\\制表符")
    stored = SpotCheckResult.objects.in_bulk(ids)
    history = {h.id: h for h in SpotCheckResult.history.filter(id__in=ids)}
    for pk, text in zip(ids, AWKWARD, strict=True):
        assert (stored[pk].product_name, stored[pk].failed_items, stored[pk].notes) == (
            text,
            text,
            {"列": text},
        )
        assert (history[pk].failed_items, history[pk].notes) == (text, {"列": text})
        assert history[pk].history_change_reason == "原因\t含\\制表符"
        assert history[pk].history_user_id == office_user.pk


def test_synthetic_rows_keep_every_character(reference):
    ids = bulk.insert_synthetic(SpotCheckResult, [spot_check(failed_items=text) for text in AWKWARD])
    assert [SpotCheckResult.objects.get(pk=pk).failed_items for pk in ids] == AWKWARD


def test_a_nul_in_a_model_row_names_its_column(reference):
    with pytest.raises(bulk.NulInText, match="第 1 行 · failed_items · "):
        bulk.insert_synthetic(SpotCheckResult, [spot_check(failed_items="A\0B")])


def test_statistics_keep_every_character_of_their_dimensions(reference, city):
    run = StatsRunFactory()
    rows = [
        {"region_id": city.pk, "period": "2015", "dim1": text, "dim2": text, "value": n}
        for n, text in enumerate(AWKWARD)
    ]
    assert StepContext(run=run).write_statistics("t.awkward", rows) == len(AWKWARD)
    stored = (
        Statistic.objects.filter(run=run).order_by("value").values_list("dim1", "dim2", "dim3", "numerator")
    )
    assert list(stored) == [(text, text, "", None) for text in AWKWARD]


def test_a_nul_in_a_statistic_names_its_row_and_column(reference, city):
    rows = [{"region_id": city.pk, "period": "2015", "dim2": text} for text in ["a", "b", "A\0B"]]
    with pytest.raises(bulk.NulInText, match="第 3 行 · dim2 · "):
        StepContext(run=StatsRunFactory()).write_statistics("t.nul", rows)


def test_a_nul_in_the_change_reason_names_the_history_column(reference):
    with pytest.raises(bulk.NulInText, match="第 1 行 · history_change_reason · "):
        bulk.insert_with_history(SpotCheckResult, [spot_check()], reason="A\0B")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="deferred constraints are PostgreSQL's")
def test_keys_checked_now_refuse_at_the_statement_and_the_others_wait_for_commit(reference):
    from django.db import IntegrityError

    from organizations.models import Enterprise

    result = SpotCheckResultFactory()
    missing = (Region.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    missing_enterprise = (Enterprise.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    with transaction.atomic():
        bulk.check_keys_now(SpotCheckResult, except_columns=["producer", "sampled_unit"])
        # A new enterprise's row may come later in the transaction: its key still waits.
        SpotCheckResult.objects.filter(pk=result.pk).update(producer_id=missing_enterprise)
        with pytest.raises(IntegrityError), transaction.atomic():
            SpotCheckResult.objects.filter(pk=result.pk).update(region_id=missing)
        transaction.set_rollback(True)
