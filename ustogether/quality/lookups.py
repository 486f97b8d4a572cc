"""Lookups the quality queries share."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import BooleanField, Expression, F


class AnyOf(Expression):
    """`field IN (ids)`, with the ids sent as one parameter (an array) on PostgreSQL
    rather than one parameter each: the scorecards' queries ask about all of an
    organisation's projects, and each parameter costs Django and the driver time
    (200 ids cost some 1.5 ms a query to prepare, quote and send; the page asks
    this some fifteen times)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, ids: Iterable[int]) -> None:
        super().__init__()
        self.column: Any = F(field)
        self.ids = list(ids)

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.column,) = exprs

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:
        if not self.ids:
            raise EmptyResultSet  # as `field__in=[]`: Django then asks the database nothing
        sql, params = compiler.compile(self.column)
        if connection.vendor == "postgresql":
            return f"{sql} = ANY(%s)", (*params, self.ids)
        marks = ", ".join(["%s"] * len(self.ids)) or "NULL"
        return f"{sql} IN ({marks})", (*params, *self.ids)
