"""The meeting rules ask the database about days and times in London. These tests
check that it answers as plain Python does, meeting by meeting, for many meetings
around the clock changes, weekends, midnight and the lunch hour."""

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
from ustogether.quality.facts import load_facts
from ustogether.quality.rules.meetings import (
    LONDON,
    add_working_days,
    hard_time_meetings,
    hungry_meetings,
    late_notes_meetings,
    short_notice_meetings,
)

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


def _lunch_overlap(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """The longest time a meeting is on between 12 and 1 on any day (London clock):
    how the rule was first written, in Python."""
    start, end = start.astimezone(LONDON), end.astimezone(LONDON)
    longest = dt.timedelta(0)
    day = start.date()
    while day <= end.date():
        lunch_start = dt.datetime.combine(day, dt.time(12), tzinfo=LONDON)
        lunch_end = dt.datetime.combine(day, dt.time(13), tzinfo=LONDON)
        longest = max(longest, min(end, lunch_end) - max(start, lunch_start))
        day += dt.timedelta(days=1)
    return longest


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


def test_times_and_lunch_are_judged_on_a_london_clock_as_in_python() -> None:
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
    hungry = {
        m.pk
        for m in meetings
        if (
            m.food != Meeting.Food.MEAL
            and _lunch_overlap(m.starts_at, m.ends_at) >= dt.timedelta(minutes=30)
        )
        or (m.food == Meeting.Food.NONE and m.ends_at - m.starts_at > dt.timedelta(hours=3))
    }
    hard = {
        m.pk
        for m in meetings
        if m.starts_at.astimezone(LONDON).time() < dt.time(10)
        or m.ends_at.astimezone(LONDON).time() > dt.time(16)
        or _day(m.ends_at) > _day(m.starts_at)
    }
    assert 0 < len(hungry) < len(meetings) and 0 < len(hard) < len(meetings)
    assert _found(hungry_meetings(facts)) == hungry
    assert _found(hard_time_meetings(facts)) == hard


def test_notice_is_counted_in_london_days_as_in_python() -> None:
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
    short = {
        m.pk
        for m in meetings
        if m.date_fixed_at is not None and (_day(m.starts_at) - _day(m.date_fixed_at)).days < 14
    }
    assert 0 < len(short) < len(meetings)
    found = short_notice_meetings(facts)
    assert _found(found) == short
    notice = {m.pk: m.notice.days for m in found}  # type: ignore[attr-defined]
    assert notice == {
        m.pk: (_day(m.starts_at) - _day(m.date_fixed_at)).days
        for m in meetings
        if m.pk in short and m.date_fixed_at is not None
    }


def test_notes_are_due_ten_working_days_after_as_in_python() -> None:
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
    late = set()
    for m in meetings:
        due = add_working_days(_day(m.ends_at), 10)
        written = _day(m.notes_written_at) if m.notes_written_at else None
        if (written is None and today > due) or (written is not None and written > due):
            late.add(m.pk)
    assert 0 < len(late) < len(meetings)
    assert _found(late_notes_meetings(facts)) == late
