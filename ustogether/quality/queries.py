"""Reads for the co-production check: results of a check, and scorecard figures.

Figures are summed in the database, and only from checks whose results may be
shown (closed, with enough answers), so no page ever shows a total small
enough, or fresh enough, to give one person's answers away.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone

from ustogether.quality.models import Check, Rung, RungTally, Statement, Tally
from ustogether.quality.statements import SCALE, Choice, Principle

DISAGREE = (Choice.STRONGLY_DISAGREE, Choice.DISAGREE)


def checks_with_results() -> QuerySet[Check]:
    """Checks whose results may be shown: closed (or past their last day) with enough answers."""
    return Check.objects.filter(
        Q(closed_at__isnull=False) | Q(closes_on__lt=timezone.localdate()),
        answer_count__gte=F("min_answers"),
    )


@dataclass(frozen=True)
class Counts:
    """How many people gave each answer to one statement, or to a group of them."""

    by_choice: dict[str, int]

    @property
    def on_scale(self) -> int:
        return sum(self.by_choice.get(c, 0) for c in SCALE)

    @property
    def answered(self) -> int:
        return sum(self.by_choice.values())

    @property
    def mean(self) -> float | None:
        """The average on the agree scale: 1 (no, not at all) to 5 (yes, very much)."""
        if not self.on_scale:
            return None
        total = sum(self.by_choice.get(c, 0) * n for n, c in enumerate(SCALE, start=1))
        return total / self.on_scale

    @property
    def disagree_share(self) -> float | None:
        if not self.on_scale:
            return None
        return sum(self.by_choice.get(c, 0) for c in DISAGREE) / self.on_scale

    def share(self, choice: str) -> float:
        return self.by_choice.get(choice, 0) / self.answered if self.answered else 0.0


def _counts(row: Mapping[str, Any]) -> Counts:
    return Counts({c: int(row.get(c) or 0) for c in Choice.values})


@dataclass(frozen=True)
class StatementResult:
    statement: Statement
    counts: Counts


@dataclass(frozen=True)
class CheckResults:
    statements: list[StatementResult]
    principles: list[tuple[str, str, Counts]]  # value, label, counts
    rungs: list[tuple[int, str, int]]  # rung, label, how many chose it
    chosen_rung: int | None


def check_results(check: Check) -> CheckResults | None:
    """The results of one check, or None while they may not be shown. Two queries."""
    if not check.has_results:
        return None
    tallies = list(Tally.objects.filter(survey=check).select_related("statement"))
    tallies.sort(key=lambda t: t.statement.order)
    statements = [
        StatementResult(t.statement, Counts({c: getattr(t, c) for c in Choice.values}))
        for t in tallies
    ]
    principles = []
    for value, label in Principle.choices:
        group = [r.counts for r in statements if r.statement.principle == value]
        if group:
            summed = {c: sum(g.by_choice[c] for g in group) for c in Choice.values}
            principles.append((value, str(label), Counts(summed)))
    counts = dict(RungTally.objects.filter(survey=check).values_list("rung", "count"))
    from ustogether.quality.ladder import median_rung

    rungs = [(rung, str(label), counts.get(rung, 0)) for rung, label in Rung.choices]
    return CheckResults(statements, principles, rungs, median_rung(counts))


def _sums() -> dict[str, Sum]:
    return {c: Sum(c) for c in Choice.values}


def principle_scores(checks: QuerySet[Check]) -> dict[str, Counts]:
    """For each principle: the answers of every shown check in `checks`, added up. One query."""
    rows = (
        Tally.objects.filter(survey__in=checks.filter(pk__in=checks_with_results()))
        .values("statement__principle")
        .annotate(**_sums())
    )
    return {row["statement__principle"]: _counts(row) for row in rows}


@dataclass(frozen=True)
class QuarterScore:
    year: int
    quarter: int
    principle: str
    counts: Counts

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}"


def scores_over_time(checks: QuerySet[Check]) -> list[QuarterScore]:
    """Each principle's answers, quarter by quarter (by the day the activity happened). One query."""
    from django.db.models.functions import ExtractQuarter, ExtractYear

    rows = (
        Tally.objects.filter(survey__in=checks.filter(pk__in=checks_with_results()))
        .annotate(year=ExtractYear("survey__held_on"), quarter=ExtractQuarter("survey__held_on"))
        .values("year", "quarter", "statement__principle")
        .annotate(**_sums())
        .order_by("year", "quarter", "statement__principle")
    )
    return [
        QuarterScore(row["year"], row["quarter"], row["statement__principle"], _counts(row))
        for row in rows
    ]


def power_sharing_by_project(project_ids: list[int]) -> dict[int, Counts]:
    """The answers to the statements about sharing power, project by project. One query."""
    rows = (
        Tally.objects.filter(
            survey__in=checks_with_results().filter(project_id__in=project_ids),
            statement__power_sharing=True,
        )
        .values("survey__project_id")
        .annotate(**_sums())
    )
    return {row["survey__project_id"]: _counts(row) for row in rows}
