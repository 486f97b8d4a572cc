"""Queries whose SQL is built once per process, for the pages people open most.

Building a query's SQL with the ORM costs more than running it: on a project page
about 0.3 ms of a 0.45 ms query goes on turning the queryset into SQL, and the
page makes several. A `Prepared` query asks the ORM for its SQL once, the first
time it runs, and after that only puts in the new values and runs it. The rows
come back as the ORM would give them: model objects (with anything joined by
`select_related`, and annotations) or `values_list` tuples.

    STAGES = Prepared(lambda project_id: Stage.objects.filter(project_id=project_id))
    stages = STAGES.objects(project_id=project.pk)

Only for a query whose shape never changes: the same filters, joins and order
each time, with only the values different. The values are whole numbers or text
(never None, which would change the SQL: `IS NULL`), in equality filters
(`=`, `IN`): a number too big for any column finds nothing, as in the ORM. The queryset is built with
stand-in values first, and each stand-in must turn up in the SQL's values as it
was given, or `Prepared` says so at once rather than run the wrong query.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)

# Stand-in values: whole numbers inside a 32-bit integer column's range (the ORM
# drops a lookup whose number could never fit), and text no one would write.
_NUMBER_STAND_IN = 1_987_650_000
_TEXT_STAND_IN = "\u2063prepared stand-in {}\u2063"

# The numbers a database column can hold (a 64-bit one, the largest). An id from an
# address (`<int:...>`) can be any length: the ORM answers "none" for a number too
# big for its column without asking, but SQLite refuses one outside this range
# (OverflowError, a 500), so a prepared query answers "none" for it too.
_LARGEST, _SMALLEST = 2**63 - 1, -(2**63)


def _fits(values: Mapping[str, object]) -> bool:
    return all(
        _SMALLEST <= value <= _LARGEST for value in values.values() if isinstance(value, int)
    )


class _Built:
    """One database's SQL for a prepared query, and how to read its rows."""

    def __init__(self, queryset: QuerySet[Any], stand_ins: dict[str, object]) -> None:
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        # Where each value goes among the SQL's parameters: a name, or the fixed value.
        slots: list[tuple[str | None, object]] = []
        found: set[str] = set()
        by_value = {value: name for name, value in stand_ins.items()}
        for param in params:
            name = by_value.get(param) if isinstance(param, int | str) else None
            slots.append((name, param))
            if name is not None:
                found.add(name)
        missing = set(stand_ins) - found
        if missing:
            raise ValueError(f"Prepared query: the SQL does not use {sorted(missing)} as given.")
        self.sql = sql
        self.slots = slots
        self.compiler: SQLCompiler = compiler

    def rows(self, alias: str, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        params: list[Any] = [
            values[name] if name is not None else fixed for name, fixed in self.slots
        ]
        # The SQL is the ORM's own, made by its compiler from the QuerySet (see _Built),
        # and every value goes in as a parameter: nothing is quoted by hand.
        with connections[alias].cursor() as cursor:  # nosemgrep: ustogether-no-raw-sql
            cursor.execute(self.sql, params)
            fetched = cursor.fetchall()
        compiler = self.compiler
        if compiler.has_extra_select:  # columns the ORDER BY needed, not asked for
            fetched = [row[: compiler.col_count] for row in fetched]
        # The ORM's own conversions (JSON, decimals, dates on SQLite, ...).
        return [tuple(row) for row in compiler.results_iter(results=[fetched])]


class Prepared(Generic[M]):
    """A query built by `build(**values)`, whose SQL is made once per database."""

    def __init__(self, build: Callable[..., QuerySet[M, Any]]) -> None:
        self._build = build
        self._built: dict[tuple[str, str, tuple[str, ...]], _Built] = {}
        self._lock = threading.Lock()

    def _get(self, values: Mapping[str, object]) -> tuple[str, _Built]:
        for name, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise TypeError(f"Prepared query: {name} must be a number or text, not {value!r}.")
        # One database here; a site with several would key this by router too.
        alias = DEFAULT_DB_ALIAS
        key = (alias, connections[alias].vendor, tuple(sorted(values)))
        built = self._built.get(key)
        if built is None:
            with self._lock:
                built = self._built.get(key)
                if built is None:
                    stand_ins: dict[str, object] = {
                        name: (
                            _NUMBER_STAND_IN + number
                            if isinstance(value, int)
                            else _TEXT_STAND_IN.format(number)
                        )
                        for number, (name, value) in enumerate(sorted(values.items()))
                    }
                    built = self._built[key] = _Built(self._build(**stand_ins), stand_ins)
        return alias, built

    def rows(self, **values: int | str) -> list[tuple[Any, ...]]:
        """The rows of a `values_list()` query, as tuples."""
        alias, built = self._get(values)
        if not _fits(values):
            return []  # as the ORM: no row of an equality filter has such a number
        return built.rows(alias, values)

    def objects(self, **values: int | str) -> list[M]:
        """The model objects, as iterating over the queryset would give them."""
        alias, built = self._get(values)
        if not _fits(values):
            return []  # as the ORM: no row of an equality filter has such a number
        rows = built.rows(alias, values)
        compiler = built.compiler
        # What django.db.models.query.ModelIterable does with the rows.
        select, klass_info = compiler.select, compiler.klass_info
        assert klass_info is not None
        model_cls = klass_info["model"]
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        related = get_related_populators(klass_info, select, alias)  # type: ignore[call-arg]  # Django 5.2's three arguments (the stubs are 6.x's)
        annotations = compiler.annotation_col_map or {}
        found = []
        for row in rows:
            obj = model_cls.from_db(alias, init_list, row[start:end])
            for populator in related:
                populator.populate(row, obj)
            for name, position in annotations.items():
                setattr(obj, name, row[position])
            found.append(obj)
        return found
