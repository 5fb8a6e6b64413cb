from functools import partial

from rest_framework.pagination import PageNumberPagination

from core.paging import CappedPaginator, count_cap


class Pagination(PageNumberPagination):
    """`count` is exact up to core.paging.COUNT_CAP rows (SEARCH_COUNT_CAP with `q`), PostgreSQL's estimate beyond."""

    django_paginator_class = CappedPaginator
    page_size_query_param = "page_size"
    max_page_size = 1000

    def paginate_queryset(self, queryset, request, view=None):
        self.django_paginator_class = partial(CappedPaginator, cap=count_cap(request.query_params))
        return super().paginate_queryset(queryset, request, view)
