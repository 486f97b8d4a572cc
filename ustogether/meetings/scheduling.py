"""Choosing the best time from a date poll: a pure function, no database.

The rule, as the poll page says it:

    We choose the time the fewest people cannot come to. People who use the
    services (lived experience) and carers count 3 times, so they are not the ones left out.
    If times are equal, we choose the one fewer people can only come to "if
    need be", then the one most people said yes to, then the earliest.

Written by hand because it is a few lines of counting; no library does this
particular weighing. It is one pass over the answers with plain dicts, which is
fast enough for 500 people and 200 times (see bench/meetings_best_time.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# How much one "no" (or "if need be") counts from a person with lived
# experience or a carer, against 1 from anyone else.
PRIORITY_WEIGHT = 3
PRIORITY_PERSPECTIVES = frozenset({"lived_experience", "carer"})

YES = "yes"
IF_NEED_BE = "if_need_be"
NO = "no"

RULE_IN_PLAIN_WORDS = (
    "We choose the time the fewest people cannot come to. "
    "People who use the services (lived experience) and carers count 3 times, "
    "so they are not the ones left out. "
    "If two times tie, we pick the one with fewer 'if need be' answers. "
    "Then the one with more 'yes' answers. Then the first one."
)


@dataclass(frozen=True)
class Candidate:
    id: int
    starts_at: dt.datetime


@dataclass
class Tally:
    """What people said about one candidate time."""

    candidate: Candidate
    yes: int = 0
    if_need_be: int = 0
    no: int = 0
    weighted_no: int = 0
    weighted_if_need_be: int = 0
    # People (by id) who said no, and how many of them have priority.
    cannot_come: list[int] = field(default_factory=list)
    priority_cannot_come: int = 0

    def sort_key(self) -> tuple[int, int, int, dt.datetime, int]:
        return (
            self.weighted_no,
            self.weighted_if_need_be,
            -self.yes,
            self.candidate.starts_at,
            self.candidate.id,
        )


def weight_for(perspective: str | None) -> int:
    return PRIORITY_WEIGHT if perspective in PRIORITY_PERSPECTIVES else 1


def tally_answers(
    candidates: Iterable[Candidate],
    answers: Iterable[tuple[int, int, str]],
    weights: Mapping[int, int],
) -> list[Tally]:
    """Count answers for each candidate. `answers` are (candidate id, person id, answer);
    `weights` maps a person's id to their weight (missing means 1). Answers to a
    candidate not listed (a withdrawn time) are left out.

    One pass with plain dicts and local names: at 100,000 answers the loop is
    the whole cost, so it does as little as it can per answer."""
    candidates = list(candidates)
    ids = [c.id for c in candidates]
    yes = dict.fromkeys(ids, 0)
    maybe = dict.fromkeys(ids, 0)
    weighted_maybe = dict.fromkeys(ids, 0)
    weighted_no = dict.fromkeys(ids, 0)
    cannot: dict[int, list[int]] = {i: [] for i in ids}
    weight = weights.get
    for candidate_id, person_id, answer in answers:
        if answer == YES:
            if candidate_id in yes:
                yes[candidate_id] += 1
        elif answer == NO:
            if candidate_id in cannot:
                cannot[candidate_id].append(person_id)
                weighted_no[candidate_id] += weight(person_id, 1)
        elif answer == IF_NEED_BE and candidate_id in maybe:
            maybe[candidate_id] += 1
            weighted_maybe[candidate_id] += weight(person_id, 1)
    return [
        Tally(
            candidate=c,
            yes=yes[c.id],
            if_need_be=maybe[c.id],
            no=len(cannot[c.id]),
            weighted_no=weighted_no[c.id],
            weighted_if_need_be=weighted_maybe[c.id],
            cannot_come=cannot[c.id],
            priority_cannot_come=sum(1 for p in cannot[c.id] if weight(p, 1) > 1),
        )
        for c in candidates
    ]


def rank(tallies: Iterable[Tally]) -> list[Tally]:
    """Best first, by the rule above."""
    return sorted(tallies, key=Tally.sort_key)


def best_time(
    candidates: Iterable[Candidate],
    answers: Iterable[tuple[int, int, str]],
    weights: Mapping[int, int],
) -> Tally | None:
    """The best candidate by the rule above, with its counts; None when there are none."""
    tallies = tally_answers(candidates, answers, weights)
    if not tallies:
        return None
    return min(tallies, key=Tally.sort_key)
