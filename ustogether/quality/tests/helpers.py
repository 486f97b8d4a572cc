"""Small helpers for the quality tests: a check, answered by some members."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from ustogether.core.testing import add_member, make_person
from ustogether.people.models import Person
from ustogether.projects.models import Perspective, Project
from ustogether.quality import services
from ustogether.quality.models import Check, Statement
from ustogether.quality.statements import Choice

# For FEW_MEETINGS (quality/rules/meetings.py): above any number of meetings a test
# makes (the meeting rules judge them in Python), and below none (in the database).
PYTHON, DATABASE = 10**9, -1


def yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


def open_check(project: Project, lead: Person, title: str = "Workshop on short breaks") -> Check:
    return services.check_open(project=project, by=lead, title=title, held_on=yesterday())


def open_follow_up(first: Check, lead: Person, title: str = "Six months on") -> Check:
    """The follow-up question, months later: what difference did we make?"""
    return services.check_open(
        project=first.project,
        by=lead,
        title=title,
        held_on=yesterday(),
        kind=Check.Kind.FOLLOW_UP,
        follow_up_of=first,
    )


def statements_of(check: Check) -> list[Statement]:
    return [t.statement for t in check.tallies.select_related("statement")]


def answer_all(
    check: Check, person: Person, choice: str = Choice.AGREE, rung: int | None = None
) -> None:
    services.check_answer(
        check=check, by=person, answers={s.pk: choice for s in statements_of(check)}, rung=rung
    )


def new_members(project: Project, count: int) -> list[Person]:
    people = [make_person() for _ in range(count)]
    for person in people:
        add_member(project, person, perspective=Perspective.LIVED_EXPERIENCE)
    return people


def answered_check(
    project: Project,
    lead: Person,
    choices: Sequence[str],
    *,
    rung: int | None = None,
    close: bool = True,
) -> Check:
    """A check that one new member per choice answered (every statement the same)."""
    check = open_check(project, lead)
    for person, choice in zip(new_members(project, len(choices)), choices, strict=True):
        answer_all(check, person, choice, rung)
    if close:
        services.check_close(check=check, by=lead)
    check.refresh_from_db()
    return check
