"""Reads about meetings: the needs of the people invited (as counts), poll results."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from ustogether.people.models import AccessNeed, CommunicationNeed
from ustogether.projects.models import Membership

from . import checks, scheduling
from .models import DatePoll, Meeting, PollAnswer


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
