"""The list tables' rows (core/templatetags/portal_tables.py) read plain columns directly and build fixed cell
attributes once a column: on the demo, every list page's rows must be the markup django-tables2 itself gives."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from core.benchmarks import list_urls
from core.templatetags import portal_tables

pytestmark = pytest.mark.django_db
TBODY = re.compile(r"<tbody.*?</tbody>", re.S)


def _td_per_cell(self, bound_column, record) -> None:
    self.td = None


def _cell_by_django_tables2(self, row, bound_column):
    return row.get_cell(bound_column.name)


def test_every_list_renders_its_rows_as_django_tables2_does(reference, client, monkeypatch):
    call_command("load_demo", "--no-recompute", stdout=StringIO())
    client.force_login(User.objects.get(username="office"))
    # Each list as it opens, and searched (a search column marks the words; other lists ignore `q`).
    pages = [url + query for url in list_urls() if not url.startswith("/api/") for query in ("", "?q=盘锦")]
    compared = 0
    for url in pages:
        fast = client.get(url)
        assert fast.status_code == 200, url
        with monkeypatch.context() as patch:
            patch.setattr(portal_tables._Plan, "__init__", _td_per_cell)
            patch.setattr(portal_tables._Plan, "cell", _cell_by_django_tables2)
            slow = client.get(url)
        rows = TBODY.findall(fast.content.decode())
        assert rows == TBODY.findall(slow.content.decode()), url
        compared += sum(body.count("<tr") for body in rows)
    # Most lists have demo rows: the comparison saw thousands of cells, not empty tables.
    assert compared > 500
