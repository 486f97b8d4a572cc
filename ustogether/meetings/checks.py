"""The checks a meeting gets before its date is fixed, and after: pure functions.

Each takes plain values (times in UTC, codes, counts) and returns what is wrong
in plain words, so the same check serves the meeting page, the "fix the date"
page, the demo and the co-production check later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ustogether.core.vocabulary import AccessFeature, CommunicationFormat

LONDON = ZoneInfo("Europe/London")

EARLIEST_START = dt.time(10, 0)
LATEST_END = dt.time(16, 0)
LUNCH_START = dt.time(12, 0)
LUNCH_END = dt.time(13, 0)
# A meeting on for at least this long between 12 and 1 runs over lunch.
LUNCH_OVERLAP = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Flag:
    code: str
    message: str


def london(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(LONDON)


def notice_flag(
    *, starts_at: dt.datetime, told_at: dt.datetime, notice_days: int, reason: str = ""
) -> Flag | None:
    """Flag less notice than promised. A written reason does not hide the flag: members
    see the reason beside it."""
    days = (london(starts_at).date() - london(told_at).date()).days
    if days >= notice_days:
        return None
    if days <= 0:
        given = "less than a day"
    elif days == 1:
        given = "1 day"
    else:
        given = f"{days} days"
    message = f"Short notice: people get {given} of notice, not {notice_days} days."
    if reason.strip():
        message += f" The reason given: {reason.strip()}"
    else:
        message += " Write down why, so everyone can see it."
    return Flag("short_notice", message)


def time_of_day_flags(*, starts_at: dt.datetime, ends_at: dt.datetime, food: str) -> list[Flag]:
    """Early starts, late ends and meetings over lunch with no meal, in London time."""
    start, end = london(starts_at), london(ends_at)
    flags = []
    if start.time() < EARLIEST_START:
        flags.append(
            Flag(
                "early_start",
                f"It starts at {start:%H:%M}, before 10:00. "
                "Many people cannot travel that early, or need time to get ready.",
            )
        )
    if end.date() > start.date() or end.time() > LATEST_END:
        flags.append(
            Flag(
                "late_end",
                f"It ends at {end:%H:%M}, after 16:00. "
                "Carers and parents often need to leave by then.",
            )
        )
    if food != "meal" and _lunch_overlap(start, end) >= LUNCH_OVERLAP:
        flags.append(
            Flag(
                "no_lunch",
                "It runs over lunch, between 12:00 and 13:00, and there is no meal. "
                "Offer lunch or change the time.",
            )
        )
    return flags


def _lunch_overlap(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    total = dt.timedelta(0)
    day = start.date()
    while day <= end.date():
        lunch_start = dt.datetime.combine(day, LUNCH_START, tzinfo=LONDON)
        lunch_end = dt.datetime.combine(day, LUNCH_END, tzinfo=LONDON)
        overlap = min(end, lunch_end) - max(start, lunch_start)
        if overlap > dt.timedelta(0):
            total = max(total, overlap)
        day += dt.timedelta(days=1)
    return total


def papers_due_at(starts_at: dt.datetime, papers_days: int) -> dt.datetime:
    """Papers are due by the end of the day, papers_days before the meeting day."""
    due_day = london(starts_at).date() - dt.timedelta(days=papers_days)
    return dt.datetime.combine(due_day, dt.time(23, 59, 59), tzinfo=LONDON)


def paper_is_late(
    *,
    sent_at: dt.datetime | None,
    starts_at: dt.datetime,
    papers_days: int,
    now: dt.datetime,
) -> bool:
    due = papers_due_at(starts_at, papers_days)
    if sent_at is None:
        return now > due
    return sent_at > due


def papers_flag(
    *,
    papers: Iterable[tuple[str, dt.datetime | None]],
    starts_at: dt.datetime,
    papers_days: int,
    now: dt.datetime,
) -> Flag | None:
    """One flag naming every paper sent (or still unsent) after its due date."""
    late = [
        title
        for title, sent_at in papers
        if paper_is_late(sent_at=sent_at, starts_at=starts_at, papers_days=papers_days, now=now)
    ]
    if not late:
        return None
    due = papers_due_at(starts_at, papers_days)
    return Flag(
        "late_papers",
        f"Papers late: {', '.join(late)}. "
        f"Papers were due by {due:%-d %B}, {papers_days} days before the meeting.",
    )


def add_working_days(day: dt.date, count: int) -> dt.date:
    """Monday to Friday. Bank holidays are not counted out: a simple rule that is
    easy to explain, and it never makes notes look late when they are not."""
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def notes_due_on(ends_at: dt.datetime, working_days: int) -> dt.date:
    return add_working_days(london(ends_at).date(), working_days)


def notes_flag(
    *,
    ends_at: dt.datetime,
    notes_written_at: dt.datetime | None,
    now: dt.datetime,
    working_days: int,
) -> Flag | None:
    due = notes_due_on(ends_at, working_days)
    if notes_written_at is not None and london(notes_written_at).date() <= due:
        return None
    if notes_written_at is None and london(now).date() <= due:
        return None
    return Flag(
        "late_notes",
        f"The notes were due by {due:%-d %B}, {working_days} working days after the meeting.",
    )


# Needs that only matter when people are in the same room.
IN_ROOM_ONLY = frozenset(
    {
        AccessFeature.STEP_FREE,
        AccessFeature.ACCESSIBLE_TOILET,
        AccessFeature.PARKING,
        AccessFeature.SEATING,
        AccessFeature.HEARING_LOOP,
        AccessFeature.QUIET_SPACE,
        AccessFeature.LOW_LIGHT,
    }
)


@dataclass(frozen=True)
class NeedMatch:
    """How one need among the people invited is met. Counts, never names."""

    need: str
    label: str
    people: int
    met_by: str  # "venue", "online", "arrangement" or "" when not met
    arrangement: str = ""

    @property
    def is_met(self) -> bool:
        return bool(self.met_by)


def need_label_codes() -> list[str]:
    return [*AccessFeature.values, *CommunicationFormat.values]


# Each need as it reads after "2 people need ...".
NEED_PHRASES: dict[str, str] = {
    AccessFeature.STEP_FREE: "step-free access",
    AccessFeature.ACCESSIBLE_TOILET: "an accessible toilet",
    AccessFeature.HEARING_LOOP: "a hearing loop",
    AccessFeature.QUIET_SPACE: "a quiet space to take time out",
    AccessFeature.BREAKS: "regular breaks",
    AccessFeature.SUPPORT_WORKER: "room for a support worker or carer",
    AccessFeature.SEATING: "comfortable seating with arms",
    AccessFeature.LOW_LIGHT: "low light, with no flashing lights",
    AccessFeature.PARKING: "accessible parking close by",
    CommunicationFormat.EASY_READ: "papers in Easy Read",
    CommunicationFormat.LARGE_PRINT: "papers in large print",
    CommunicationFormat.BSL: "a British Sign Language (BSL) interpreter",
    CommunicationFormat.AUDIO: "papers as audio",
    CommunicationFormat.PLAIN_TEXT_EMAIL: "email in plain text",
    CommunicationFormat.INTERPRETER: "an interpreter",
}


def need_label(code: str) -> str:
    return NEED_PHRASES.get(code, code)


def match_needs(
    *,
    needs: Mapping[str, int],
    in_person: bool,
    online: bool,
    venue_features: Iterable[str] = (),
    captions: bool = False,
    bsl: bool = False,
    arrangements: Mapping[str, str] | None = None,
) -> list[NeedMatch]:
    """Match the count of people with each need against what the meeting offers.

    `needs` maps an access-feature or communication-format code to how many
    invited people need it. A need is met by the venue (in person), by the
    online meeting (captions stand in for a hearing loop; a BSL interpreter), or
    by an arrangement someone made. Unmet needs come first."""
    arrangements = arrangements or {}
    features = set(venue_features)
    order = {code: i for i, code in enumerate([*AccessFeature.values, *CommunicationFormat.values])}
    matches = []
    for code, people in needs.items():
        if people <= 0:
            continue
        if not in_person and code in IN_ROOM_ONLY and code != AccessFeature.HEARING_LOOP:
            continue  # nobody needs a step-free entrance to a video call
        met_by = ""
        if in_person and code in features:
            met_by = "venue"
        elif online and _online_meets(code, in_person=in_person, captions=captions, bsl=bsl):
            met_by = "online"
        elif code in arrangements:
            met_by = "arrangement"
        matches.append(
            NeedMatch(
                need=code,
                label=need_label(code),
                people=people,
                met_by=met_by,
                arrangement=arrangements.get(code, ""),
            )
        )
    matches.sort(key=lambda m: (m.is_met, order.get(m.need, len(order))))
    return matches


def _online_meets(code: str, *, in_person: bool, captions: bool, bsl: bool) -> bool:
    # Captions stand in for a hearing loop only when nobody is in the room.
    if code == AccessFeature.HEARING_LOOP:
        return captions and not in_person
    return code == CommunicationFormat.BSL and bsl


def describe_match(match: NeedMatch, *, place: str = "this venue") -> str:
    """'2 people need step-free access: this venue has it.'"""
    who = "1 person needs" if match.people == 1 else f"{match.people} people need"
    need = match.label
    if match.met_by == "venue":
        return f"{who} {need}: {place} has it."
    if match.met_by == "online":
        return f"{who} {need}: the online meeting has it."
    if match.met_by == "arrangement":
        return f"{who} {need}: arranged ({match.arrangement})."
    return f"{who} {need}: not met yet. Choose another place, or find another way to meet it."
