"""The checks inside the meeting services, called directly (a page in front of them
may check first, so a page test would not notice a service that forgot its own):
a cancelled meeting or a closed project takes no changes, what people type is
checked, and the limits hold to the edge. Each refused call leaves everything as
it was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.utils import timezone

from ustogether.core.models import AuditEvent
from ustogether.core.testing import Cast, add_member, make_cast, make_person
from ustogether.meetings import services
from ustogether.meetings.models import (
    Arrangement,
    CandidateTime,
    DatePoll,
    Invitee,
    Meeting,
    PollAnswer,
    Venue,
)
from ustogether.meetings.testing import cast_meeting, in_days, make_poll, make_venue
from ustogether.projects.services import project_close

pytestmark = pytest.mark.django_db

Call = Callable[[Cast, dict[str, Any]], object]


def _world(cast: Cast) -> dict[str, Any]:
    meeting = cast_meeting(cast)
    poll = make_poll(meeting, cast.lead)
    return {"meeting": meeting, "poll": poll, "time": poll.times.first()}


def _state(world: dict[str, Any]) -> object:
    meeting = world["meeting"]
    return (
        model_to_dict(Meeting.objects.get(pk=meeting.pk)),
        Meeting.objects.count(),
        sorted(Invitee.objects.filter(meeting=meeting).values_list("person_id", "way", "attended")),
        list(Arrangement.objects.filter(meeting=meeting).values_list("need", "how")),
        list(DatePoll.objects.filter(meeting=meeting).values_list("pk", "closed_at")),
        sorted(
            CandidateTime.objects.filter(poll__meeting=meeting).values_list("pk", "withdrawn_at")
        ),
        sorted(PollAnswer.objects.values_list("time_id", "person_id", "answer")),
        Venue.objects.count(),
        AuditEvent.objects.count(),
    )


def _new_member(cast: Cast) -> list[Any]:
    person = make_person("Nell Newcomer")
    add_member(cast.project, person)
    return [person]


# Changes that a cancelled meeting, or a meeting of a closed project, refuses.
CHANGES: dict[str, Call] = {
    "meeting_update": lambda c, w: services.meeting_update(
        meeting=w["meeting"], by=c.lead, title="Changed"
    ),
    "meeting_fix_date": lambda c, w: services.meeting_fix_date(
        meeting=w["meeting"], by=c.lead, starts_at=in_days(30, 10), ends_at=in_days(30, 12)
    ),
    "invitees_add": lambda c, w: services.invitees_add(
        meeting=w["meeting"], by=c.lead, people=_new_member(c)
    ),
    "invitee_set_way": lambda c, w: services.invitee_set_way(
        meeting=w["meeting"], person=c.member, way=Invitee.Way.IN_PERSON
    ),
    "arrangement_set": lambda c, w: services.arrangement_set(
        meeting=w["meeting"], by=c.lead, need="step_free", how="A ramp."
    ),
    "poll_open": lambda c, w: services.poll_open(
        meeting=w["meeting"], by=c.lead, times=[(in_days(25, 10), in_days(25, 12))]
    ),
}

ENDINGS: dict[str, Callable[[Cast, dict[str, Any]], object]] = {
    "cancelled": lambda c, w: services.meeting_cancel(
        meeting=w["meeting"], by=c.lead, reason="The room flooded."
    ),
    "project closed": lambda c, w: project_close(
        project=c.project, by=c.lead, summary="We finished our work."
    ),
}


@pytest.mark.parametrize("name", sorted(CHANGES))
@pytest.mark.parametrize("ending", sorted(ENDINGS))
def test_a_cancelled_meeting_or_a_closed_project_takes_no_changes(name: str, ending: str) -> None:
    cast = make_cast()
    world = _world(cast)
    ENDINGS[ending](cast, world)
    world["meeting"].refresh_from_db()
    before = _state(world)
    with pytest.raises(ValidationError):
        CHANGES[name](cast, world)
    assert _state(world) == before


def test_a_closed_project_plans_no_meetings() -> None:
    cast = make_cast()
    world = _world(cast)
    project_close(project=cast.project, by=cast.lead, summary="We finished our work.")
    cast.project.refresh_from_db()
    before = _state(world)
    with pytest.raises(ValidationError) as error:
        cast_meeting(cast, title="One more")
    assert "closed" in error.value.messages[0]
    assert _state(world) == before


def _online(cast: Cast, world: dict[str, Any]) -> None:
    services.meeting_update(
        meeting=world["meeting"],
        by=cast.lead,
        place=Meeting.Place.ONLINE,
        online_link="https://meet.example.org/abc",
    )


def _started(cast: Cast, world: dict[str, Any]) -> None:
    Meeting.objects.filter(pk=world["meeting"].pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=1),
        ends_at=timezone.now() + dt.timedelta(hours=1),
        status=Meeting.Status.FIXED,
    )
    world["meeting"].refresh_from_db()


def _time_withdrawn(cast: Cast, world: dict[str, Any]) -> None:
    services.poll_withdraw_time(time=world["time"], by=cast.lead)


def _nothing(cast: Cast, world: dict[str, Any]) -> None:
    pass


# What people type that is refused: (how the world is made ready, the call, the field
# or words the refusal names).
REFUSALS: dict[str, tuple[Callable[[Cast, dict[str, Any]], None], Call, str]] = {
    "a venue with no address": (
        _nothing,
        lambda c, w: services.venue_create(
            organisation=c.organisation, by=c.org_admin, name="Hall", address="  "
        ),
        "Enter the venue's address",
    ),
    "empty notes": (
        _nothing,
        lambda c, w: services.meeting_write_notes(meeting=w["meeting"], by=c.lead, notes="  "),
        "Write what happened",
    ),
    "no way chosen": (
        _nothing,
        lambda c, w: services.invitee_set_way(meeting=w["meeting"], person=c.member, way=""),
        "Choose how you will take part",
    ),
    "a way not on the list": (
        _nothing,
        lambda c, w: services.invitee_set_way(
            meeting=w["meeting"], person=c.member, way="by_pigeon"
        ),
        "Choose how you will take part",
    ),
    "in person at an online meeting": (
        _online,
        lambda c, w: services.invitee_set_way(
            meeting=w["meeting"], person=c.member, way=Invitee.Way.IN_PERSON
        ),
        "only online",
    ),
    "attendance not on the list": (
        _started,
        lambda c, w: services.attendance_record(
            meeting=w["meeting"], by=c.lead, attended={c.member.pk: "by_pigeon"}
        ),
        "from the list",
    ),
    "a need not on the list": (
        _nothing,
        lambda c, w: services.arrangement_set(
            meeting=w["meeting"], by=c.lead, need="a_moat", how="Drawbridge down."
        ),
        "Choose a need",
    ),
    "an arrangement that says not how": (
        _nothing,
        lambda c, w: services.arrangement_set(
            meeting=w["meeting"], by=c.lead, need="step_free", how="  "
        ),
        "Say how the need is met",
    ),
    "an answer to a withdrawn time": (
        _time_withdrawn,
        lambda c, w: services.poll_answer(
            poll=w["poll"], person=c.member, answers={w["time"].pk: ("yes", "")}
        ),
        "no longer on the poll",
    ),
    "a meeting that ends as it starts": (
        _nothing,
        lambda c, w: services.meeting_fix_date(
            meeting=w["meeting"], by=c.lead, starts_at=in_days(30, 10), ends_at=in_days(30, 10)
        ),
        "The end must be after the start",
    ),
    "a meeting that starts now": (
        _nothing,
        lambda c, w: services.meeting_fix_date(
            meeting=w["meeting"],
            by=c.lead,
            starts_at=in_days(30, 10),
            ends_at=in_days(30, 12),
            now=in_days(30, 10),
        ),
        "Choose a time in the future",
    ),
    "a poll of one time too many": (
        _nothing,
        lambda c, w: services.poll_open(
            meeting=w["meeting"], by=c.lead, times=_times(services.MAX_POLL_TIMES + 1)
        ),
        "at most",
    ),
}


def _times(count: int) -> list[tuple[dt.datetime, dt.datetime]]:
    first = in_days(40, 10)
    return [
        (first + dt.timedelta(hours=n), first + dt.timedelta(hours=n, minutes=30))
        for n in range(count)
    ]


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_what_does_not_make_sense_is_refused_and_changes_nothing(name: str) -> None:
    ready, call, words = REFUSALS[name]
    cast = make_cast()
    world = _world(cast)
    ready(cast, world)
    before = _state(world)
    with pytest.raises(ValidationError) as error:
        call(cast, world)
    assert words in " ".join(error.value.messages)
    assert _state(world) == before


@pytest.mark.parametrize(
    ("place", "way", "allowed"),
    [
        (Meeting.Place.IN_PERSON, Invitee.Way.IN_PERSON, True),
        (Meeting.Place.IN_PERSON, Invitee.Way.ONLINE, False),
        (Meeting.Place.ONLINE, Invitee.Way.ONLINE, True),
        (Meeting.Place.ONLINE, Invitee.Way.IN_PERSON, False),
        (Meeting.Place.BOTH, Invitee.Way.IN_PERSON, True),
        (Meeting.Place.BOTH, Invitee.Way.ONLINE, True),
        (Meeting.Place.ONLINE, Invitee.Way.PHONE, True),
    ],
)
def test_people_choose_a_way_the_meeting_offers(place: str, way: str, allowed: bool) -> None:
    cast = make_cast()
    meeting = cast_meeting(cast, place=place, online_link="https://meet.example.org/abc")
    if allowed:
        services.invitee_set_way(meeting=meeting, person=cast.member, way=way)
    else:
        with pytest.raises(ValidationError):
            services.invitee_set_way(meeting=meeting, person=cast.member, way=way)
    saved = meeting.invitees.get(person=cast.member).way
    assert saved == (way if allowed else Invitee.Way.NOT_SAID)


def test_a_poll_may_offer_the_most_times_allowed() -> None:
    cast = make_cast()
    meeting = cast_meeting(cast)
    poll = services.poll_open(meeting=meeting, by=cast.lead, times=_times(services.MAX_POLL_TIMES))
    assert poll.times.count() == services.MAX_POLL_TIMES


def test_attendance_can_be_recorded_from_the_moment_the_meeting_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cast = make_cast()
    world = _world(cast)
    _started(cast, world)
    meeting = world["meeting"]
    monkeypatch.setattr(services.timezone, "now", lambda: meeting.starts_at)
    services.attendance_record(meeting=meeting, by=cast.lead, attended={cast.member.pk: "online"})
    assert meeting.invitees.get(person=cast.member).attended == "online"


def test_someone_invited_to_another_meeting_cannot_answer_for_this_one() -> None:
    cast = make_cast()
    world = _world(cast)  # everyone in the project is invited to this one
    meeting = cast_meeting(cast, title="Just the carers", invite_members=False)
    services.invitees_add(meeting=meeting, by=cast.lead, people=[cast.carer])
    poll = make_poll(meeting, cast.lead)
    world = {**world, "meeting": meeting, "poll": poll}
    before = _state(world)
    with pytest.raises(PermissionDenied):
        services.poll_answer(
            poll=poll, person=cast.member, answers={poll.times.all()[0].pk: ("yes", "")}
        )
    with pytest.raises(PermissionDenied):
        services.invitee_set_way(meeting=meeting, person=cast.member, way=Invitee.Way.PHONE)
    assert _state(world) == before
    assert not Invitee.objects.filter(way=Invitee.Way.PHONE).exists()


@pytest.mark.parametrize("name", ["venue_create", "venue_update", "venue_archive"])
def test_an_admin_of_another_organisation_cannot_keep_these_venues(name: str) -> None:
    cast = make_cast()
    other = make_cast()
    venue = make_venue(cast.organisation, cast.org_admin)
    before = model_to_dict(Venue.objects.get(pk=venue.pk)), Venue.objects.count()
    calls: dict[str, Callable[[], object]] = {
        "venue_create": lambda: make_venue(cast.organisation, other.org_admin),
        "venue_update": lambda: services.venue_update(
            venue=venue, by=other.org_admin, name="Taken over", address="2 Road"
        ),
        "venue_archive": lambda: services.venue_archive(venue=venue, by=other.org_admin),
    }
    with pytest.raises(PermissionDenied):
        calls[name]()
    assert (model_to_dict(Venue.objects.get(pk=venue.pk)), Venue.objects.count()) == before


def test_a_closed_project_takes_no_more_poll_answers_but_keeps_the_ones_given() -> None:
    cast = make_cast()
    world = _world(cast)
    poll, time = world["poll"], world["time"]
    services.poll_answer(poll=poll, person=cast.member, answers={time.pk: ("yes", "")})
    project_close(project=cast.project, by=cast.lead, summary="We finished our work.")
    poll = DatePoll.objects.select_related("meeting__project").get(pk=poll.pk)
    assert poll.is_open, "closing a project leaves its polls as they were"
    before = _state(world)
    with pytest.raises(ValidationError, match="project is closed"):
        services.poll_answer(poll=poll, person=cast.carer, answers={time.pk: ("no", "")})
    with pytest.raises(ValidationError, match="project is closed"):
        services.poll_answer(poll=poll, person=cast.member, answers={time.pk: ("no", "")})
    assert _state(world) == before
    assert list(PollAnswer.objects.values_list("person_id", "answer")) == [(cast.member.pk, "yes")]
