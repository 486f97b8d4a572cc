"""Each meeting service checks who may use it itself, not only the page in front of it:
called directly by someone who may not, it refuses and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict

from ustogether.core.models import AuditEvent
from ustogether.core.testing import Cast, make_cast
from ustogether.meetings import services
from ustogether.meetings.models import (
    Arrangement,
    CandidateTime,
    DatePoll,
    Invitee,
    Meeting,
    Notification,
    Venue,
)
from ustogether.meetings.testing import cast_meeting, in_days, make_poll, make_venue

pytestmark = pytest.mark.django_db

Call = Callable[[Cast, dict[str, Any], Any], object]

CALLS: dict[str, Call] = {
    "meeting_update": lambda c, w, by: services.meeting_update(
        meeting=w["meeting"], by=by, title="Taken over"
    ),
    "meeting_fix_date": lambda c, w, by: services.meeting_fix_date(
        meeting=w["meeting"], by=by, starts_at=in_days(30, 10), ends_at=in_days(30, 12)
    ),
    "meeting_cancel": lambda c, w, by: services.meeting_cancel(
        meeting=w["meeting"], by=by, reason="Not wanted."
    ),
    "meeting_write_notes": lambda c, w, by: services.meeting_write_notes(
        meeting=w["meeting"], by=by, notes="Our notes."
    ),
    "invitees_add": lambda c, w, by: services.invitees_add(
        meeting=w["meeting"], by=by, people=[c.outsider]
    ),
    "attendance_record": lambda c, w, by: services.attendance_record(
        meeting=w["meeting"], by=by, attended={c.member.pk: "in_person"}
    ),
    "arrangement_set": lambda c, w, by: services.arrangement_set(
        meeting=w["meeting"], by=by, need="step_free", how="A ramp."
    ),
    "poll_open": lambda c, w, by: services.poll_open(
        meeting=w["meeting"], by=by, times=[(in_days(25, 10), in_days(25, 12))]
    ),
    "poll_withdraw_time": lambda c, w, by: services.poll_withdraw_time(time=w["time"], by=by),
    "poll_close": lambda c, w, by: services.poll_close(poll=w["poll"], by=by),
    "notification_done": lambda c, w, by: services.notification_done(
        notification=w["notification"], by=by
    ),
    "venue_update": lambda c, w, by: services.venue_update(
        venue=w["venue"], by=by, name="Taken over", address="2 Road", postcode="RV1 2AB"
    ),
    "venue_archive": lambda c, w, by: services.venue_archive(venue=w["venue"], by=by),
}


def _world(cast: Cast) -> dict[str, Any]:
    meeting = cast_meeting(cast)
    poll = make_poll(meeting, cast.lead)
    return {
        "meeting": meeting,
        "poll": poll,
        "time": poll.times.first(),
        "notification": Notification.objects.create(
            meeting=meeting, person=cast.member, what="invited", channel="post"
        ),
        "venue": make_venue(cast.organisation, cast.org_admin),
    }


def _state(world: dict[str, Any]) -> object:
    meeting = world["meeting"]
    return (
        model_to_dict(Meeting.objects.get(pk=meeting.pk)),
        sorted(Invitee.objects.filter(meeting=meeting).values_list("person_id", "attended")),
        Arrangement.objects.filter(meeting=meeting).count(),
        list(DatePoll.objects.filter(meeting=meeting).values_list("pk", "closed_at")),
        list(CandidateTime.objects.filter(poll__meeting=meeting).values_list("pk", "withdrawn_at")),
        list(Notification.objects.filter(meeting=meeting).values_list("pk", "done_at")),
        model_to_dict(Venue.objects.get(pk=world["venue"].pk)),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("who", ["member", "observer", "outsider", "finance"])
def test_only_organisers_can_and_a_refusal_changes_nothing(name: str, who: str) -> None:
    cast = make_cast()
    world = _world(cast)
    before = _state(world)
    with pytest.raises(PermissionDenied):
        CALLS[name](cast, world, getattr(cast, who))
    assert _state(world) == before
