"""The checks before a date is fixed and after: notice, time of day, lunch, papers,
notes, and needs against what a venue or online meeting offers."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ustogether.meetings import checks

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")


def at(y: int, mo: int, d: int, h: int, mi: int = 0) -> dt.datetime:
    """A London wall-clock time."""
    return dt.datetime(y, mo, d, h, mi, tzinfo=LONDON)


def test_fourteen_days_notice_is_enough_and_thirteen_is_not() -> None:
    told = at(2026, 12, 1, 9)
    assert checks.notice_flag(starts_at=at(2026, 12, 15, 11), told_at=told, notice_days=14) is None
    flag = checks.notice_flag(starts_at=at(2026, 12, 14, 11), told_at=told, notice_days=14)
    assert flag is not None and flag.code == "short_notice"
    assert "13 days of notice, not 14" in flag.message
    assert "Write down why" in flag.message


def test_two_days_notice_with_a_reason_still_shows_with_the_reason() -> None:
    flag = checks.notice_flag(
        starts_at=at(2026, 12, 3, 11),
        told_at=at(2026, 12, 1, 9),
        notice_days=14,
        reason="The council moved the deadline.",
    )
    assert flag is not None
    assert "2 days of notice" in flag.message
    assert "The reason given: The council moved the deadline." in flag.message


def test_a_meeting_from_half_past_ten_to_three_with_lunch_has_no_time_flags() -> None:
    assert (
        checks.time_of_day_flags(
            starts_at=at(2027, 1, 5, 10, 30), ends_at=at(2027, 1, 5, 15), food="meal"
        )
        == []
    )


def test_early_start_late_end_and_no_lunch_are_each_flagged() -> None:
    flags = checks.time_of_day_flags(
        starts_at=at(2027, 1, 5, 9), ends_at=at(2027, 1, 5, 17), food="drinks"
    )
    assert [f.code for f in flags] == ["early_start", "late_end", "no_lunch"]
    assert "starts at 09:00" in flags[0].message
    assert "ends at 17:00" in flags[1].message


def test_half_an_hour_into_lunch_is_lunch_and_less_is_not() -> None:
    def codes(start: dt.datetime, end: dt.datetime) -> list[str]:
        return [f.code for f in checks.time_of_day_flags(starts_at=start, ends_at=end, food="none")]

    assert codes(at(2027, 1, 5, 10, 30), at(2027, 1, 5, 12, 30)) == ["no_lunch"]
    assert codes(at(2027, 1, 5, 10, 30), at(2027, 1, 5, 12, 15)) == []
    assert codes(at(2027, 1, 5, 13), at(2027, 1, 5, 15)) == []


def test_times_are_judged_in_london_across_the_clock_change_in_march() -> None:
    # Sunday 28 March 2027: clocks go forward at 01:00 UTC. 09:30 UTC is 10:30 in London.
    start = dt.datetime(2027, 3, 28, 9, 30, tzinfo=UTC)
    end = dt.datetime(2027, 3, 28, 11, 0, tzinfo=UTC)
    assert checks.time_of_day_flags(starts_at=start, ends_at=end, food="none") == []
    # The Saturday before, 09:30 UTC is 09:30 in London: too early.
    start = dt.datetime(2027, 3, 27, 9, 30, tzinfo=UTC)
    flags = checks.time_of_day_flags(
        starts_at=start, ends_at=end - dt.timedelta(days=1), food="none"
    )
    assert [f.code for f in flags] == ["early_start"]


def test_times_are_judged_in_london_across_the_clock_change_in_october() -> None:
    # Sunday 25 October 2026: clocks go back at 01:00 UTC. 15:30 UTC is 15:30 in London,
    # on the Saturday before it was 16:30 (late).
    sunday = checks.time_of_day_flags(
        starts_at=dt.datetime(2026, 10, 25, 13, 30, tzinfo=UTC),
        ends_at=dt.datetime(2026, 10, 25, 15, 30, tzinfo=UTC),
        food="none",
    )
    saturday = checks.time_of_day_flags(
        starts_at=dt.datetime(2026, 10, 24, 13, 30, tzinfo=UTC),
        ends_at=dt.datetime(2026, 10, 24, 15, 30, tzinfo=UTC),
        food="none",
    )
    assert sunday == []
    assert [f.code for f in saturday] == ["late_end"]


def test_notice_counts_london_days_not_utc_days() -> None:
    # 23:30 UTC on 31 October 2026 is still 31 October in London (GMT); 14 days later is fine.
    told = dt.datetime(2026, 10, 31, 23, 30, tzinfo=UTC)
    assert checks.notice_flag(starts_at=at(2026, 11, 14, 11), told_at=told, notice_days=14) is None


def test_a_paper_sent_after_its_due_day_is_late_and_an_unsent_one_becomes_late() -> None:
    starts = at(2027, 2, 15, 11)  # due by the end of 8 February
    now = at(2027, 2, 1, 9)
    on_time = at(2027, 2, 8, 22)
    late = at(2027, 2, 9, 8)
    assert not checks.paper_is_late(sent_at=on_time, starts_at=starts, papers_days=7, now=now)
    assert checks.paper_is_late(sent_at=late, starts_at=starts, papers_days=7, now=now)
    assert not checks.paper_is_late(sent_at=None, starts_at=starts, papers_days=7, now=now)
    assert checks.paper_is_late(
        sent_at=None, starts_at=starts, papers_days=7, now=at(2027, 2, 10, 9)
    )
    flag = checks.papers_flag(
        papers=[("Agenda", on_time), ("Budget", late)], starts_at=starts, papers_days=7, now=now
    )
    assert flag is not None and "Papers late: Budget." in flag.message
    assert "8 February" in flag.message


def test_notes_are_due_ten_working_days_after_the_meeting() -> None:
    ends = at(2027, 1, 8, 15)  # a Friday
    assert checks.notes_due_on(ends, 10) == dt.date(2027, 1, 22)
    assert (
        checks.notes_flag(
            ends_at=ends, notes_written_at=None, now=at(2027, 1, 22, 17), working_days=10
        )
        is None
    )
    late = checks.notes_flag(
        ends_at=ends, notes_written_at=None, now=at(2027, 1, 25, 9), working_days=10
    )
    assert late is not None and late.code == "late_notes"
    assert (
        checks.notes_flag(
            ends_at=ends,
            notes_written_at=at(2027, 1, 20, 9),
            now=at(2027, 2, 1, 9),
            working_days=10,
        )
        is None
    )


def test_needs_are_matched_against_the_venue_as_counts() -> None:
    matches = checks.match_needs(
        needs={"step_free": 2, "hearing_loop": 1},
        in_person=True,
        online=False,
        venue_features=["step_free", "accessible_toilet"],
    )
    # Unmet first.
    assert [(m.need, m.people, m.met_by) for m in matches] == [
        ("hearing_loop", 1, ""),
        ("step_free", 2, "venue"),
    ]
    assert checks.describe_match(matches[0]) == (
        "1 person needs a hearing loop: not met yet. Choose another place, or find another way to meet it."
    )
    assert checks.describe_match(matches[1]) == "2 people need step-free access: this venue has it."


def test_an_arrangement_meets_a_need_the_venue_cannot() -> None:
    [match] = checks.match_needs(
        needs={"bsl": 1}, in_person=True, online=False, arrangements={"bsl": "Interpreter booked"}
    )
    assert match.met_by == "arrangement"
    assert checks.describe_match(match) == (
        "1 person needs a British Sign Language (BSL) interpreter: arranged (Interpreter booked)."
    )


def test_online_meetings_need_no_step_free_entrance_and_captions_stand_in_for_a_loop() -> None:
    matches = checks.match_needs(
        needs={"step_free": 3, "hearing_loop": 1, "bsl": 1},
        in_person=False,
        online=True,
        captions=True,
        bsl=False,
    )
    assert {m.need: m.met_by for m in matches} == {"hearing_loop": "online", "bsl": ""}
