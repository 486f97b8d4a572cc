"""Red flags from meetings: notice, papers, times of day, food, fee terms, notes,
access needs met in time, and lived experience at meetings that took decisions.

An organisation's scorecard judges thousands of meetings, so most rules ask the
database which meetings break them, and get back only what the flag says: for
each project, how many meetings, the names of the first few, and the rule's own
figure (the fewest days' notice, say). See `found_by_project`. Each rule's test
of one meeting is written out in the rule, in the database's terms (days in
London time, working days, the lunch hour).

A project's own scorecard, or a small organisation's, judges a few meetings, and
there a query for each rule costs more than it saves (Django takes 3 to 5 ms to
build each). Up to FEW_MEETINGS, the rules read the meetings and what they need
about them once, and judge each meeting in Python: each rule's test of one meeting
is a function of its own beside its query (`notice_if_short` beside
`short_notice_meetings`), and `..._found` picks the way. Both ways find the same
meetings and figures, so the flags are the same (test_rules_meetings_in_sql.py).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from functools import reduce
from operator import or_
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    DurationField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    Field,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TimeField,
    Value,
    When,
    Window,
)
from django.db.models.functions import (
    Coalesce,
    ExtractIsoWeekDay,
    FirstValue,
    Lead,
    RowNumber,
    TruncDate,
    TruncTime,
)
from django.utils.translation import gettext_lazy

from ustogether.decisions.models import Decision
from ustogether.meetings.checks import match_needs
from ustogether.meetings.models import Arrangement, Invitee, Meeting, Paper
from ustogether.people.models import AccessNeed, CommunicationNeed
from ustogether.projects.models import Membership, Perspective
from ustogether.quality.facts import ProjectFacts
from ustogether.quality.flags import AMBER, RED, RedFlag, rule
from ustogether.quality.lookups import AnyOf
from ustogether.quality.thresholds import Thresholds
from ustogether.quality.words import _, ngettext

LONDON = ZoneInfo("Europe/London")
LUNCH = (dt.time(12, 0), dt.time(13, 0))
# A meeting on for at least this long between 12 and 1 runs over lunch.
LUNCH_OVERLAP = dt.timedelta(minutes=30)
# A flag names this many meetings and counts the rest ("and 4 more").
NAMED = 3
# Up to this many meetings in all, the rules read the meetings (and their papers,
# invitees and decisions) once and judge each meeting in Python: a handful of
# queries rather than one or more for each rule, each of which costs Django some
# 3 to 5 ms to build. Above it, each rule asks the database which meetings break
# it, and reads only those. Both ways find the same meetings (see the tests).
# Measured on the bench's meetings (10 people invited to each), CPU of Django and
# PostgreSQL for the meeting rules, Python against the database: 50 meetings 14
# against 54 ms, 200: 23 against 57, 400: 37 against 64, 800: 63 against 72, 1,600:
# 129 against 84. They cost the same near 1,000; 500 leaves room for meetings
# with more people invited.
FEW_MEETINGS = 500


# What the rules judge, in the database's terms


def _with_meetings(facts: ProjectFacts) -> dict[int, int]:
    """How many fixed (not cancelled) meetings with a date each of these projects has
    (those with none left out). One query, shared by the rules; a project with no
    meeting costs them nothing more."""
    return dict(
        Meeting.objects.filter(
            AnyOf("project_id", facts.ids),
            status=Meeting.Status.FIXED,
            starts_at__isnull=False,
            ends_at__isnull=False,
        )
        .order_by()
        .values("project_id")
        .annotate(meetings=Count("id"))
        .values_list("project_id", "meetings")
    )


def few_meetings(facts: ProjectFacts) -> bool:
    """Whether the rules judge so few meetings that reading them all and judging
    each in Python costs less than asking the database a question for each rule
    (see FEW_MEETINGS)."""
    return sum(facts.load("projects_with_meetings", _with_meetings).values()) <= FEW_MEETINGS


def judged(facts: ProjectFacts) -> QuerySet[Meeting]:
    """The meetings the rules judge: every fixed (not cancelled) meeting of these
    projects with a date. Empty, with no query, if none of them has one."""
    ids = facts.load("projects_with_meetings", _with_meetings)
    return Meeting.objects.filter(
        AnyOf("project_id", ids),
        status=Meeting.Status.FIXED,
        starts_at__isnull=False,
        ends_at__isnull=False,
    )


def local_day(field: str) -> TruncDate:
    """The day of a moment in London, as the people at the meeting would say it."""
    return TruncDate(field, tzinfo=LONDON)


def local_time(field: str) -> TruncTime:
    """The time on a London clock."""
    return TruncTime(field, tzinfo=LONDON)


def between(later: Any, earlier: Any) -> ExpressionWrapper:
    """How long from one moment (or day) to another, as a duration: days apart
    for days (`.days` of the answer), hours and minutes for moments."""
    return ExpressionWrapper(later - earlier, output_field=DurationField())


def per_project(
    facts: ProjectFacts,
    limit: Callable[[Thresholds], object],
    output_field: Field[Any, Any],
    project: str = "project_id",
) -> Expression:
    """A limit of each project's organisation, for the database: one value when the
    projects share it (as an organisation's own projects do), else chosen by project."""
    projects: dict[object, list[int]] = defaultdict(list)
    for p in facts.projects:
        projects[limit(facts.limits(p))].append(p.pk)
    if len(projects) == 1:
        return Value(next(iter(projects)), output_field=output_field)
    return Case(
        *(
            When(**{f"{project}__in": ids}, then=Value(value, output_field=output_field))
            for value, ids in projects.items()
        ),
        output_field=output_field,
    )


@dataclass(frozen=True, slots=True)
class Found:
    """The meetings of one project that a rule found."""

    count: int
    names: list[str]  # of the first few, oldest first
    figure: Any  # the rule's own figure over all of them (the fewest days, say)
    first: tuple[dt.datetime, int]  # when the first of them started, and its id


ALL = "all"


def found_by_project(
    meetings: QuerySet[Meeting],
    groups: Mapping[str, Q | Exists | None] | None = None,
    figure: F | None = None,
    order_by: Sequence[str] = ("starts_at", "id"),
    figures: Mapping[str, F] | None = None,
) -> dict[str, dict[int, Found]]:
    """For each group of meetings a rule looks for (each a condition, or None for
    all of them), and each project with any: how many, and the first NAMED by
    start; and the least `figure` of all the meetings given, or for a group named
    in `figures`, the least of its own figure over its own meetings. A condition
    may read counts the meetings were annotated with. With no groups, all
    the meetings given are found, under ALL: most rules filter the meetings
    themselves, so that the database tests each meeting once (and can join tables
    rather than ask about each meeting in turn).

    One query, however many meetings: the database counts each project's meetings
    in each group (window functions) and sends back only the first of each, with
    the names of the next NAMED - 1 (its place is its row number, in order of
    start), not every meeting. A group's meetings are counted apart from the others as a part of their own (the
    project, and whether the meeting is in the group), so that a group may read what
    the meetings were annotated with, counts too ("fewer than 2 there"), which the
    filter of a count could not; the database sorts the meetings found once for each
    group."""
    order = [F(field).asc() for field in order_by]
    project: list[Any] = [F("project_id")]
    conditions: Mapping[str, Q | Exists | None] = groups if groups is not None else {ALL: None}
    wanted: list[Q] = []
    flags: dict[str, Any] = {}
    windows: dict[str, Any] = {}
    for name, condition in conditions.items():
        where = Q(**{f"place_{name}": 1})
        part = project
        if condition is not None:
            flag = ExpressionWrapper(condition, output_field=BooleanField())
            flags[f"in_{name}"] = flag
            where &= Q(**{f"in_{name}": True})
            part = [*project, flag]
        windows[f"place_{name}"] = Window(RowNumber(), partition_by=part, order_by=order)
        # The names of the next few come with the first (over the same window, so no
        # other sort): one row for each project and group rather than NAMED, which
        # Django reads (and makes a dict of) a third as often. On the bench that is
        # some 200 rows a rule rather than 600, about 3 ms less for each rule.
        for n in range(1, NAMED):
            windows[f"next{n}_{name}"] = Window(Lead("title", n), partition_by=part, order_by=order)
        windows[f"count_{name}"] = Window(Count("id"), partition_by=part)
        if name in (figures or {}):
            least = (figures or {})[name]
            windows[f"figure_{name}"] = Window(
                FirstValue(least), partition_by=part, order_by=least.asc(nulls_last=True)
            )
        wanted.append(where)
    if figure is not None:
        # The least: first in order of the figure (not Min, which refuses a count).
        windows["figure"] = Window(
            FirstValue(figure), partition_by=project, order_by=figure.asc(nulls_last=True)
        )
    rows = (
        meetings.annotate(**flags)
        .annotate(**windows)
        .filter(reduce(or_, wanted))
        .order_by("project_id", *order_by)
        .values("project_id", "title", "starts_at", "id", *flags, *windows)
    )
    found: dict[str, dict[int, Found]] = {name: {} for name in conditions}
    for row in rows:
        for name in conditions:
            if not row.get(f"in_{name}", True) or row[f"place_{name}"] != 1:
                continue
            count = row[f"count_{name}"]
            names = [row["title"], *(row[f"next{n}_{name}"] for n in range(1, NAMED))]
            found[name][row["project_id"]] = Found(
                count,
                names[: min(count, NAMED)],
                row.get(f"figure_{name}", row.get("figure")),
                (row["starts_at"], row["id"]),
            )
    return found


def _names(found: Found) -> str:
    names = ", ".join(f"“{name}”" for name in found.names[:NAMED])
    more = found.count - NAMED
    return names + (
        ngettext(" and %(n)d more", " and %(n)d more", more) % {"n": more} if more > 0 else ""
    )


def listed(meetings: Sequence[MeetingFact]) -> Found:
    """Meetings a rule found in Python (oldest first), as `_names` reads them."""
    first = meetings[0]
    return Found(
        len(meetings), [m.title for m in meetings[:NAMED]], None, (first.starts_at, first.pk)
    )


@dataclass(frozen=True, slots=True)
class MeetingFact:
    pk: int
    project_id: int
    title: str
    starts_at: dt.datetime
    place: str
    venue_features: list[str]
    captions: bool
    bsl: bool

    @property
    def in_person(self) -> bool:
        return self.place in (Meeting.Place.IN_PERSON, Meeting.Place.BOTH)

    @property
    def online(self) -> bool:
        return self.place in (Meeting.Place.ONLINE, Meeting.Place.BOTH)


# A few meetings, judged in Python (see FEW_MEETINGS): each rule's test of one
# meeting as a function of its own, beside the query that asks the same of many.


@dataclass(frozen=True, slots=True)
class MeetingRecord(MeetingFact):
    """A meeting with all the rules read of it."""

    ends_at: dt.datetime
    date_fixed_at: dt.datetime | None
    food: str
    fee_basis: str
    expenses: list[str] | None
    notes_written_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class InviteeFact:
    person_id: int
    way: str
    attended: str


def _records(facts: ProjectFacts) -> dict[int, list[MeetingRecord]]:
    """Each project's judged meetings (as `judged`), oldest first. One query."""
    found: dict[int, list[MeetingRecord]] = defaultdict(list)
    for row in (
        judged(facts)
        .order_by("starts_at", "id")
        .values_list(
            "pk",
            "project_id",
            "title",
            "starts_at",
            "place",
            "venue__features",
            "online_captions",
            "online_bsl",
            "ends_at",
            "date_fixed_at",
            "food",
            "fee_basis",
            "expenses_covered",
            "notes_written_at",
        )
    ):
        pk, project_id, title, starts, place, features, captions, bsl, ends, *rest = row
        assert starts is not None and ends is not None  # as judged
        meeting = MeetingRecord(
            pk, project_id, title, starts, place, list(features or []), captions, bsl, ends, *rest
        )
        found[project_id].append(meeting)
    return found


def records(facts: ProjectFacts) -> dict[int, list[MeetingRecord]]:
    return facts.load("meeting_records", _records)


def _record_ids(facts: ProjectFacts) -> list[int]:
    return [m.pk for group in records(facts).values() for m in group]


def _papers(facts: ProjectFacts) -> dict[int, list[dt.datetime | None]]:
    """When each meeting's papers still in use were sent (None: not yet). One query."""
    sent: dict[int, list[dt.datetime | None]] = defaultdict(list)
    for meeting_id, sent_at in Paper.objects.filter(
        AnyOf("meeting_id", _record_ids(facts)), withdrawn_at__isnull=True
    ).values_list("meeting_id", "sent_at"):
        sent[meeting_id].append(sent_at)
    return sent


def _invitees(facts: ProjectFacts) -> dict[int, list[InviteeFact]]:
    """Who was invited to each meeting, how they said they would take part, and
    whether they came. One query."""
    invited: dict[int, list[InviteeFact]] = defaultdict(list)
    for meeting_id, person_id, way, attended in Invitee.objects.filter(
        AnyOf("meeting_id", _record_ids(facts))
    ).values_list("meeting_id", "person_id", "way", "attended"):
        invited[meeting_id].append(InviteeFact(person_id, way, attended))
    return invited


@dataclass(frozen=True, slots=True)
class Decided:
    """The meetings that took decisions: those a decision (not a dropped one) is
    linked to, and for each project the days of its decisions (not dropped) linked
    to no meeting; and when each decision linked to a meeting, dropped or not, was
    shown (None: not yet)."""

    meetings: set[int]
    days: dict[int, set[dt.date]]
    shown: dict[int, list[dt.datetime | None]]


def _decided(facts: ProjectFacts) -> Decided:
    """Decisions of these projects. One query; none if no meeting has started."""
    decided = Decided(set(), defaultdict(set), defaultdict(list))
    if not any(m.starts_at <= facts.now for group in records(facts).values() for m in group):
        return decided
    for project_id, meeting_id, day, status, shown in Decision.objects.filter(
        AnyOf("project_id", facts.ids)
    ).values_list("project_id", "meeting_id", "decided_on", "status", "published_at"):
        if meeting_id is not None:
            decided.shown[meeting_id].append(shown)
        if status == Decision.Status.DROPPED:
            continue
        if meeting_id is None:
            decided.days[project_id].add(day)
        else:
            decided.meetings.add(meeting_id)
    return decided


def decisions_of(facts: ProjectFacts) -> Decided:
    return facts.load("meeting_decisions", _decided)


def invitees_of(facts: ProjectFacts) -> dict[int, list[InviteeFact]]:
    return facts.load("meeting_invitees", _invitees)


Judge = Callable[[MeetingRecord, Thresholds], Any]


def found_in_python(
    facts: ProjectFacts,
    judge: Judge,
    ids: Sequence[int] = (),
    order: Callable[[MeetingRecord], Any] | None = None,
) -> dict[int, Found]:
    """What `found_by_project` finds, from the meetings read in Python: for each
    project (of `ids`, if given) with meetings the judge finds (it returns None or
    False for a meeting it does not), how many, the first NAMED (by start, or by
    `order`), and the least of what it returned for them (unless just True)."""
    found: dict[int, Found] = {}
    for project in facts.projects:
        if ids and project.pk not in ids:
            continue
        limits = facts.limits(project)
        hits: list[MeetingRecord] = []
        figures: list[Any] = []
        for meeting in records(facts).get(project.pk, []):
            figure = judge(meeting, limits)
            if figure is None or figure is False:
                continue
            hits.append(meeting)
            if figure is not True:
                figures.append(figure)
        if hits:
            if order is not None:
                hits.sort(key=order)
            found[project.pk] = replace(listed(hits), figure=min(figures) if figures else None)
    return found


def london_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LONDON).date()


def notice_if_short(meeting: MeetingRecord, limits: Thresholds) -> int | None:
    """Days of notice (on the calendar, from the day the date was fixed), if fewer
    than the warning limit."""
    if meeting.date_fixed_at is None:
        return None
    days = (london_day(meeting.starts_at) - london_day(meeting.date_fixed_at)).days
    return days if days < limits.notice_amber_days else None


def short_notice_meetings(facts: ProjectFacts) -> QuerySet[Meeting]:
    """Meetings with less notice than the warning limit, each with its `notice`
    (days on the calendar from the day the date was fixed)."""
    meetings = judged(facts).annotate(
        notice=between(local_day("starts_at"), local_day("date_fixed_at"))
    )
    warn = per_project(facts, lambda t: dt.timedelta(days=t.notice_amber_days), DurationField())
    # Days in London time cost the database more than the rest. Fewer than N days
    # apart on the calendar means less than N days (and the hour a clock change
    # adds) apart in time, which is cheap to ask first.
    longest = max((facts.limits(p).notice_amber_days for p in facts.projects), default=0)
    soon = Q(starts_at__lt=F("date_fixed_at") + dt.timedelta(days=longest, hours=1))
    return meetings.filter(soon, notice__lt=warn)


def short_notice_found(facts: ProjectFacts) -> dict[int, Found]:
    """Meetings with short notice; the figure is the fewest days."""
    if few_meetings(facts):
        return found_in_python(facts, notice_if_short)
    found = found_by_project(short_notice_meetings(facts), figure=F("notice"))[ALL]
    return {pk: replace(f, figure=f.figure.days) for pk, f in found.items()}


@rule("short_notice", title=gettext_lazy("Short notice"))
def short_notice(facts: ProjectFacts) -> Iterator[RedFlag]:
    """Less than 14 days' notice is a warning; less than 7, a red flag (from when the date was fixed)."""
    found = short_notice_found(facts)
    for project in facts.projects:
        if project.pk not in found:
            continue
        limits = facts.limits(project)
        short = found[project.pk]
        shortest = short.figure
        yield RedFlag(
            "short_notice",
            RED if shortest < limits.notice_red_days else AMBER,
            project.pk,
            _("Short notice"),
            ngettext(
                "%(count)d meeting had less than %(days)d days' notice: %(names)s. The shortest was %(shortest)d days.",
                "%(count)d meetings had less than %(days)d days' notice: %(names)s. The shortest was %(shortest)d days.",
                short.count,
            )
            % {
                "count": short.count,
                "days": limits.notice_amber_days,
                "names": _names(short),
                "shortest": shortest,
            },
            "meetings:list",
            _("Plan meetings further ahead"),
        )


def papers_late_by(
    meeting: MeetingRecord, sent: Sequence[dt.datetime | None], limits: Thresholds, today: dt.date
) -> int | None:
    """The fewest days before the meeting its papers came (counted from `today` for a
    paper not sent yet), if fewer than the warning limit."""
    starts = london_day(meeting.starts_at)
    fewest = min(
        ((starts - (london_day(at) if at is not None else today)).days for at in sent),
        default=None,
    )
    return fewest if fewest is not None and fewest < limits.papers_amber_days else None


def late_papers_found(facts: ProjectFacts) -> dict[int, Found]:
    """Meetings with papers sent late; the figure is the fewest days before."""
    today = facts.now.astimezone(LONDON).date()
    if few_meetings(facts):
        papers = facts.load("meeting_papers", _papers)
        return found_in_python(
            facts, lambda m, limits: papers_late_by(m, papers.get(m.pk, []), limits, today)
        )
    warn = per_project(
        facts,
        lambda t: dt.timedelta(days=t.papers_amber_days),
        DurationField(),
        project="meeting__project_id",
    )
    # Papers still in use that came late: days before the meeting (from today if
    # not sent yet) under the limit. A meeting's figure is that of its latest paper:
    # the one that came fewest days before.
    sent_late = (
        Paper.objects.filter(withdrawn_at__isnull=True)
        .annotate(
            ahead=between(
                local_day("meeting__starts_at"),
                Coalesce(local_day("sent_at"), Value(today, output_field=DateField())),
            )
        )
        .filter(ahead__lt=warn)
    )
    first_late = sent_late.filter(meeting_id=OuterRef("pk")).order_by("ahead", "id")
    # Meetings with a late paper first (a join), then the figure for those alone.
    meetings = (
        judged(facts)
        .filter(Exists(sent_late.filter(meeting_id=OuterRef("pk"))))
        .annotate(late_by=Subquery(first_late.values("ahead")[:1], output_field=DurationField()))
    )
    found = found_by_project(meetings, figure=F("late_by"))[ALL]
    return {pk: replace(f, figure=f.figure.days) for pk, f in found.items()}


@rule("late_papers", title=gettext_lazy("Papers sent late"))
def late_papers(facts: ProjectFacts) -> Iterator[RedFlag]:
    """Papers under 7 days before the meeting are a warning; under 2 days, a red flag.
    A paper not sent yet counts from today, once its meeting is near."""
    found = late_papers_found(facts)
    for project in facts.projects:
        if project.pk not in found:
            continue
        limits = facts.limits(project)
        late = found[project.pk]
        fewest = late.figure
        yield RedFlag(
            "late_papers",
            RED if fewest < limits.papers_red_days else AMBER,
            project.pk,
            _("Papers sent late"),
            _("Papers came less than %(days)d days before: %(names)s.")
            % {"days": limits.papers_amber_days, "names": _names(late)}
            + " "
            + ngettext(
                "The latest came %(fewest)d day before.",
                "The latest came %(fewest)d days before.",
                max(fewest, 0),
            )
            % {"fewest": max(fewest, 0)},
            "meetings:list",
            _("Send papers a week before"),
        )


def hard_time_meetings(facts: ProjectFacts) -> QuerySet[Meeting]:
    """Meetings starting too early or ending too late on a London clock, or ending
    on a later day than they started."""
    meetings = judged(facts).annotate(
        start_time=local_time("starts_at"),
        end_time=local_time("ends_at"),
        start_day=local_day("starts_at"),
        end_day=local_day("ends_at"),
    )
    earliest = per_project(facts, lambda t: t.earliest_start, TimeField())
    latest = per_project(facts, lambda t: t.latest_end, TimeField())
    return meetings.filter(
        Q(start_time__lt=earliest) | Q(end_time__gt=latest) | Q(end_day__gt=F("start_day"))
    )


def is_hard_to_get_to(meeting: MeetingRecord, limits: Thresholds) -> bool:
    """Starting too early or ending too late on a London clock, or ending on a later
    day than it started."""
    starts, ends = meeting.starts_at.astimezone(LONDON), meeting.ends_at.astimezone(LONDON)
    return (
        starts.time() < limits.earliest_start
        or ends.time() > limits.latest_end
        or ends.date() > starts.date()
    )


def hard_times_found(facts: ProjectFacts) -> dict[int, Found]:
    if few_meetings(facts):
        return found_in_python(facts, is_hard_to_get_to)
    return found_by_project(hard_time_meetings(facts))[ALL]


@rule("hard_times", title=gettext_lazy("Times that are hard to get to"))
def hard_times(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A start before 10:00 or an end after 16:00 (London time)."""
    found = hard_times_found(facts)
    for project in facts.projects:
        if project.pk in found:
            limits = facts.limits(project)
            yield RedFlag(
                "hard_times",
                AMBER,
                project.pk,
                _("Times that are hard to get to"),
                _("%(names)s started before %(start)d:00 or ended after %(end)d:00.")
                % {
                    "names": _names(found[project.pk]),
                    "start": limits.earliest_start_hour,
                    "end": limits.latest_end_hour,
                },
                "meetings:list",
                _("Meet between 10:00 and 16:00"),
            )


def over_lunch() -> Q:
    """On for at least 30 minutes of some day's lunch hour (12:00 to 13:00, London).

    Worked out from the London day and clock time of the start and the end:
    - on one day: starting by 12:30, ending at 12:30 or later, and either starting
      by 12:00 or lasting 30 minutes (no clock change falls after noon, so the
      clock and the real length agree);
    - over two days or more: starting by 12:30 on the first day, ending at 12:30 or
      later on the last, or running through a whole day in between."""
    half_past, noon = dt.time(12, 30), LUNCH[0]
    one_day = Q(end_day=F("start_day")) & (
        Q(start_time__lte=half_past)
        & Q(end_time__gte=half_past)
        & (Q(start_time__lte=noon) | Q(length__gte=LUNCH_OVERLAP))
    )
    more_days = Q(end_day__gt=F("start_day")) & (
        Q(start_time__lte=half_past) | Q(end_time__gte=half_past) | Q(days__gte=dt.timedelta(2))
    )
    return one_day | more_days


def hungry_meetings(facts: ProjectFacts) -> QuerySet[Meeting]:
    """Meetings over the lunch hour without a meal, or too long with no food at all."""
    meetings = judged(facts).annotate(
        start_time=local_time("starts_at"),
        end_time=local_time("ends_at"),
        start_day=local_day("starts_at"),
        end_day=local_day("ends_at"),
        days=between(F("end_day"), F("start_day")),
        length=between(F("ends_at"), F("starts_at")),
    )
    longest = per_project(
        facts, lambda t: dt.timedelta(hours=t.longest_hours_without_food), DurationField()
    )
    return meetings.filter(
        (~Q(food=Meeting.Food.MEAL) & over_lunch()) | Q(food=Meeting.Food.NONE, length__gt=longest)
    )


def lunch_overlap(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """The longest time a meeting is on between 12 and 1 on any day (London clock)."""
    start, end = start.astimezone(LONDON), end.astimezone(LONDON)
    longest = dt.timedelta(0)
    day = start.date()
    while day <= end.date():
        lunch_start = dt.datetime.combine(day, LUNCH[0], tzinfo=LONDON)
        lunch_end = dt.datetime.combine(day, LUNCH[1], tzinfo=LONDON)
        longest = max(longest, min(end, lunch_end) - max(start, lunch_start))
        day += dt.timedelta(days=1)
    return longest


def is_hungry(meeting: MeetingRecord, limits: Thresholds) -> bool:
    """Over the lunch hour without a meal, or too long with no food at all."""
    if meeting.food == Meeting.Food.NONE and meeting.ends_at - meeting.starts_at > dt.timedelta(
        hours=limits.longest_hours_without_food
    ):
        return True
    return (
        meeting.food != Meeting.Food.MEAL
        and lunch_overlap(meeting.starts_at, meeting.ends_at) >= LUNCH_OVERLAP
    )


def no_food_found(facts: ProjectFacts) -> dict[int, Found]:
    if few_meetings(facts):
        return found_in_python(facts, is_hungry)
    return found_by_project(hungry_meetings(facts))[ALL]


@rule("no_food", title=gettext_lazy("No food at a long meeting or over lunch"))
def no_food(facts: ProjectFacts) -> Iterator[RedFlag]:
    """Over the lunch hour without a meal, or longer than 3 hours with no food at all."""
    found = no_food_found(facts)
    for project in facts.projects:
        if project.pk in found:
            yield RedFlag(
                "no_food",
                AMBER,
                project.pk,
                _("No food at a long meeting or over lunch"),
                _("%(names)s ran over lunch with no meal, or went on a long time with no food.")
                % {"names": _names(found[project.pk])},
                "meetings:list",
                _("Offer lunch, or change the time"),
            )


NOTHING, NO_COSTS = "nothing", "no_costs"


def fee_terms_missing(meeting: MeetingRecord, limits: Thresholds) -> str | None:
    """NOTHING for a meeting with no fee and no costs paid back, NO_COSTS for a fee but
    no costs, else None."""
    if meeting.expenses not in ([], None):
        return None
    return NOTHING if meeting.fee_basis == Meeting.FeeBasis.UNPAID else NO_COSTS


def fee_terms_found(facts: ProjectFacts) -> dict[str, dict[int, Found]]:
    """Meetings with no fee and no costs (NOTHING), and with a fee but no costs."""
    if few_meetings(facts):

        def in_group(group: str) -> Judge:
            return lambda meeting, limits: fee_terms_missing(meeting, limits) == group

        return {group: found_in_python(facts, in_group(group)) for group in (NOTHING, NO_COSTS)}
    no_costs = (
        Q(expenses_covered=[])
        | Q(expenses_covered=None)  # JSON null
        | Q(expenses_covered__isnull=True)
    )
    unpaid = Q(fee_basis=Meeting.FeeBasis.UNPAID)
    return found_by_project(judged(facts).filter(no_costs), {NOTHING: unpaid, NO_COSTS: ~unpaid})


@rule("no_fee_terms", title=gettext_lazy("No fee or costs agreed"))
def no_fee_terms(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A meeting with no fee and no costs paid back is red; a fee but no costs, a warning."""
    found = fee_terms_found(facts)
    for project in facts.projects:
        if project.pk in found[NOTHING]:
            yield RedFlag(
                "no_fee_terms",
                RED,
                project.pk,
                _("No fee or costs agreed"),
                _("%(names)s had no fee and paid back no costs.")
                % {"names": _names(found[NOTHING][project.pk])},
                "meetings:list",
                _("Agree fees and costs before you invite people"),
            )
        elif project.pk in found[NO_COSTS]:
            yield RedFlag(
                "no_fee_terms",
                AMBER,
                project.pk,
                _("No costs paid back"),
                _("%(names)s paid a fee but no costs, like travel.")
                % {"names": _names(found[NO_COSTS][project.pk])},
                "meetings:list",
                _("Pay people's travel and other costs too"),
            )


def add_working_days(day: dt.date, count: int) -> dt.date:
    """Monday to Friday; bank holidays are not counted out (so notes never look late early)."""
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def working_days_allowed(facts: ProjectFacts, weekday: str) -> tuple[Case, int, int]:
    """How many days after a meeting's last day its notes are due, for the database:
    `add_working_days` worked out once for each day of the week (and each limit),
    and chosen by the day the meeting ended on (`weekday`, 1 for Monday). With the
    fewest and the most days that can be (10 working days: 12 to 14 days)."""
    monday = dt.date(2024, 1, 1)
    projects: dict[int, list[int]] = defaultdict(list)
    for p in facts.projects:
        projects[facts.limits(p).notes_working_days].append(p.pk)
    whens = []
    days: set[int] = set()
    for count, ids in projects.items():
        for offset in range(7):
            day = monday + dt.timedelta(days=offset)
            allowed = add_working_days(day, count) - day
            days.add(allowed.days)
            when = Q(**{weekday: offset + 1})
            if len(projects) > 1:
                when &= Q(project_id__in=ids)
            whens.append(When(when, then=Value(allowed, output_field=DurationField())))
    return Case(*whens, output_field=DurationField()), min(days, default=0), max(days, default=0)


def late_notes_meetings(facts: ProjectFacts) -> QuerySet[Meeting]:
    """Meetings whose notes were not written within the working days allowed after
    their last day (or are still not written, and it is later than that)."""
    today = facts.now.astimezone(LONDON).date()
    # Days from the meeting's last day to the day its notes were written (or to
    # today, while they are not): one comparison, so the database works out each
    # meeting's day of the week once.
    written = Coalesce(local_day("notes_written_at"), Value(today, output_field=DateField()))
    # More than N days apart on the calendar means more than N days less an hour
    # (a clock change) apart in time, which is cheap to ask first.
    meetings = judged(facts).annotate(
        end_weekday=ExtractIsoWeekDay("ends_at", tzinfo=LONDON),
        waited=between(written, local_day("ends_at")),
    )
    allowed, fewest, most = working_days_allowed(facts, "end_weekday")
    # Working out the day of the week costs the database more than all the rest, so
    # it is asked only about meetings whose notes are neither surely late (more
    # days than any day of the week allows) nor surely in time.
    late = Q(waited__gt=dt.timedelta(days=most)) | (
        Q(waited__gt=dt.timedelta(days=fewest)) & Q(waited__gt=allowed)
    )
    perhaps = Q(notes_written_at__gt=F("ends_at") + dt.timedelta(days=fewest, hours=-1)) | Q(
        notes_written_at__isnull=True, ends_at__lt=facts.now - dt.timedelta(days=fewest, hours=-1)
    )
    return meetings.filter(perhaps).filter(late)


def notes_are_late(meeting: MeetingRecord, limits: Thresholds, today: dt.date) -> bool:
    """Notes not written within the working days allowed after the meeting's last
    day (or still not written, and `today` is later than that)."""
    due = add_working_days(london_day(meeting.ends_at), limits.notes_working_days)
    if meeting.notes_written_at is None:
        return today > due
    return london_day(meeting.notes_written_at) > due


def notes_late_found(facts: ProjectFacts) -> dict[int, Found]:
    if few_meetings(facts):
        today = london_day(facts.now)
        return found_in_python(facts, lambda m, limits: notes_are_late(m, limits, today))
    return found_by_project(late_notes_meetings(facts))[ALL]


@rule("notes_late", title=gettext_lazy("No notes after a meeting"))
def notes_late(facts: ProjectFacts) -> Iterator[RedFlag]:
    """No notes 10 working days after a meeting ended (or notes written later than that)."""
    found = notes_late_found(facts)
    for project in facts.projects:
        if project.pk in found:
            yield RedFlag(
                "notes_late",
                AMBER,
                project.pk,
                _("No notes after a meeting"),
                _("Notes of %(names)s were not shared within %(days)d working days.")
                % {
                    "names": _names(found[project.pk]),
                    "days": facts.limits(project).notes_working_days,
                },
                "meetings:list",
                _("Write up and share the notes"),
            )


# Access needs: worked out in Python (see meetings.checks.match_needs), but only
# for the meetings where someone invited has a need.


NeedCodes = dict[int, frozenset[str]]
Arranged = dict[int, dict[str, dt.datetime]]
WithNeeds = dict[int, list[MeetingFact]]


def _needs(facts: ProjectFacts) -> tuple[NeedCodes, Arranged, WithNeeds]:
    """For each meeting now due: what the people invited (who have not said they cannot
    come) need, when each arrangement was made, and the meetings themselves, oldest
    first. At most three queries, however many meetings: each member's needs once,
    then where those people are invited, then the arrangements; none if no project
    has a meeting."""
    if not facts.load("projects_with_meetings", _with_meetings):
        return {}, {}, {}
    # A meeting is due once its start is less than the organisation's hours away.
    # Asking the database for every meeting starting before the latest of those times
    # (a join, not a list of thousands of ids) finds them all, and perhaps a few more.
    hours = max((t.needs_met_hours for t in facts.thresholds.values()), default=0)
    meetings = Q(
        AnyOf("meeting__project_id", facts.ids),
        meeting__status=Meeting.Status.FIXED,
        meeting__starts_at__lte=facts.now + dt.timedelta(hours=hours),
        meeting__ends_at__isnull=False,
    )
    people = {m.person_id for group in facts.memberships.values() for m in group}
    needs_of: dict[int, set[str]] = defaultdict(set)
    # Access needs and ways to communicate, in one query (a union of the two).
    access = AccessNeed.objects.filter(AnyOf("profile__person_id", people)).values_list(
        "profile__person_id", "feature"
    )
    communication = CommunicationNeed.objects.filter(
        AnyOf("profile__person_id", people)
    ).values_list("profile__person_id", "format")
    for person_id, code in access.union(communication, all=True):
        needs_of[person_id].add(code)
    codes: dict[int, set[str]] = defaultdict(set)
    found: dict[int, MeetingFact] = {}
    if needs_of and few_meetings(facts):
        # The meetings and who was invited, as read for the other rules.
        invitees = invitees_of(facts)
        for group in records(facts).values():
            for record in group:
                if record.starts_at > facts.now + dt.timedelta(hours=hours):
                    continue
                for invitee in invitees.get(record.pk, []):
                    if invitee.way != Invitee.Way.NOT_COMING and invitee.person_id in needs_of:
                        codes[record.pk] |= needs_of[invitee.person_id]
                        found[record.pk] = record
    elif needs_of:
        for meeting_id, person_id, *details in (
            Invitee.objects.filter(meetings, AnyOf("person_id", needs_of))
            .exclude(way=Invitee.Way.NOT_COMING)
            .values_list(
                "meeting_id",
                "person_id",
                "meeting__project_id",
                "meeting__title",
                "meeting__starts_at",
                "meeting__place",
                "meeting__venue__features",
                "meeting__online_captions",
                "meeting__online_bsl",
            )
        ):
            codes[meeting_id] |= needs_of[person_id]
            if meeting_id not in found:
                project_id, title, starts, place, features, captions, bsl = details
                found[meeting_id] = MeetingFact(
                    meeting_id,
                    project_id,
                    title,
                    starts,
                    place,
                    list(features or []),
                    captions,
                    bsl,
                )
    arranged: Arranged = defaultdict(dict)
    if codes:
        if few_meetings(facts):
            meetings = Q(AnyOf("meeting_id", codes))
        for meeting_id, need, met_at in Arrangement.objects.filter(meetings).values_list(
            "meeting_id", "need", "met_at"
        ):
            arranged[meeting_id][need] = met_at
    by_project: WithNeeds = defaultdict(list)
    for meeting in sorted(found.values(), key=lambda m: (m.starts_at, m.pk)):
        by_project[meeting.project_id].append(meeting)
    return {pk: frozenset(got) for pk, got in codes.items()}, arranged, by_project


@functools.lru_cache(maxsize=4096)
def _unmet(
    needs: frozenset[str],
    *,
    in_person: bool,
    online: bool,
    features: frozenset[str],
    captions: bool,
    bsl: bool,
    arranged: frozenset[str],
) -> tuple[str, ...]:
    """The needs nothing meets (see meetings.checks.match_needs). Many meetings of a
    project share their people and their venue, so each answer is worked out once."""
    return tuple(
        match.need
        for match in match_needs(
            needs=dict.fromkeys(needs, 1),
            in_person=in_person,
            online=online,
            venue_features=features,
            captions=captions,
            bsl=bsl,
            arrangements=dict.fromkeys(arranged, ""),
        )
        if not match.is_met
    )


def _when(moment: dt.datetime) -> str:
    """'11:00 on Tuesday 3 March', in London time."""
    local = moment.astimezone(LONDON)
    return _("%(time)s on %(day)s") % {
        "time": f"{local:%H:%M}",
        "day": f"{local:%A} {local.day} {local:%B}",
    }


@rule("needs_not_met", title=gettext_lazy("Access needs not met in time"))
def needs_not_met(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A need of someone invited not met 48 hours before the meeting: red if nothing
    met it by then (and still nothing has); a warning if it was arranged, but late.

    A need counts as met when the venue has it, the online meeting gives it (see
    meetings.checks.match_needs), or an organiser marked it arranged in time. The
    flag gives counts and the meeting, never what a person needs."""
    needs, arranged, with_needs = facts.load("meeting_needs", _needs)
    for project in facts.projects:
        hours = facts.limits(project).needs_met_hours
        missing: list[MeetingFact] = []
        late: list[MeetingFact] = []
        missing_count = late_count = 0
        first_due: tuple[MeetingFact, dt.datetime] | None = None
        for meeting in with_needs.get(project.pk, []):
            due = meeting.starts_at - dt.timedelta(hours=hours)
            if facts.now < due or not needs.get(meeting.pk):
                continue  # not due yet, or nobody invited needs anything
            made = arranged.get(meeting.pk, {})
            unmet = _unmet(
                needs[meeting.pk],
                in_person=meeting.in_person,
                online=meeting.online,
                features=frozenset(meeting.venue_features),
                captions=meeting.captions,
                bsl=meeting.bsl,
                arranged=frozenset(need for need, at in made.items() if at <= due),
            )
            never = [need for need in unmet if need not in made]
            if never:
                missing.append(meeting)
                missing_count += len(never)
                first_due = first_due or (meeting, due)
            if len(unmet) > len(never):
                late.append(meeting)
                late_count += len(unmet) - len(never)
        if not (missing or late):
            continue
        parts = []
        if missing and first_due is not None:
            parts.append(
                ngettext(
                    "%(count)d access need was not met %(hours)d hours before %(names)s.",
                    "%(count)d access needs were not met %(hours)d hours before %(names)s.",
                    missing_count,
                )
                % {"count": missing_count, "hours": hours, "names": _names(listed(missing))}
            )
            parts.append(
                _("“%(name)s” needed everything in place by %(due)s.")
                % {"name": first_due[0].title, "due": _when(first_due[1])}
            )
        if late:
            parts.append(
                ngettext(
                    "%(count)d need was met less than %(hours)d hours before %(names)s.",
                    "%(count)d needs were met less than %(hours)d hours before %(names)s.",
                    late_count,
                )
                % {"count": late_count, "hours": hours, "names": _names(listed(late))}
            )
        yield RedFlag(
            "needs_not_met",
            RED if missing else AMBER,
            project.pk,
            _("Access needs not met") if missing else _("Access needs met late"),
            " ".join(parts),
            "meetings:list",
            _("Arrange what people need, in good time"),
        )


# Being there in person, online or by phone: someone who sent words before or
# after took part, but was not in the room when the decision was made.
THERE = (Invitee.Attended.IN_PERSON, Invitee.Attended.ONLINE, Invitee.Attended.PHONE)


def took_decisions(facts: ProjectFacts) -> Q:
    """A meeting that has started and took decisions (not dropped ones). A decision
    linked to a meeting was made there; one without a link was made at any meeting
    of its project on its day, in London time."""
    decisions = Decision.objects.filter(AnyOf("project_id", facts.ids)).exclude(
        status=Decision.Status.DROPPED
    )
    made_there = Q(pk__in=decisions.filter(meeting_id__isnull=False).values("meeting_id"))
    # Meetings on the day of a decision without one: a join of the two tables.
    made_that_day = Q(
        pk__in=decisions.filter(meeting__isnull=True)
        .annotate(
            start_day=local_day("project__meeting_set__starts_at"),
            end_day=local_day("project__meeting_set__ends_at"),
        )
        .filter(decided_on__gte=F("start_day"), decided_on__lte=F("end_day"))
        .values("project__meeting_set__id")
    )
    return Q(starts_at__lte=facts.now) & (made_there | made_that_day)


def of_perspective(perspective: str) -> Exists:
    """For the invitees of a meeting (in a query of meetings): the person is a member
    of the meeting's project (now or before) with this perspective. The project is
    the outer meeting's, not read again through each invitation's meeting: the
    database then joins the invitees with the members alone (on the bench, 100,000
    invitations: about 37 to 28 ms of the database's time)."""
    return Exists(
        Membership.objects.filter(
            project_id=OuterRef(OuterRef("project_id")),
            person_id=OuterRef("person_id"),
            perspective=perspective,
        )
    )


def took_decisions_at(meeting: MeetingRecord, decided: Decided, now: dt.datetime) -> bool:
    """As `took_decisions`, for one meeting."""
    if meeting.starts_at > now:
        return False
    if meeting.pk in decided.meetings:
        return True
    first, last = london_day(meeting.starts_at), london_day(meeting.ends_at)
    return any(first <= day <= last for day in decided.days.get(meeting.project_id, ()))


def lived_experience_there(invitees: Sequence[InviteeFact], lived: Set[int]) -> tuple[int, bool]:
    """How many people with lived experience (`lived`: their ids) were there, and
    whether anyone wrote down who came."""
    there = sum(1 for i in invitees if i.attended in THERE and i.person_id in lived)
    return there, any(i.attended for i in invitees)


SHORT, UNRECORDED = "short", "unrecorded"


def few_lived_experience_found(facts: ProjectFacts) -> dict[str, dict[int, Found]]:
    """Meetings that took decisions with too few people with lived experience there
    (SHORT; the figure is the fewest), and of those, the ones where nobody wrote
    down who came (UNRECORDED)."""
    if few_meetings(facts):
        decided = decisions_of(facts)
        invitees = invitees_of(facts)
        lived_ids = {
            p.pk: {
                m.person_id
                for m in facts.memberships[p.pk]
                if m.perspective == Perspective.LIVED_EXPERIENCE
            }
            for p in facts.projects
        }

        def short_of(meeting: MeetingRecord, limits: Thresholds) -> tuple[int, bool] | None:
            if not took_decisions_at(meeting, decided, facts.now):
                return None
            there, recorded = lived_experience_there(
                invitees.get(meeting.pk, []), lived_ids[meeting.project_id]
            )
            return (there, recorded) if there < limits.lived_experience_at_decisions else None

        def fewest(meeting: MeetingRecord, limits: Thresholds) -> int | None:
            found = short_of(meeting, limits)
            return None if found is None else found[0]

        def unrecorded(meeting: MeetingRecord, limits: Thresholds) -> bool:
            found = short_of(meeting, limits)
            return found is not None and not found[1]

        return {
            SHORT: found_in_python(facts, fewest),
            UNRECORDED: found_in_python(facts, unrecorded),
        }
    need = per_project(facts, lambda t: t.lived_experience_at_decisions, IntegerField())
    # Who came, counted over a join of the invitees with their membership of the
    # meeting's project (the database joins once, rather than asking per meeting).
    lived = FilteredRelation(
        "invitees__person__memberships",
        condition=Q(
            invitees__person__memberships__project_id=F("project_id"),
            invitees__person__memberships__perspective=Perspective.LIVED_EXPERIENCE,
        ),
    )
    lived_there = Q(invitees__attended__in=THERE, lived_membership__isnull=False)
    short = (
        judged(facts)
        .filter(took_decisions(facts))
        .annotate(lived_membership=lived)
        .annotate(
            lived=Count("invitees", filter=lived_there),
            # Whether anyone's attendance was written down, counted over the same join
            # (a person is a member of a project once, so each invitee is one row).
            # "Anything but not recorded ('')", not "not ''": a meeting with no
            # invitees has one row in the join, with no attendance, which is not ''.
            recorded=Count("invitees", filter=Q(invitees__attended__gt="")),
        )
        .filter(lived__lt=need)
    )
    # Nobody written down means nobody counted as there, so the meetings where nobody
    # wrote down who came are among those found: a group of them, in the same query,
    # rather than a second query that asked about each deciding meeting's invitees
    # again (about 8 ms of the database's time on the bench, and 3 of Django's).
    return found_by_project(
        short, {SHORT: None, UNRECORDED: Q(recorded=0)}, figures={SHORT: F("lived")}
    )


@rule(
    "few_lived_experience_deciding",
    title=gettext_lazy("Decisions with few people with lived experience there"),
)
def few_lived_experience_deciding(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A meeting that took decisions with fewer than 2 people with lived experience
    there (in person, online or by phone): red with nobody, a warning with fewer than 2."""
    found = few_lived_experience_found(facts)
    for project in facts.projects:
        if project.pk not in found[SHORT]:
            continue
        short_of = found[SHORT][project.pk]
        fewest = short_of.figure
        evidence = _(
            "%(names)s took decisions with fewer than %(need)d people with lived experience "
            "there. The fewest was %(fewest)d."
        ) % {
            "names": _names(short_of),
            "need": facts.limits(project).lived_experience_at_decisions,
            "fewest": fewest,
        }
        if project.pk in found[UNRECORDED]:
            evidence += " " + _("Nobody wrote down who came to %(names)s.") % {
                "names": _names(found[UNRECORDED][project.pk])
            }
        yield RedFlag(
            "few_lived_experience_deciding",
            RED if fewest == 0 else AMBER,
            project.pk,
            _("Decisions with few people with lived experience there"),
            evidence,
            "meetings:list",
            _("Decide when people with lived experience can be there"),
        )


def _needed(facts: ProjectFacts) -> dict[int, list[str]]:
    """The perspectives each project says it needs."""
    return {
        p.pk: [n.perspective for n in facts.needed[p.pk] if n.count > 0] for p in facts.projects
    }


def nobody_coming_holds(invitees: Sequence[InviteeFact], holders: Set[int]) -> bool:
    """Whether none of those invited, and still coming, is among `holders` (the
    ids of the members of the project with a perspective)."""
    return not any(i.way != Invitee.Way.NOT_COMING and i.person_id in holders for i in invitees)


def perspective_missing_found(facts: ProjectFacts) -> dict[str, dict[int, Found]]:
    """For each perspective some project needs: its meetings where nobody coming holds it."""
    needing: dict[str, list[int]] = defaultdict(list)
    for project_id, perspectives in _needed(facts).items():
        for perspective in perspectives:
            needing[perspective].append(project_id)
    if not needing:
        return {}
    if few_meetings(facts):
        invitees = invitees_of(facts)
        holders = {
            (p.pk, perspective): {
                m.person_id for m in facts.memberships[p.pk] if m.perspective == perspective
            }
            for perspective, ids in needing.items()
            for p in facts.projects
            if p.pk in ids
        }

        def missing_from(perspective: str) -> Judge:
            return lambda meeting, limits: nobody_coming_holds(
                invitees.get(meeting.pk, []), holders[meeting.project_id, perspective]
            )

        return {
            perspective: found_in_python(facts, missing_from(perspective), ids)
            for perspective, ids in needing.items()
        }
    coming = Invitee.objects.filter(meeting_id=OuterRef("pk")).exclude(way=Invitee.Way.NOT_COMING)
    # For each perspective some project needs, one query: the meetings of those
    # projects where nobody coming holds it. Written as "no such invitee" in the
    # filter, the database joins the tables once instead of looking at each
    # meeting's invitees in turn.
    found: dict[str, dict[int, Found]] = {}
    with_meetings = facts.load("projects_with_meetings", _with_meetings)
    for perspective, ids in needing.items():
        holding = coming.filter(of_perspective(perspective))
        lacking = judged(facts).exclude(Exists(holding))
        if not with_meetings.keys() <= set(ids):  # not every project with meetings needs it
            lacking = lacking.filter(AnyOf("project_id", ids))
        found[perspective] = found_by_project(lacking)[ALL]
    return found


@rule(
    "perspective_not_invited",
    title=gettext_lazy("A perspective the project needs is missing from a meeting"),
)
def perspective_not_invited(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A meeting where nobody invited (and still coming) brings a perspective the project
    says it needs: a warning, naming the perspective and the meetings."""
    needed = _needed(facts)
    found = perspective_missing_found(facts)
    for project in facts.projects:
        missing = [p for p in needed[project.pk] if project.pk in found[p]]
        if not missing:
            continue
        # In the order they first go missing (then as the project lists them).
        missing.sort(key=lambda p: found[p][project.pk].first)
        evidence = " ".join(
            _("Nobody coming to %(names)s has the “%(perspective)s” view the project needs.")
            % {"perspective": Perspective(p).label, "names": _names(found[p][project.pk])}
            for p in missing
        )
        yield RedFlag(
            "perspective_not_invited",
            AMBER,
            project.pk,
            _("A perspective the project needs is missing from a meeting"),
            evidence,
            "meetings:list",
            _("Invite someone with that experience"),
        )
