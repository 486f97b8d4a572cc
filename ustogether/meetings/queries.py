"""Reads about meetings: the needs of the people invited (as counts), poll results."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count

from ustogether.people.models import AccessNeed, CommunicationNeed
from ustogether.projects.models import Membership

from . import checks, scheduling
from .models import NOTES_DUE_WORKING_DAYS, DatePoll, Meeting, Paper, PollAnswer


def needs_of_invitees(meeting: Meeting) -> dict[str, int]:
    """How many people invited have each need: counts only, never who. Needs are
    stored with each person's consent; the organiser sees what to arrange."""
    people = meeting.invitees.exclude(way="not_coming").values("person_id")
    counts: Counter[str] = Counter()
    for code, n in (
        AccessNeed.objects.filter(profile__person_id__in=people)
        .values("feature")
        .annotate(n=Count("id"))
        .values_list("feature", "n")
    ):
        counts[code] += n
    for code, n in (
        CommunicationNeed.objects.filter(profile__person_id__in=people)
        .values("format")
        .annotate(n=Count("id"))
        .values_list("format", "n")
    ):
        counts[code] += n
    return dict(counts)


def needs_matched(meeting: Meeting) -> list[checks.NeedMatch]:
    """Each need among the people invited, and how (or whether) this meeting meets it."""
    arrangements = dict(meeting.arrangements.values_list("need", "how"))
    return checks.match_needs(
        needs=needs_of_invitees(meeting),
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


def poll_people(poll: DatePoll) -> tuple[int, int]:
    """How many people are invited, and how many have answered."""
    invited = poll.meeting.invitees.count()
    answered = (
        PollAnswer.objects.filter(time__poll=poll, time__withdrawn_at__isnull=True)
        .values("person_id")
        .distinct()
        .count()
    )
    return invited, answered
