"""Pages of large lists that stay fast: an exact count up to a cap, the planner's estimate beyond it.

Counting 200,000 filtered complaints or a million spot-check results costs more than showing a page of them. Up
to `COUNT_CAP` rows (`SEARCH_COUNT_CAP` for a search) the count is exact (`SELECT count(*) FROM (… LIMIT cap + 1)`,
which stops early); beyond, the list says “超过 1,000 条（估计约 N 条）” from PostgreSQL's estimate, and pages
run to that estimate.
"""

from __future__ import annotations

import json
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django.db.models import QuerySet

COUNT_CAP = 1000
# A search is counted exactly to a lower cap: a common word (大米 in a year of spot checks) matches in so many
# rows that counting a thousand of them was most of the answer, and a search is read from its first page.
SEARCH_COUNT_CAP = 200


def count_cap(params) -> int:
    """The exact-count cap of a list asked with these query parameters (a search box: `q`)."""
    return SEARCH_COUNT_CAP if str(params.get("q", "")).strip() else COUNT_CAP


def _queryset_of(object_list) -> QuerySet | None:
    """The queryset under a list: itself, or the data of a django-tables2 table's rows."""
    if isinstance(object_list, QuerySet):
        return object_list
    data = getattr(getattr(object_list, "data", None), "data", None)
    return data if isinstance(data, QuerySet) else None


def estimated_rows(queryset: QuerySet) -> int | None:
    """PostgreSQL's estimate of how many rows a queryset gives (EXPLAIN, nothing read); None elsewhere."""
    if connections[queryset.db].vendor != "postgresql" or queryset.query.is_empty():
        return None
    try:
        plan = json.loads(queryset.order_by().explain(format="json"))
    except (EmptyResultSet, ValueError):
        # A filter that can match nothing (an empty IN list, a year no date has) is not sent to the database:
        # Django explains it as nothing.
        return 0
    return int(plan[0]["Plan"]["Plan Rows"])


class CappedPaginator(Paginator):
    """A Paginator whose count is exact up to COUNT_CAP rows and estimated beyond (`estimated` is then True).

    A later page is read in two steps: its ids first (the list's order over an index only, however deep the
    page), then those rows with their joins. Joining the rows an OFFSET skips costs more than the page itself.
    """

    cap = COUNT_CAP
    estimated = False

    def __init__(self, *args, cap: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if cap is not None:
            self.cap = cap

    @cached_property
    def count(self) -> int:
        queryset = _queryset_of(self.object_list)
        if queryset is None:
            return super().count
        capped = queryset.order_by()[: self.cap + 1].count()
        # Asked whatever the count, so a list costs the same queries with few rows as with millions.
        estimate = estimated_rows(queryset)
        if capped <= self.cap:
            return capped
        if estimate is None:
            return queryset.count()
        self.estimated = True
        return max(estimate, self.cap + 1)

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            # Past an estimated count the rows may still be there (the estimate was low): the page is read
            # and may come back empty, rather than refused.
            if self.estimated and int(number) > 0:
                return int(number)
            raise

    def page(self, number):
        queryset = _queryset_of(self.object_list)
        if queryset is None or queryset.query.distinct or queryset.query.combinator:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count and not self.estimated:
            top = self.count
        if bottom == 0:  # the first page skips nothing: one query, as a plain slice
            # A whole page, even where the estimate is below it (Paginator would cut the page at the count).
            return self._get_page(self.object_list[bottom:top], number, self)
        ids = list(queryset.values_list("pk", flat=True)[bottom:top])
        rows = list(queryset.filter(pk__in=ids)) if ids else []
        if isinstance(self.object_list, QuerySet):
            return self._get_page(rows, number, self)
        from django_tables2.rows import BoundRows

        bound = self.object_list
        return self._get_page(
            BoundRows(data=rows, table=bound.table, pinned_data=bound.pinned_data), number, self
        )
