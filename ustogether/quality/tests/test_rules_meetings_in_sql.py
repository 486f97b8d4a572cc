"""Each meeting rule is written twice: as a query, for many meetings, and as a
test of one meeting in Python, for a few (see FEW_MEETINGS). These tests check
that the two find the same meetings, with the same figures, for many meetings
around the clock changes, weekends, midnight and the lunch hour, and that the
demo's flags are the same either way."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from ustogether.core.testing import Cast, make_cast
from ustogether.meetings.models import Meeting
from ustogether.quality.facts import ProjectFacts, load_facts
from ustogether.quality.rules import meetings as rules
from ustogether.quality.rules.meetings import (
    LONDON,
    Found,
    hard_time_meetings,
    hard_times_found,
    hungry_meetings,
    is_hard_to_get_to,
    is_hungry,
    late_notes_meetings,
    no_food_found,
    notes_are_late,
    notes_late_found,
    notice_if_short,
    records,
    short_notice_found,
    short_notice_meetings,
)
from ustogether.quality.tests.helpers import DATABASE, PYTHON

pytestmark = pytest.mark.django_db

# The clocks went forward on 29 March 2026 and back on 25 October 2026.
DAYS = [dt.date(2026, 3, 28), dt.date(2026, 3, 29), dt.date(2026, 10, 25), dt.date(2026, 6, 5)]
TIMES = [dt.time(0, 30), dt.time(1, 30), dt.time(9, 59), dt.time(11, 45), dt.time(12, 0)]
TIMES += [dt.time(12, 15), dt.time(12, 30), dt.time(12, 31), dt.time(13, 0), dt.time(23, 30)]
MINUTES = [1, 15, 29, 30, 31, 45, 60, 180, 181, 360, 780, 1440, 1560, 2940]


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    """A moment on a London clock, in UTC, so that adding to it adds real time
    (a time the clocks skip counts as the time before the change)."""
    return dt.datetime.combine(day, time, tzinfo=LONDON).astimezone(dt.UTC)


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LONDON).date()


def _meetings(cast: Cast, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    """Made in one go; each meeting as its row, with its `pk`."""
    made = Meeting.objects.bulk_create(
        Meeting(
            project=cast.project,
            title=f"Meeting {n}",
            purpose="Plan together.",
            status=Meeting.Status.FIXED,
            created_by=cast.lead,
            fee_basis=Meeting.FeeBasis.PER_SESSION,
            fee_amount=Decimal("25.00"),
            expenses_covered=[Meeting.Expense.TRAVEL],
            **row,
        )
        for n, row in enumerate(rows)
    )
    return [SimpleNamespace(pk=m.pk, **row) for m, row in zip(made, rows, strict=True)]


def _found(queryset: object) -> set[int]:
    return set(queryset.values_list("pk", flat=True))  # type: ignore[attr-defined]


def _judged(facts: ProjectFacts, judge: rules.Judge) -> set[int]:
    """The meetings a rule's test of one meeting finds, in Python."""
    limits = facts.limits(facts.projects[0])
    return {m.pk for group in records(facts).values() for m in group if judge(m, limits)}


def _either_way(
    monkeypatch: pytest.MonkeyPatch, facts: ProjectFacts, found: Any
) -> tuple[dict[int, Found], dict[int, Found]]:
    """What a rule finds (its `..._found`) judged in Python, and asked of the database."""
    answers = []
    for few in (PYTHON, DATABASE):
        monkeypatch.setattr(rules, "FEW_MEETINGS", few)
        answers.append(found(load_facts(facts.projects)))
    return answers[0], answers[1]


def test_times_and_lunch_are_judged_on_a_london_clock_as_in_python(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cast = make_cast()
    rows: list[dict[str, Any]] = []
    for day, time, minutes, food in itertools.product(
        DAYS, TIMES, MINUTES, [Meeting.Food.DRINKS, Meeting.Food.NONE, Meeting.Food.MEAL]
    ):
        starts = _at(day, time)
        rows.append(
            {"starts_at": starts, "ends_at": starts + dt.timedelta(minutes=minutes), "food": food}
        )
    meetings = _meetings(cast, rows)
    facts = load_facts([cast.project])
    hungry = _judged(facts, is_hungry)
    hard = _judged(facts, is_hard_to_get_to)
    assert 0 < len(hungry) < len(meetings) and 0 < len(hard) < len(meetings)
    assert _found(hungry_meetings(facts)) == hungry
    assert _found(hard_time_meetings(facts)) == hard
    # And what the rules make of them (counts, names, the first), either way.
    for found in (no_food_found, hard_times_found):
        python, database = _either_way(monkeypatch, facts, found)
        assert python == database and python


def test_notice_is_counted_in_london_days_as_in_python(monkeypatch: pytest.MonkeyPatch) -> None:
    cast = make_cast()
    rows: list[dict[str, Any]] = []
    for day, time, fixed_time in itertools.product(DAYS, TIMES, TIMES[::3]):
        starts = _at(day, time)
        for days_before in (5, 6, 7, 12, 13, 14, 15, 20):
            fixed = _at(day - dt.timedelta(days=days_before), fixed_time)
            rows.append(
                {
                    "starts_at": starts,
                    "ends_at": starts + dt.timedelta(hours=1),
                    "date_fixed_at": fixed,
                }
            )
    meetings = _meetings(cast, rows)
    facts = load_facts([cast.project])
    limits = facts.limits(cast.project)
    notice = {
        m.pk: days
        for group in records(facts).values()
        for m in group
        if (days := notice_if_short(m, limits)) is not None
    }
    assert 0 < len(notice) < len(meetings)
    found = short_notice_meetings(facts)
    assert {m.pk: m.notice.days for m in found} == notice  # type: ignore[attr-defined]
    # As the plain sum: days apart on a London calendar.
    assert notice == {
        m.pk: (_day(m.starts_at) - _day(m.date_fixed_at)).days
        for m in meetings
        if m.pk in notice and m.date_fixed_at is not None
    }
    python, database = _either_way(monkeypatch, facts, short_notice_found)
    assert python == database and python[cast.project.pk].figure == min(notice.values())


def test_notes_are_due_ten_working_days_after_as_in_python(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cast = make_cast()
    now = timezone.now()
    ends = [
        _at(day + dt.timedelta(days=n), time)
        for day in DAYS[:3]
        for n in range(7)
        for time in (dt.time(0, 30), dt.time(12), dt.time(23, 30))
    ]
    # Meetings that ended lately, whose notes are not written yet.
    ends += [now - dt.timedelta(days=n, hours=h) for n in range(10, 20) for h in (0, 11, 23)]
    rows: list[dict[str, Any]] = []
    for end in ends:
        for written_after in [
            None,
            *(dt.timedelta(days=d, hours=h) for d in range(11, 18) for h in (-1, 0, 12)),
        ]:
            rows.append(
                {
                    "starts_at": end - dt.timedelta(hours=1),
                    "ends_at": end,
                    "notes_written_at": None if written_after is None else end + written_after,
                }
            )
    meetings = _meetings(cast, rows)
    facts = load_facts([cast.project])
    today = _day(facts.now)
    late = _judged(facts, lambda m, limits: notes_are_late(m, limits, today))
    assert 0 < len(late) < len(meetings)
    assert _found(late_notes_meetings(facts)) == late
    python, database = _either_way(monkeypatch, facts, notes_late_found)
    assert python == database and python


def test_the_demo_shows_the_same_flags_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    from io import StringIO

    from django.core.management import call_command

    from ustogether.projects.models import Project
    from ustogether.quality.flags import RULES, run_rules

    call_command("seed_demo", verbosity=0, stdout=StringIO())
    meeting_rules = [
        code
        for code, r in RULES.items()
        if r.function.__module__ == rules.__name__ or code == "no_update_after_meeting"
    ]
    projects = list(Project.objects.order_by("pk"))
    shown = []
    for few in (PYTHON, DATABASE):
        monkeypatch.setattr(rules, "FEW_MEETINGS", few)
        shown.append(
            [run_rules(load_facts(projects), meeting_rules)]
            + [run_rules(load_facts([p]), meeting_rules) for p in projects]
        )
    assert shown[0] == shown[1]
    # Every meeting rule found something, so each was compared.
    assert {f.rule for f in shown[0][0]} == set(meeting_rules)
