"""Red flags from meetings: notice, papers, times of day, food, fee terms, notes,
access needs met in time, and lived experience at meetings that took decisions.

An organisation's scorecard judges thousands of meetings, so most rules ask the
database which meetings break them, and get back only what the flag says: for
each project, how many meetings, the names of the first few, and the rule's own
figure (the fewest days' notice, say). See `found_by_project`. Each rule's test
of one meeting is written out in the rule, in the database's terms (days in
London time, working days, the lunch hour).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import EmptyResultSet
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
    TruncDate,
    TruncTime,
)
from django.utils.translation import get_language, gettext, gettext_lazy
from django.utils.translation import ngettext as django_ngettext

from ustogether.decisions.models import Decision
from ustogether.meetings.checks import match_needs
from ustogether.meetings.models import Arrangement, Invitee, Meeting, Paper
from ustogether.people.models import AccessNeed, CommunicationNeed
from ustogether.projects.models import Membership, Perspective
from ustogether.quality.facts import ProjectFacts
from ustogether.quality.flags import AMBER, RED, RedFlag, rule
from ustogether.quality.thresholds import Thresholds

LONDON = ZoneInfo("Europe/London")
LUNCH = (dt.time(12, 0), dt.time(13, 0))
# A meeting on for at least this long between 12 and 1 runs over lunch.
LUNCH_OVERLAP = dt.timedelta(minutes=30)
# A flag names this many meetings and counts the rest ("and 4 more").
NAMED = 3


# An organisation's scorecard writes hundreds of flags from the same few sentences,
# and each translation walks the catalogues (some 15 µs): each sentence is looked
# up once for each language (and number).


@functools.lru_cache(maxsize=256)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


@functools.lru_cache(maxsize=1024)
def _translated_plural(language: str | None, singular: str, plural: str, count: int) -> str:
    return django_ngettext(singular, plural, count)


def _(message: str) -> str:
    return _translated(get_language(), message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translated_plural(get_language(), singular, plural, count)


# What the rules judge, in the database's terms


class AnyOf(Expression):
    """`field IN (ids)`, with the ids sent as one parameter (an array) on PostgreSQL
    rather than one parameter each: every query here asks about all of an
    organisation's projects, and each parameter costs Django and the driver time."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, field: str, ids: Iterable[int]) -> None:
        super().__init__()
        self.column: Any = F(field)
        self.ids = list(ids)

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.column,) = exprs

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:
        if not self.ids:
            raise EmptyResultSet  # as `field__in=[]`: Django then asks the database nothing
        sql, params = compiler.compile(self.column)
        if connection.vendor == "postgresql":
            return f"{sql} = ANY(%s)", (*params, self.ids)
        marks = ", ".join(["%s"] * len(self.ids)) or "NULL"
        return f"{sql} IN ({marks})", (*params, *self.ids)


def _with_meetings(facts: ProjectFacts) -> list[int]:
    """Which of these projects have a fixed (not cancelled) meeting with a date. One
    query, shared by the rules; a project with no meeting costs them nothing more."""
    return list(
        Meeting.objects.filter(
            AnyOf("project_id", facts.ids),
            status=Meeting.Status.FIXED,
            starts_at__isnull=False,
            ends_at__isnull=False,
        )
        .order_by()
        .values_list("project_id", flat=True)
        .distinct()
    )


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
) -> dict[str, dict[int, Found]]:
    """For each group of meetings a rule looks for (each a condition, or None for
    all of them), and each project with any: how many, and the first NAMED by
    start; and the least `figure` of all the meetings given. With no groups, all
    the meetings given are found, under ALL: most rules filter the meetings
    themselves, so that the database tests each meeting once (and can join tables
    rather than ask about each meeting in turn).

    One query, however many meetings: the database counts each project's meetings
    in each group (window functions) and sends back only the first NAMED of each,
    not every meeting. Every count runs over the same order (the project, then the
    start), so the database sorts the meetings once for all the groups: a running
    count of a group, in that order, is a meeting's place in it."""
    order = [F(field).asc() for field in order_by]
    project = [F("project_id")]
    conditions: Mapping[str, Q | Exists | None] = groups if groups is not None else {ALL: None}
    wanted: list[Q] = []
    flags: dict[str, Any] = {}
    windows: dict[str, Any] = {}
    for name, condition in conditions.items():
        where = Q(**{f"place_{name}__lte": NAMED})
        if condition is not None:
            flags[f"in_{name}"] = ExpressionWrapper(condition, output_field=BooleanField())
            where &= Q(**{f"in_{name}": True})
        counted = Count("id", filter=condition)
        windows[f"place_{name}"] = Window(counted, partition_by=project, order_by=order)
        windows[f"count_{name}"] = Window(counted, partition_by=project)
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
            if not row.get(f"in_{name}", True) or row[f"place_{name}"] > NAMED:
                continue
            first = found[name].get(row["project_id"])
            if first is None:
                first = found[name][row["project_id"]] = Found(
                    row[f"count_{name}"],
                    [],
                    row.get("figure"),
                    (row["starts_at"], row["id"]),
                )
            first.names.append(row["title"])
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


@rule("short_notice", title=gettext_lazy("Short notice"))
def short_notice(facts: ProjectFacts) -> Iterator[RedFlag]:
    """Less than 14 days' notice is a warning; less than 7, a red flag (from when the date was fixed)."""
    found = found_by_project(short_notice_meetings(facts), figure=F("notice"))[ALL]
    for project in facts.projects:
        if project.pk not in found:
            continue
        limits = facts.limits(project)
        short = found[project.pk]
        shortest = short.figure.days
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


@rule("late_papers", title=gettext_lazy("Papers sent late"))
def late_papers(facts: ProjectFacts) -> Iterator[RedFlag]:
    """Papers under 7 days before the meeting are a warning; under 2 days, a red flag.
    A paper not sent yet counts from today, once its meeting is near."""
    today = facts.now.astimezone(LONDON).date()
    warn = per_project(
        facts,
        lambda t: dt.timedelta(days=t.papers_amber_days),
        DurationField(),
        project="meeting__project_id",
    )
    # Papers still in use that came late: days before the meeting (from today if
    # not sent yet) under the limit. A meeting's figure is that of its first late
    # paper, as uploaded.
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
    first_late = sent_late.filter(meeting_id=OuterRef("pk")).order_by("uploaded_at", "id")
    # Meetings with a late paper first (a join), then the figure for those alone.
    meetings = (
        judged(facts)
        .filter(Exists(sent_late.filter(meeting_id=OuterRef("pk"))))
        .annotate(late_by=Subquery(first_late.values("ahead")[:1], output_field=DurationField()))
    )
    found = found_by_project(meetings, figure=F("late_by"))[ALL]
    for project in facts.projects:
        if project.pk not in found:
            continue
        limits = facts.limits(project)
        late = found[project.pk]
        fewest = late.figure.days
        yield RedFlag(
            "late_papers",
            RED if fewest < limits.papers_red_days else AMBER,
            project.pk,
            _("Papers sent late"),
            _(
                "Papers came less than %(days)d days before: %(names)s. The latest came %(fewest)d days before."
            )
            % {"days": limits.papers_amber_days, "names": _names(late), "fewest": max(fewest, 0)},
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


@rule("hard_times", title=gettext_lazy("Times that are hard to get to"))
def hard_times(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A start before 10:00 or an end after 16:00 (London time)."""
    found = found_by_project(hard_time_meetings(facts))[ALL]
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


@rule("no_food", title=gettext_lazy("No food at a long meeting or over lunch"))
def no_food(facts: ProjectFacts) -> Iterator[RedFlag]:
    """Over the lunch hour without a meal, or longer than 3 hours with no food at all."""
    found = found_by_project(hungry_meetings(facts))[ALL]
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


@rule("no_fee_terms", title=gettext_lazy("No fee or costs agreed"))
def no_fee_terms(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A meeting with no fee and no costs paid back is red; a fee but no costs, a warning."""
    no_costs = (
        Q(expenses_covered=[])
        | Q(expenses_covered=None)  # JSON null
        | Q(expenses_covered__isnull=True)
    )
    unpaid = Q(fee_basis=Meeting.FeeBasis.UNPAID)
    found = found_by_project(
        judged(facts).filter(no_costs), {"nothing": unpaid, "no_costs": ~unpaid}
    )
    for project in facts.projects:
        if project.pk in found["nothing"]:
            yield RedFlag(
                "no_fee_terms",
                RED,
                project.pk,
                _("No fee or costs agreed"),
                _("%(names)s had no fee and paid back no costs.")
                % {"names": _names(found["nothing"][project.pk])},
                "meetings:list",
                _("Agree fees and costs before you invite people"),
            )
        elif project.pk in found["no_costs"]:
            yield RedFlag(
                "no_fee_terms",
                AMBER,
                project.pk,
                _("No costs paid back"),
                _("%(names)s paid a fee but no costs, like travel.")
                % {"names": _names(found["no_costs"][project.pk])},
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


@rule("notes_late", title=gettext_lazy("No notes after a meeting"))
def notes_late(facts: ProjectFacts) -> Iterator[RedFlag]:
    """No notes 10 working days after a meeting ended (or notes written later than that)."""
    found = found_by_project(late_notes_meetings(facts))[ALL]
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


NeedCodes = dict[int, frozenset[str]]
Arranged = dict[int, dict[str, dt.datetime]]
WithNeeds = dict[int, list[MeetingFact]]


def _needs(facts: ProjectFacts) -> tuple[NeedCodes, Arranged, WithNeeds]:
    """For each meeting now due: what the people invited (who have not said they cannot
    come) need, when each arrangement was made, and the meetings themselves, oldest
    first. At most four queries, however many meetings: each member's needs once,
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
    for person_id, code in AccessNeed.objects.filter(
        AnyOf("profile__person_id", people)
    ).values_list("profile__person_id", "feature"):
        needs_of[person_id].add(code)
    for person_id, code in CommunicationNeed.objects.filter(
        AnyOf("profile__person_id", people)
    ).values_list("profile__person_id", "format"):
        needs_of[person_id].add(code)
    codes: dict[int, set[str]] = defaultdict(set)
    found: dict[int, MeetingFact] = {}
    if needs_of:
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
    """For invitees: the person is a member of the meeting's project (now or before)
    with this perspective."""
    return Exists(
        Membership.objects.filter(
            project_id=OuterRef("meeting__project_id"),
            person_id=OuterRef("person_id"),
            perspective=perspective,
        )
    )


@rule(
    "few_lived_experience_deciding",
    title=gettext_lazy("Decisions with few people with lived experience there"),
)
def few_lived_experience_deciding(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A meeting that took decisions with fewer than 2 people with lived experience
    there (in person, online or by phone): red with nobody, a warning with fewer than 2."""
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
    deciding = judged(facts).filter(took_decisions(facts))
    short = (
        deciding.annotate(lived_membership=lived)
        .annotate(lived=Count("invitees", filter=lived_there))
        .filter(lived__lt=need)
    )
    found = {"short": found_by_project(short, figure=F("lived"))[ALL], "unrecorded": {}}
    if found["short"]:
        # Of those, the ones where nobody wrote down who came. Nobody written down
        # means nobody counted as there, so these are the deciding meetings with no
        # attendance at all (when any are needed): no need to count who came again.
        recorded = Invitee.objects.filter(meeting_id=OuterRef("pk")).exclude(attended="")
        needing = [p.pk for p in facts.projects if facts.limits(p).lived_experience_at_decisions]
        unrecorded = deciding.filter(AnyOf("project_id", needing)).exclude(Exists(recorded))
        found["unrecorded"] = found_by_project(unrecorded)[ALL]
    for project in facts.projects:
        if project.pk not in found["short"]:
            continue
        short_of = found["short"][project.pk]
        fewest = short_of.figure
        evidence = _(
            "%(names)s took decisions with fewer than %(need)d people with lived experience "
            "there. The fewest was %(fewest)d."
        ) % {
            "names": _names(short_of),
            "need": facts.limits(project).lived_experience_at_decisions,
            "fewest": fewest,
        }
        if project.pk in found["unrecorded"]:
            evidence += " " + _("Nobody wrote down who came to %(names)s.") % {
                "names": _names(found["unrecorded"][project.pk])
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


@rule(
    "perspective_not_invited",
    title=gettext_lazy("A perspective the project needs is missing from a meeting"),
)
def perspective_not_invited(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A meeting where nobody invited (and still coming) brings a perspective the project
    says it needs: a warning, naming the perspective and the meetings."""
    needed: dict[int, list[str]] = {
        p.pk: [n.perspective for n in facts.needed[p.pk] if n.count > 0] for p in facts.projects
    }
    needing: dict[str, list[int]] = defaultdict(list)
    for project_id, perspectives in needed.items():
        for perspective in perspectives:
            needing[perspective].append(project_id)
    if not needing:
        return
    coming = Invitee.objects.filter(meeting_id=OuterRef("pk")).exclude(way=Invitee.Way.NOT_COMING)
    # For each perspective some project needs, one query: the meetings of those
    # projects where nobody coming holds it. Written as "no such invitee" in the
    # filter, the database joins the tables once instead of looking at each
    # meeting's invitees in turn.
    found: dict[str, dict[int, Found]] = {}
    for perspective, ids in needing.items():
        holding = coming.filter(of_perspective(perspective))
        lacking = judged(facts).filter(AnyOf("project_id", ids)).exclude(Exists(holding))
        found[perspective] = found_by_project(lacking)[ALL]
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
