"""One page of a list, without counting the whole list when it fits on one page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def page_of(queryset: QuerySet[Any], per_page: int, number: Any) -> Page:
    """What Paginator(queryset, per_page).get_page(number) gives.

    Most lists here are shorter than a page. The first page is read with one row
    more than a page: if they all fit, the count is the number of rows, and the
    COUNT query (with all the list's joins to build) is not needed. A longer list
    is counted as before, so it costs the same two queries as Paginator's."""
    paginator = Paginator(queryset, per_page)
    if number not in (None, "", "1"):
        return paginator.get_page(number)
    rows = list(queryset[: per_page + 1])
    # Paginator.count is a cached_property: setting it saves the query.
    paginator.count = len(rows) if len(rows) <= per_page else queryset.count()
    return Page(rows[:per_page], 1, paginator)
