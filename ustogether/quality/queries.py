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

from ustogether.quality.lookups import AnyOf
from ustogether.quality.models import (
    SUMMARY_PARTS,
    Check,
    CheckSummary,
    Rung,
    RungTally,
    Statement,
    Tally,
)
from ustogether.quality.statements import SCALE, Choice, Principle

DISAGREE = (Choice.STRONGLY_DISAGREE, Choice.DISAGREE)


def checks_with_results() -> QuerySet[Check]:
    """Checks whose results may be shown: closed (or past their last day) with enough answers."""
    return with_results(Check.objects.all())


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


@dataclass(frozen=True)
class Score:
    """Answers to a group of statements over many checks, summed (from CheckSummary)."""

    points: int = 0
    scale: int = 0  # answers on the agree scale
    no: int = 0  # of them, "no" or "no, not at all"
    na: int = 0  # "this does not apply"

    @property
    def answered(self) -> int:
        return self.scale + self.na

    @property
    def mean(self) -> float | None:
        return self.points / self.scale if self.scale else None

    @property
    def disagree_share(self) -> float | None:
        return self.no / self.scale if self.scale else None

    def __add__(self, other: Score) -> Score:
        return Score(
            self.points + other.points,
            self.scale + other.scale,
            self.no + other.no,
            self.na + other.na,
        )


def _score(row: Mapping[str, Any], group: str) -> Score:
    return Score(*(int(row[f"{group}_{part}"] or 0) for part in SUMMARY_PARTS))


def shown(through: str = "") -> Q:
    """A check whose results may be shown: closed (or past its last day) with enough
    answers. With `through` ("survey__"), the same of a record's check, so that a query
    of the summaries joins the checks once, rather than also asking for the checks
    shown in a subquery and joining them a second time (about 5 ms less a query
    on the bench, 10,000 checks)."""
    return (
        Q(**{f"{through}closed_at__isnull": False})
        | Q(**{f"{through}closes_on__lt": timezone.localdate()})
    ) & Q(**{f"{through}answer_count__gte": F(f"{through}min_answers")})


def with_results(checks: QuerySet[Check]) -> QuerySet[Check]:
    """Of these checks, those whose results may be shown (as checks_with_results)."""
    return checks.filter(shown())


@dataclass(frozen=True)
class QuarterScore:
    year: int
    quarter: int
    principle: str
    score: Score

    @property
    def label(self) -> str:
        return quarter_label(self.year, self.quarter)


# Months, not "Q2": many people do not know which months a quarter is.
_QUARTER_MONTHS = {1: "Jan to Mar", 2: "Apr to Jun", 3: "Jul to Sep", 4: "Oct to Dec"}


def quarter_label(year: int, quarter: int) -> str:
    """A calendar quarter in plain words: ``quarter_label(2025, 2) == "Apr to Jun 2025"``."""
    return f"{_QUARTER_MONTHS[quarter]} {year}"


@dataclass(frozen=True)
class Scores:
    overall: dict[str, Score]  # by principle
    over_time: list[QuarterScore]


def scores(**checks: Any) -> Scores:
    """Each principle's answers over the shown checks chosen by `checks` (filters of
    a check, as project=...), overall and three months at a time (by the day the
    activity happened). One query."""
    from django.db.models.functions import ExtractQuarter, ExtractYear

    fields = [f"{g}_{p}" for g in Principle.values for p in SUMMARY_PARTS]
    rows = (
        CheckSummary.objects.filter(
            shown("survey__"), **{f"survey__{name}": value for name, value in checks.items()}
        )
        .annotate(year=ExtractYear("survey__held_on"), quarter=ExtractQuarter("survey__held_on"))
        .values("year", "quarter")
        .annotate(**{f: Sum(f) for f in fields})
        .order_by("year", "quarter")
    )
    overall: dict[str, Score] = {}
    over_time: list[QuarterScore] = []
    for row in rows:
        for principle in Principle.values:
            score = _score(row, principle)
            if score.answered:
                over_time.append(QuarterScore(row["year"], row["quarter"], principle, score))
                overall[principle] = overall.get(principle, Score()) + score
    return Scores(overall, over_time)


def project_totals(project_ids: list[int]) -> dict[int, dict[str, int]]:
    """For each project with shown checks: the "equal say" totals and how many people
    chose each rung, summed over those checks. One query."""
    fields = [f"power_{p}" for p in SUMMARY_PARTS] + [f"rung_{r}" for r in Rung.values]
    rows = (
        CheckSummary.objects.filter(shown("survey__"), AnyOf("survey__project_id", project_ids))
        .values("survey__project_id")
        .annotate(**{f: Sum(f) for f in fields})
    )
    found: dict[int, dict[str, int]] = {}
    for row in rows:
        values: dict[str, Any] = dict(row)
        found[values["survey__project_id"]] = {f: int(values[f] or 0) for f in fields}
    return found


def power_sharing(totals: Mapping[str, int]) -> Score:
    return _score(totals, "power")
