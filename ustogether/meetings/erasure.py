"""What meetings hold of a person's identity, removed when they close their account."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from ustogether.people.erasure import Identity, eraser

from .models import CalendarFeed, Invitee, Meeting, Notification, PollAnswer


@eraser
def calendar_feed(identity: Identity) -> None:
    """Their private calendar address goes: nobody should read their meetings any more."""
    CalendarFeed.objects.filter(person_id=identity.person_id).delete()


@eraser
def notes_on_poll_answers(identity: Identity) -> None:
    """A note on a poll answer is often about their life ("the school run"): it goes.
    The answer itself stays, so the count of who could come stays true."""
    PollAnswer.objects.filter(person_id=identity.person_id).exclude(note="").update(note="")


@eraser
def what_was_to_be_sent_to_them(identity: Identity) -> None:
    """Letters, calls and emails about meetings for them: nobody should send them any
    more, and the list of whom to tell no longer names them. Where they were the
    organiser who told someone else, that record stays (without their name)."""
    Notification.objects.filter(person_id=identity.person_id).delete()


@eraser
def places_at_meetings_still_to_come(identity: Identity) -> None:
    """Someone who has closed their account will not come: their place at each meeting
    not yet held goes, so the invitation list, the needs to meet and the fee plans stop
    counting them. Meetings already held keep them (as 'A former member'), so who was
    invited and who took part stays true; so do cancelled ones, which are history."""
    Invitee.objects.filter(person_id=identity.person_id).exclude(
        meeting__status=Meeting.Status.CANCELLED
    ).filter(Q(meeting__starts_at__isnull=True) | Q(meeting__starts_at__gt=timezone.now())).delete()
