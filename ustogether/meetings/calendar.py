"""Calendar files (.ics) for meetings, made with the icalendar library."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting
from .notify import meeting_link


def meeting_event(meeting: Meeting) -> Event | None:
    if meeting.starts_at is None or meeting.ends_at is None:
        return None
    event = Event()
    # One identity per meeting, so a calendar updates it rather than adding another.
    event.add("uid", f"meeting-{meeting.pk}@ustogether")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    description = [meeting.purpose]
    if meeting.meets_online and meeting.online_link:
        description.append(f"Join online: {meeting.online_link}")
    if meeting.phone_dial_in:
        description.append(f"Join by phone: {meeting.phone_dial_in}")
    description.append(meeting_link(meeting))
    event.add("description", "\n\n".join(description))
    if meeting.meets_in_person and meeting.venue is not None:
        event.add("location", f"{meeting.venue.name}, {' '.join(meeting.venue.address.split())}")
    elif meeting.online_link:
        event.add("location", meeting.online_link)
    event.add("url", meeting_link(meeting))
    # The sequence grows each time the date moves, so calendars take the change.
    event.add("sequence", int(meeting.updated_at.timestamp()) % 2_000_000_000)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def calendar_for(meetings: Iterable[Meeting], name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Us Together//Meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for meeting in meetings:
        event = meeting_event(meeting)
        if event is not None:
            cal.add_component(event)
    return cal.to_ical()
