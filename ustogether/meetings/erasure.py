"""What meetings hold of a person's identity, removed when they close their account."""

from __future__ import annotations

from ustogether.people.erasure import Identity, eraser

from .models import CalendarFeed, Notification, PollAnswer


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
