from rest_framework.pagination import PageNumberPagination

from core.paging import CappedPaginator


class Pagination(PageNumberPagination):
    """`count` is exact up to core.paging.COUNT_CAP rows and PostgreSQL's estimate beyond."""

    django_paginator_class = CappedPaginator
    page_size_query_param = "page_size"
    max_page_size = 1000
