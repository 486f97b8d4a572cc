"""Reads about meetings: the needs of the people invited (as counts), poll results."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable

from django.db.models import Exists, OuterRef, Subquery

from ustogether.people.models import AccessNeed, CommunicationNeed, Person
from ustogether.plainlanguage.models import EasyReadVersion
from ustogether.projects.models import Membership

from . import checks, scheduling
from .models import (
    NOTES_DUE_WORKING_DAYS,
    CandidateTime,
    DatePoll,
    Invitee,
    Meeting,
    Paper,
    PollAnswer,
)

# The columns a person's name is shown from (Person.name_to_show): pages that list
# people load just these, not all of a person's columns.
NAME_COLUMNS = ("person__preferred_name", "person__full_name", "person__email")


def needs_of_invitees(meeting: Meeting, *, people: Collection[int] | None = None) -> dict[str, int]:
    """How many people invited have each need: counts only, never who. Needs are
    stored with each person's consent; the organiser sees what to arrange.

    `people`: the ids of those invited who are coming, if the page has them already
    (the meeting page does); otherwise the query finds them itself."""
    coming: Iterable[int] = (
        people
        if people is not None
        else meeting.invitees.exclude(way=Invitee.Way.NOT_COMING).values_list(
            "person_id", flat=True
        )
    )
    access = AccessNeed.objects.filter(profile__person_id__in=coming).values_list("feature")
    communication = CommunicationNeed.objects.filter(profile__person_id__in=coming).values_list(
        "format"
    )
    # Both kinds of need in one query (UNION ALL), one row per person and need (a
    # constraint), counted here: the meeting page runs this each time, and this SQL
    # costs about half as much to build as counting in the database.
    return dict(Counter(code for (code,) in access.union(communication, all=True)))


def needs_matched(
    meeting: Meeting, *, people: Collection[int] | None = None
) -> list[checks.NeedMatch]:
    """Each need among the people invited, and how (or whether) this meeting meets it.
    `people`: as for needs_of_invitees."""
    # One arrangement per need (a constraint), so no order is needed: it costs to build.
    arrangements = dict(meeting.arrangements.order_by().values_list("need", "how"))
    return checks.match_needs(
        needs=needs_of_invitees(meeting, people=people),
        in_person=meeting.meets_in_person,
        online=meeting.meets_online,
        venue_features=meeting.venue.features if meeting.venue else (),
        captions=meeting.online_captions,
        bsl=meeting.online_bsl,
        arrangements=arrangements,
    )


def invitee_weights(meeting: Meeting) -> dict[int, int]:
    """Each invited person's weight in the poll, from their perspective in the project."""
    perspectives = dict(
        Membership.objects.filter(
            project_id=meeting.project_id,
            person_id__in=meeting.invitees.values("person_id"),
        ).values_list("person_id", "perspective")
    )
    return {pid: scheduling.weight_for(p) for pid, p in perspectives.items()}


def poll_ranking(poll: DatePoll) -> list[scheduling.Tally]:
    """The poll's times, best first by the rule in scheduling.py (2 queries + weights)."""
    candidates = [
        scheduling.Candidate(id=pk, starts_at=starts_at)
        for pk, starts_at in poll.times.filter(withdrawn_at__isnull=True).values_list(
            "pk", "starts_at"
        )
    ]
    answers = PollAnswer.objects.filter(
        time__poll=poll, time__withdrawn_at__isnull=True
    ).values_list("time_id", "person_id", "answer")
    tallies = scheduling.tally_answers(candidates, answers, invitee_weights(poll.meeting))
    return scheduling.rank(tallies)


def live_papers(meeting: Meeting) -> list[Paper]:
    return list(meeting.papers.filter(withdrawn_at__isnull=True).order_by("uploaded_at", "id"))


def live_papers_marked(meeting: Meeting) -> list[Paper]:
    """live_papers, each with `has_easy_read`: whether an Easy Read version of it is
    written here (plainlanguage's EasyReadVersion). In the same query, not a second."""
    # The content type by its name, joined, rather than get_for_model(): that looks
    # it up (a query) the first time, even for a meeting with no papers.
    written = EasyReadVersion.objects.filter(
        content_type__app_label=Paper._meta.app_label,
        content_type__model=Paper._meta.model_name,
        object_id=OuterRef("pk"),
    )
    return list(
        meeting.papers.filter(withdrawn_at__isnull=True)
        .annotate(has_easy_read=Exists(written))
        .order_by("uploaded_at", "id")
    )


def invitees_named(meeting: Meeting) -> list[Invitee]:
    """Everyone invited, first invited first, with the columns of their names."""
    # "meeting" too: the related manager sets each invitation's meeting from it.
    return list(
        meeting.invitees.select_related("person").only(
            "meeting", "way", "attended", "person", *NAME_COLUMNS
        )
    )


def poll_invitees(meeting: Meeting) -> list[Invitee]:
    """Everyone invited, for the poll page: the columns of their names, and
    `perspective`, their perspective in the project (None for someone not in it),
    for their weight in the poll. One query."""
    perspective = Membership.objects.filter(
        project_id=meeting.project_id, person_id=OuterRef("person_id")
    ).values("perspective")  # one membership per project and person (a constraint)
    return list(
        meeting.invitees.select_related("person")
        .only("meeting", "person", *NAME_COLUMNS)
        .annotate(perspective=Subquery(perspective))
    )


def live_answers(times: list[CandidateTime]) -> list[tuple[int, int, str, str]]:
    """Every answer to these times (a poll's live ones) as (time id, person id, answer,
    note), oldest first. One query serves the tallies, the person's own answers,
    who answered, and the notes."""
    return list(
        PollAnswer.objects.filter(time_id__in=[t.pk for t in times]).values_list(
            "time_id", "person_id", "answer", "note"
        )
    )


def names_of(ids: set[int], invitees: list[Invitee]) -> dict[int, str]:
    """The names of these people, from `invitees` (loaded with poll_invitees). Someone
    who answered and is no longer invited is looked up (a query, only then)."""
    names = {i.person_id: i.person.display_name for i in invitees if i.person_id in ids}
    missing = ids - names.keys()
    if missing:
        names.update(
            (pk, Person.name_to_show(preferred, full, email))
            for pk, preferred, full, email in Person.objects.filter(pk__in=missing).values_list(
                "pk", "preferred_name", "full_name", "email"
            )
        )
    return names


def meeting_flags(
    meeting: Meeting,
    *,
    papers: list[Paper],
    needs: list[checks.NeedMatch] | None,
    now: dt.datetime,
) -> list[checks.Flag]:
    """Everything that shows this meeting falling short, in plain words. `needs` is
    None for people who may not see needs (they see no needs flag)."""
    if meeting.is_cancelled:
        return []
    flags: list[checks.Flag] = []
    if meeting.starts_at and meeting.ends_at:
        told_at = meeting.date_fixed_at or meeting.created_at
        notice = checks.notice_flag(
            starts_at=meeting.starts_at,
            told_at=told_at,
            notice_days=meeting.notice_days,
            reason=meeting.short_notice_reason,
        )
        if notice:
            flags.append(notice)
        flags.extend(
            checks.time_of_day_flags(
                starts_at=meeting.starts_at, ends_at=meeting.ends_at, food=meeting.food
            )
        )
        late = checks.papers_flag(
            papers=[(p.title, p.sent_at) for p in papers],
            starts_at=meeting.starts_at,
            papers_days=meeting.papers_days,
            now=now,
        )
        if late:
            flags.append(late)
        if meeting.ends_at <= now:
            notes = checks.notes_flag(
                ends_at=meeting.ends_at,
                notes_written_at=meeting.notes_written_at,
                now=now,
                working_days=NOTES_DUE_WORKING_DAYS,
            )
            if notes:
                flags.append(notes)
    unmet = [m for m in needs or [] if not m.is_met]
    if unmet and (meeting.venue_id or meeting.meets_online):
        people = sum(m.people for m in unmet)
        flags.append(
            checks.Flag(
                "unmet_needs",
                ("1 need" if len(unmet) == 1 else f"{len(unmet)} needs")
                + f" of the people invited {'is' if len(unmet) == 1 else 'are'} not met yet "
                + f"({people} {'person' if people == 1 else 'people'}). "
                "See what is needed below.",
            )
        )
    if meeting.meets_in_person and not meeting.venue_id and meeting.is_fixed:
        flags.append(checks.Flag("no_venue", "The date is fixed but there is no venue yet."))
    return flags
