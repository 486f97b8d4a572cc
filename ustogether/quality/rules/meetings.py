"""Red flags from meetings: notice, papers, times of day, food, fee terms, notes,
access needs met in time, and lived experience at meetings that took decisions."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ustogether.decisions.models import Decision
from ustogether.meetings.checks import match_needs
from ustogether.meetings.models import Arrangement, Invitee, Meeting, Paper
from ustogether.people.models import AccessNeed, CommunicationNeed
from ustogether.projects.models import Perspective
from ustogether.quality.facts import ProjectFacts
from ustogether.quality.flags import AMBER, RED, RedFlag, rule

LONDON = ZoneInfo("Europe/London")
LUNCH = (dt.time(12, 0), dt.time(13, 0))
# A meeting on for at least this long between 12 and 1 runs over lunch.
LUNCH_OVERLAP = dt.timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class MeetingFact:
    pk: int
    project_id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    fixed_at: dt.datetime | None
    food: str
    fee_basis: str
    expenses: list[str]
    notes_written_at: dt.datetime | None
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


def _meetings(facts: ProjectFacts) -> dict[int, list[MeetingFact]]:
    """Every fixed (not cancelled) meeting of these projects, with a date. One query."""
    found: dict[int, list[MeetingFact]] = defaultdict(list)
    rows = (
        Meeting.objects.filter(
            project_id__in=facts.ids,
            status=Meeting.Status.FIXED,
            starts_at__isnull=False,
            ends_at__isnull=False,
        )
        .order_by("starts_at")
        .values_list(
            "pk",
            "project_id",
            "title",
            "starts_at",
            "ends_at",
            "date_fixed_at",
            "food",
            "fee_basis",
            "expenses_covered",
            "notes_written_at",
            "place",
            "venue__features",
            "online_captions",
            "online_bsl",
        )
    )
    for row in rows:
        pk, project_id, title, starts, ends, fixed, food, fee, expenses, notes, *where = row
        place, features, captions, bsl = where
        assert starts is not None and ends is not None  # filtered above
        meeting = MeetingFact(
            pk,
            project_id,
            title,
            starts,
            ends,
            fixed,
            food,
            fee,
            list(expenses or []),
            notes,
            place,
            list(features or []),
            captions,
            bsl,
        )
        found[project_id].append(meeting)
    return found


def meetings_of(facts: ProjectFacts) -> dict[int, list[MeetingFact]]:
    return facts.load("meetings", _meetings)


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LONDON).date()


def _names(meetings: Sequence[MeetingFact], limit: int = 3) -> str:
    names = ", ".join(f"“{m.title}”" for m in meetings[:limit])
    more = len(meetings) - limit
    return names + (
        ngettext(" and %(n)d more", " and %(n)d more", more) % {"n": more} if more > 0 else ""
    )


@rule("short_notice", title=gettext_lazy("Short notice"))
def short_notice(facts: ProjectFacts) -> Iterator[RedFlag]:
    """Less than 14 days' notice is a warning; less than 7, a red flag (from when the date was fixed)."""
    for project in facts.projects:
        limits = facts.limits(project)
        short = []
        shortest = None
        for meeting in meetings_of(facts).get(project.pk, []):
            if meeting.fixed_at is None:
                continue
            days = (_day(meeting.starts_at) - _day(meeting.fixed_at)).days
            if days < limits.notice_amber_days:
                short.append(meeting)
                shortest = days if shortest is None else min(shortest, days)
        if shortest is None:
            continue
        yield RedFlag(
            "short_notice",
            RED if shortest < limits.notice_red_days else AMBER,
            project.pk,
            _("Short notice"),
            ngettext(
                "%(count)d meeting had less than %(days)d days' notice: %(names)s. The shortest was %(shortest)d days.",
                "%(count)d meetings had less than %(days)d days' notice: %(names)s. The shortest was %(shortest)d days.",
                len(short),
            )
            % {
                "count": len(short),
                "days": limits.notice_amber_days,
                "names": _names(short),
                "shortest": shortest,
            },
            "meetings:list",
            _("Plan meetings further ahead"),
        )


def _papers(facts: ProjectFacts) -> dict[int, list[tuple[str, dt.datetime | None]]]:
    """Each meeting's papers still in use: title and when sent (None: not sent yet)."""
    ids = [m.pk for group in meetings_of(facts).values() for m in group]
    found: dict[int, list[tuple[str, dt.datetime | None]]] = defaultdict(list)
    for meeting_id, title, sent_at in Paper.objects.filter(
        meeting_id__in=ids, withdrawn_at__isnull=True
    ).values_list("meeting_id", "title", "sent_at"):
        found[meeting_id].append((title, sent_at))
    return found


@rule("late_papers", title=gettext_lazy("Papers sent late"))
def late_papers(facts: ProjectFacts) -> Iterator[RedFlag]:
    """Papers under 7 days before the meeting are a warning; under 2 days, a red flag.
    A paper not sent yet counts from today, once its meeting is near."""
    papers = facts.load("papers", _papers)
    today = _day(facts.now)
    for project in facts.projects:
        limits = facts.limits(project)
        late = []
        fewest = None
        for meeting in meetings_of(facts).get(project.pk, []):
            for _title, sent_at in papers.get(meeting.pk, []):
                sent = _day(sent_at) if sent_at is not None else today
                days = (_day(meeting.starts_at) - sent).days
                if sent_at is None and days >= limits.papers_amber_days:
                    continue  # not sent, but not late yet
                if days < limits.papers_amber_days:
                    late.append(meeting)
                    fewest = days if fewest is None else min(fewest, days)
                    break
        if fewest is None:
            continue
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


def _lunch_overlap(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    start, end = start.astimezone(LONDON), end.astimezone(LONDON)
    longest = dt.timedelta(0)
    day = start.date()
    while day <= end.date():
        lunch_start = dt.datetime.combine(day, LUNCH[0], tzinfo=LONDON)
        lunch_end = dt.datetime.combine(day, LUNCH[1], tzinfo=LONDON)
        longest = max(longest, min(end, lunch_end) - max(start, lunch_start))
        day += dt.timedelta(days=1)
    return longest


@rule("hard_times", title=gettext_lazy("Times that are hard to get to"))
def hard_times(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A start before 10:00 or an end after 16:00 (London time)."""
    for project in facts.projects:
        limits = facts.limits(project)
        hard = [
            m
            for m in meetings_of(facts).get(project.pk, [])
            if m.starts_at.astimezone(LONDON).time() < limits.earliest_start
            or m.ends_at.astimezone(LONDON).time() > limits.latest_end
            or _day(m.ends_at) > _day(m.starts_at)
        ]
        if hard:
            yield RedFlag(
                "hard_times",
                AMBER,
                project.pk,
                _("Times that are hard to get to"),
                _("%(names)s started before %(start)d:00 or ended after %(end)d:00.")
                % {
                    "names": _names(hard),
                    "start": limits.earliest_start_hour,
                    "end": limits.latest_end_hour,
                },
                "meetings:list",
                _("Meet between 10:00 and 16:00"),
            )


@rule("no_food", title=gettext_lazy("No food at a long meeting or over lunch"))
def no_food(facts: ProjectFacts) -> Iterator[RedFlag]:
    """Over the lunch hour without a meal, or longer than 3 hours with no food at all."""
    for project in facts.projects:
        limits = facts.limits(project)
        longest = dt.timedelta(hours=limits.longest_hours_without_food)
        hungry = [
            m
            for m in meetings_of(facts).get(project.pk, [])
            if (
                m.food != Meeting.Food.MEAL
                and _lunch_overlap(m.starts_at, m.ends_at) >= LUNCH_OVERLAP
            )
            or (m.food == Meeting.Food.NONE and m.ends_at - m.starts_at > longest)
        ]
        if hungry:
            yield RedFlag(
                "no_food",
                AMBER,
                project.pk,
                _("No food at a long meeting or over lunch"),
                _("%(names)s ran over lunch with no meal, or went on a long time with no food.")
                % {"names": _names(hungry)},
                "meetings:list",
                _("Offer lunch, or change the time"),
            )


@rule("no_fee_terms", title=gettext_lazy("No fee or costs agreed"))
def no_fee_terms(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A meeting with no fee and no costs paid back is red; a fee but no costs, a warning."""
    for project in facts.projects:
        meetings = meetings_of(facts).get(project.pk, [])
        nothing = [m for m in meetings if not m.fee_basis and not m.expenses]
        no_costs = [m for m in meetings if m.fee_basis and not m.expenses]
        if nothing:
            yield RedFlag(
                "no_fee_terms",
                RED,
                project.pk,
                _("No fee or costs agreed"),
                _("%(names)s had no fee and paid back no costs.") % {"names": _names(nothing)},
                "meetings:list",
                _("Agree fees and costs before you invite people"),
            )
        elif no_costs:
            yield RedFlag(
                "no_fee_terms",
                AMBER,
                project.pk,
                _("No costs paid back"),
                _("%(names)s paid a fee but no costs, like travel.") % {"names": _names(no_costs)},
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


@rule("notes_late", title=gettext_lazy("No notes after a meeting"))
def notes_late(facts: ProjectFacts) -> Iterator[RedFlag]:
    """No notes 10 working days after a meeting ended (or notes written later than that)."""
    today = _day(facts.now)
    for project in facts.projects:
        days = facts.limits(project).notes_working_days
        late = []
        for meeting in meetings_of(facts).get(project.pk, []):
            due = add_working_days(_day(meeting.ends_at), days)
            written = _day(meeting.notes_written_at) if meeting.notes_written_at else None
            if (written is None and today > due) or (written is not None and written > due):
                late.append(meeting)
        if late:
            yield RedFlag(
                "notes_late",
                AMBER,
                project.pk,
                _("No notes after a meeting"),
                _("Notes of %(names)s were not shared within %(days)d working days.")
                % {"names": _names(late), "days": days},
                "meetings:list",
                _("Write up and share the notes"),
            )


NeedCodes = dict[int, frozenset[str]]
Arranged = dict[int, dict[str, dt.datetime]]


def _needs(facts: ProjectFacts) -> tuple[NeedCodes, Arranged]:
    """For each meeting now due: what the people invited (who have not said they cannot
    come) need, and when each arrangement was made. At most four queries, however many
    meetings: each member's needs once, then where those people are invited, then the
    arrangements; none if no meeting is due."""
    # A meeting is due once its start is less than the organisation's hours away.
    # Asking the database for every meeting starting before the latest of those times
    # (a join, not a list of thousands of ids) finds them all, and perhaps a few more.
    hours = max((t.needs_met_hours for t in facts.thresholds.values()), default=0)
    if not any(
        m.starts_at - dt.timedelta(hours=hours) <= facts.now
        for group in meetings_of(facts).values()
        for m in group
    ):
        return {}, {}
    meetings = Q(
        meeting__project_id__in=facts.ids,
        meeting__status=Meeting.Status.FIXED,
        meeting__starts_at__lte=facts.now + dt.timedelta(hours=hours),
    )
    people = {m.person_id for group in facts.memberships.values() for m in group}
    needs_of: dict[int, set[str]] = defaultdict(set)
    for person_id, code in AccessNeed.objects.filter(profile__person_id__in=people).values_list(
        "profile__person_id", "feature"
    ):
        needs_of[person_id].add(code)
    for person_id, code in CommunicationNeed.objects.filter(
        profile__person_id__in=people
    ).values_list("profile__person_id", "format"):
        needs_of[person_id].add(code)
    codes: dict[int, set[str]] = defaultdict(set)
    if needs_of:
        for meeting_id, person_id in (
            Invitee.objects.filter(meetings, person_id__in=list(needs_of))
            .exclude(way=Invitee.Way.NOT_COMING)
            .values_list("meeting_id", "person_id")
        ):
            codes[meeting_id] |= needs_of[person_id]
    arranged: Arranged = defaultdict(dict)
    if codes:
        for meeting_id, need, met_at in Arrangement.objects.filter(meetings).values_list(
            "meeting_id", "need", "met_at"
        ):
            arranged[meeting_id][need] = met_at
    return {pk: frozenset(found) for pk, found in codes.items()}, arranged


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
    needs, arranged = facts.load("meeting_needs", _needs)
    for project in facts.projects:
        hours = facts.limits(project).needs_met_hours
        missing: list[MeetingFact] = []
        late: list[MeetingFact] = []
        missing_count = late_count = 0
        first_due: tuple[MeetingFact, dt.datetime] | None = None
        for meeting in meetings_of(facts).get(project.pk, []):
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
                % {"count": missing_count, "hours": hours, "names": _names(missing)}
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
                % {"count": late_count, "hours": hours, "names": _names(late)}
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


def _deciding(facts: ProjectFacts) -> dict[int, list[MeetingFact]]:
    """Meetings that took decisions (not dropped ones). A decision linked to a meeting
    was made there; one without a link was made at any meeting on its day, in London
    time. One query; none if no meeting has started."""
    found: dict[int, list[MeetingFact]] = defaultdict(list)
    started = {
        project_id: [m for m in meetings if m.starts_at <= facts.now]
        for project_id, meetings in meetings_of(facts).items()
    }
    if not any(started.values()):
        return found
    days: dict[int, set[dt.date]] = defaultdict(set)
    linked: set[int] = set()
    for project_id, decided_on, meeting_id in (
        Decision.objects.filter(project_id__in=facts.ids)
        .exclude(status=Decision.Status.DROPPED)
        .order_by()  # no ordering, so DISTINCT is on these columns alone
        .values_list("project_id", "decided_on", "meeting_id")
        .distinct()
    ):
        if meeting_id is not None:
            linked.add(meeting_id)
        else:
            days[project_id].add(decided_on)
    for project_id, meetings in started.items():
        for meeting in meetings:
            first, last = _day(meeting.starts_at), _day(meeting.ends_at)
            if meeting.pk in linked or any(
                first <= day <= last for day in days.get(project_id, ())
            ):
                found[project_id].append(meeting)
    return found


def _attendance(facts: ProjectFacts) -> tuple[dict[int, set[int]], set[int]]:
    """Who was there at each meeting that took decisions, and which meetings have
    anyone's attendance written down at all. One query; none if no meeting decided."""
    ids = [m.pk for group in facts.load("deciding_meetings", _deciding).values() for m in group]
    there: dict[int, set[int]] = defaultdict(set)
    recorded: set[int] = set()
    if not ids:
        return there, recorded
    for meeting_id, person_id, attended in (
        Invitee.objects.filter(meeting_id__in=ids).exclude(attended="")
    ).values_list("meeting_id", "person_id", "attended"):
        recorded.add(meeting_id)
        if attended in THERE:
            there[meeting_id].add(person_id)
    return there, recorded


@rule(
    "few_lived_experience_deciding",
    title=gettext_lazy("Decisions with few people with lived experience there"),
)
def few_lived_experience_deciding(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A meeting that took decisions with fewer than 2 people with lived experience
    there (in person, online or by phone): red with nobody, a warning with fewer than 2."""
    deciding = facts.load("deciding_meetings", _deciding)
    there, recorded = facts.load("attendance_at_decisions", _attendance)
    for project in facts.projects:
        if project.pk not in deciding:
            continue
        need = facts.limits(project).lived_experience_at_decisions
        lived = {
            m.person_id
            for m in facts.memberships[project.pk]
            if m.perspective == Perspective.LIVED_EXPERIENCE
        }
        short: list[MeetingFact] = []
        fewest = need
        for meeting in deciding[project.pk]:
            count = len(there.get(meeting.pk, set()) & lived)
            if count < need:
                short.append(meeting)
                fewest = min(fewest, count)
        if not short:
            continue
        evidence = _(
            "%(names)s took decisions with fewer than %(need)d people with lived experience "
            "there. The fewest was %(fewest)d."
        ) % {"names": _names(short), "need": need, "fewest": fewest}
        unrecorded = [m for m in short if m.pk not in recorded]
        if unrecorded:
            evidence += " " + _("Nobody wrote down who came to %(names)s.") % {
                "names": _names(unrecorded)
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


def _invited(facts: ProjectFacts) -> dict[int, set[int]]:
    """Who is invited to each fixed meeting and has not said they cannot come. One
    query; none if there is no such meeting."""
    invited: dict[int, set[int]] = defaultdict(set)
    if not any(meetings_of(facts).values()):
        return invited
    for meeting_id, person_id in (
        Invitee.objects.filter(
            meeting__project_id__in=facts.ids, meeting__status=Meeting.Status.FIXED
        )
        .exclude(way=Invitee.Way.NOT_COMING)
        .values_list("meeting_id", "person_id")
    ):
        invited[meeting_id].add(person_id)
    return invited


@rule(
    "perspective_not_invited",
    title=gettext_lazy("A perspective the project needs is missing from a meeting"),
)
def perspective_not_invited(facts: ProjectFacts) -> Iterator[RedFlag]:
    """A meeting where nobody invited (and still coming) brings a perspective the project
    says it needs: a warning, naming the perspective and the meetings."""
    invited = facts.load("invited", _invited)
    for project in facts.projects:
        needed = [n.perspective for n in facts.needed[project.pk] if n.count > 0]
        if not needed:
            continue
        perspective_of = {m.person_id: m.perspective for m in facts.memberships[project.pk]}
        missing: dict[str, list[MeetingFact]] = defaultdict(list)
        for meeting in meetings_of(facts).get(project.pk, []):
            there = {perspective_of.get(pk) for pk in invited.get(meeting.pk, set())}
            for perspective in needed:
                if perspective not in there:
                    missing[perspective].append(meeting)
        if not missing:
            continue
        evidence = " ".join(
            _("Nobody coming to %(names)s has the “%(perspective)s” view the project needs.")
            % {"perspective": Perspective(p).label, "names": _names(meetings)}
            for p, meetings in missing.items()
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
