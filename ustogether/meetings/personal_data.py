"""What meetings hold about a person (see core.personal_data)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ustogether.core.personal_data import data_kind, example, exporter, kept_after_closing
from ustogether.people.models import Person

from .models import (
    Arrangement,
    CalendarFeed,
    DatePoll,
    Invitee,
    Meeting,
    Notification,
    Paper,
    PollAnswer,
    Venue,
    VenuePhoto,
)

MEETING_TEXT = (
    "title",
    "purpose",
    "already_decided",
    "can_change",
    "online_link",
    "phone_dial_in",
    "short_notice_reason",
    "how_to_claim",
    "cancel_reason",
    "notes",
)
VENUE_TEXT = ("name", "address", "postcode", "travel_notes", "parking_notes", "access_notes")


def _meeting(meeting: Meeting) -> dict[str, Any]:
    return {"project": meeting.project.title, "meeting": meeting.title, "starts": meeting.starts_at}


@exporter(
    "meetings",
    "Meetings: invitations, your answers, and meetings you organised",
    Invitee,
    PollAnswer,
    Notification,
    Meeting,
    DatePoll,
    Arrangement,
    Paper,
)
def meetings(person: Person) -> dict[str, Any]:
    return {
        "you_were_invited": [
            {
                **_meeting(i.meeting),
                "invited": i.invited_at,
                "how_you_said_you_would_take_part": i.get_way_display() if i.way else None,
                "took_part": i.get_attended_display() if i.attended else None,
            }
            for i in Invitee.objects.filter(person=person).select_related("meeting__project")
        ],
        "your_answers_about_meeting_dates": [
            {
                **_meeting(a.time.poll.meeting),
                "time_asked_about": a.time.starts_at,
                "answer": a.get_answer_display(),
                "note": a.note,
                "when": a.answered_at,
            }
            for a in PollAnswer.objects.filter(person=person).select_related(
                "time__poll__meeting__project"
            )
        ],
        "how_you_were_told": [
            {
                **_meeting(n.meeting),
                "what": n.get_what_display(),
                "how": n.get_channel_display(),
                "when": n.created_at,
                "done": n.done_at,
            }
            for n in Notification.objects.filter(person=person).select_related("meeting__project")
        ],
        "meetings_you_organised": [
            {
                "project": m.project.title,
                "you_planned_it": m.created_by_id == person.pk,
                "you_fixed_the_date": m.date_fixed_by_id == person.pk,
                "you_cancelled_it": m.cancelled_by_id == person.pk,
                "you_wrote_the_notes": m.notes_written_by_id == person.pk,
                "starts": m.starts_at,
                **{name: getattr(m, name) for name in MEETING_TEXT},
            }
            for m in Meeting.objects.filter(
                Q(created_by=person)
                | Q(date_fixed_by=person)
                | Q(cancelled_by=person)
                | Q(notes_written_by=person)
            ).select_related("project")
        ],
        "people_you_invited": [
            {**_meeting(i.meeting), "person": str(i.person), "invited": i.invited_at}
            for i in Invitee.objects.filter(invited_by=person).select_related(
                "meeting__project", "person"
            )
        ],
        "date_polls_you_opened": [
            {**_meeting(p.meeting), "message": p.message, "opened": p.opened_at}
            for p in DatePoll.objects.filter(opened_by=person).select_related("meeting__project")
        ],
        "needs_you_arranged": [
            {**_meeting(a.meeting), "need": a.need, "how": a.how, "when": a.met_at}
            for a in Arrangement.objects.filter(met_by=person).select_related("meeting__project")
        ],
        "papers_you_added": [
            {
                **_meeting(p.meeting),
                "title": p.title,
                "file": p.file.name,
                "added": p.uploaded_at,
                "withdrawn": p.withdrawn_at,
            }
            for p in Paper.objects.filter(uploaded_by=person).select_related("meeting__project")
        ],
        "people_you_told_by_hand": [
            {
                **_meeting(n.meeting),
                "person": str(n.person),
                "what": n.get_what_display(),
                "how": n.get_channel_display(),
                "done": n.done_at,
            }
            for n in Notification.objects.filter(done_by=person).select_related(
                "meeting__project", "person"
            )
        ],
    }


@exporter("venues", "Venues and venue photos you added", Venue, VenuePhoto)
def venues(person: Person) -> dict[str, Any]:
    return {
        "venues_you_added": [
            {
                "organisation": v.organisation.name,
                **{name: getattr(v, name) for name in VENUE_TEXT},
                "added": v.created_at,
                "put_away": v.archived_at,
            }
            for v in Venue.objects.filter(created_by=person).select_related("organisation")
        ],
        "photos_you_added": [
            {
                "venue": p.venue.name,
                "what_it_shows": p.description,
                "file": p.image.name,
                "added": p.uploaded_at,
            }
            for p in VenuePhoto.objects.filter(uploaded_by=person).select_related("venue")
        ],
    }


@exporter(
    "meeting_calendar",
    "Your calendar of meetings",
    CalendarFeed,
    leaves_out={
        "token": "The secret code in your private calendar address; it is on your "
        "meetings page, and you can make a new one there."
    },
)
def meeting_calendar(person: Person) -> dict[str, Any] | None:
    feed = CalendarFeed.objects.filter(person=person).first()
    if feed is None:
        return None
    return {"you_have_a_private_calendar_address_since": feed.created_at}


_PROJECT_RECORD = (
    "Part of the project's record of its meetings, which members and the project's "
    "organisation still need; the person's name is taken off it."
)
kept_after_closing(
    Meeting,
    reason=_PROJECT_RECORD,
    keeps_text={
        name: "The project's own words about its meeting, written for its members."
        for name in MEETING_TEXT
    },
)
kept_after_closing(
    Invitee,
    reason="Who was invited and who took part stays true for the project (and for "
    "payments); the person shows as 'A former member'.",
)
kept_after_closing(
    PollAnswer,
    reason="The count of who could come on each date stays true. The person's note "
    "on their answer is blanked.",
)
kept_after_closing(
    DatePoll,
    reason=_PROJECT_RECORD,
    keeps_text={"message": "Written to the people answering the poll, for the project."},
)
kept_after_closing(
    Arrangement,
    reason="How the meeting met a need (never whose need) is the project's record.",
    keeps_text={
        "need": "The kind of need met, in the site's own words; it names no one.",
        "how": "The organiser's words about how the project met a need, for the project.",
    },
)
kept_after_closing(
    Paper,
    reason="Papers sent to the people invited stay on the meeting's record.",
    keeps_text={"title": "The name of a paper the project sent to its members."},
)
kept_after_closing(
    Notification,
    reason="Where the person was the organiser who told someone else by hand, that the "
    "telling was done stays on the meeting's list. What was to be sent to the person "
    "themselves goes when they close their account.",
)
_ORGANISATIONS_VENUE = (
    "The organisation's own description of a place it uses, shown to everyone invited there."
)
kept_after_closing(
    Venue,
    reason="A venue belongs to its organisation; who added it now shows 'A former member'.",
    keeps_text={name: _ORGANISATIONS_VENUE for name in VENUE_TEXT},
)
kept_after_closing(
    VenuePhoto,
    reason="A photo of a venue belongs to its organisation.",
    keeps_text={"description": _ORGANISATIONS_VENUE},
)


@example(
    Venue,
    VenuePhoto,
    Meeting,
    Invitee,
    Arrangement,
    Paper,
    DatePoll,
    PollAnswer,
    CalendarFeed,
    Notification,
)
def _meetings_they_organise_and_answer(person: Person, cast: Any) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from ustogether.people.models import OrganisationMembership

    from . import checks, notify, services, services_papers
    from .testing import in_days, make_meeting, make_poll, make_venue

    # The person is a co-lead of cast.project; venues are kept by the organisation's leads.
    OrganisationMembership.objects.get_or_create(
        organisation=cast.organisation,
        person=person,
        defaults={"role": OrganisationMembership.Role.LEAD},
    )
    venue = make_venue(cast.organisation, person, name="Their venue")
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (29, 112, 184)).save(out, format="PNG")
    services_papers.venue_photo_add(
        venue=venue,
        by=person,
        upload=SimpleUploadedFile("v.png", out.getvalue(), content_type="image/png"),
        description="The front door",
    )

    # A meeting they organise: everyone in the project is invited, them too.
    meeting = make_meeting(cast.project, person, venue=venue)
    poll = make_poll(meeting, person)
    time = poll.times.first()
    assert time is not None
    services.poll_answer(
        poll=poll, person=person, answers={time.pk: ("yes", "After the school run")}
    )
    services.arrangement_set(
        meeting=meeting, by=person, need=checks.need_label_codes()[0], how="Ramp booked"
    )
    services_papers.paper_add(
        meeting=meeting,
        by=person,
        title="Agenda",
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%...\n", content_type="application/pdf"),
    )
    services.meeting_fix_date(
        meeting=meeting,
        by=person,
        starts_at=in_days(3, 10),
        ends_at=in_days(3, 12),
        short_notice_reason="The room was free.",
    )
    services.meeting_write_notes(meeting=meeting, by=person, notes="We talked about breaks.")
    for notification in notify.tell(meeting, list(meeting.invitees.all()), "fixed"):
        services.notification_done(notification=notification, by=person)

    # A meeting of another organiser they are invited to, then cancel.
    other = make_meeting(cast.project, cast.lead, title="Another meeting")
    services.meeting_cancel(meeting=other, by=person, reason="Too few could come.")
    services.calendar_feed_for(person)


data_kind(
    name="Meetings and who takes part",
    models=(
        "meetings.Meeting",
        "meetings.AgendaItem",
        "meetings.Paper",
        "meetings.Arrangement",
        "meetings.Invitee",
        "meetings.Notification",
    ),
    what="Each meeting's purpose and what it can change. Its date, place and online "
    "link. The fee and costs it pays. What we will talk about, papers and notes. "
    "Who is invited. How each person will take part, and if they came. How a need"
    " was met. This names the need, never the person. Who was told of a change, "
    "and how.",
    why="So members can plan meetings everyone can take part in. It also lets the project "
    "keep a record of what happened and who took part.",
    how_long="As long as the project. If a person closes their account, they show as 'A "
    "former member'. What was still to be sent to them goes.",
    who_sees="The project's members and its organisation's admins. Only organisers see who"
    " is to be told by post, phone or a supporter.",
    protection="Every page loads a meeting through its project's guarded way. Papers are "
    "checked for type and size. They are saved under a random name.",
    get_or_erase="The copy of all we keep lists the meetings a person was invited to or "
    "organised. It lists what they did in them.",
    where="In the site's database; papers in the file store.",
)
data_kind(
    name="Finding a date together",
    models=("meetings.DatePoll", "meetings.CandidateTime", "meetings.PollAnswer"),
    what="The times offered for a meeting. Each invited person's answer: yes, if need "
    "be, or no. A note with it, if they add one.",
    why="To find a date most people can come.",
    how_long="As long as the project. A person's notes go when they close their account. "
    "Their answers stay, without their name.",
    who_sees="The people invited to the meeting and the project's co-leads.",
    protection="Only people invited can answer, and only for themselves.",
    get_or_erase="The copy of all we keep lists a person's answers and notes.",
)
data_kind(
    name="Venues",
    models=("meetings.Venue", "meetings.VenuePhoto"),
    what="Places an organisation meets. Their address and what the place has for "
    "access. How to get there, and parking. Photos, with what each shows.",
    why="So the site can check a venue against the needs of the people invited.",
    how_long="As long as the organisation uses the venue. Then it is put away, not "
    "deleted, so past meetings still name it.",
    who_sees="The organisation's people. Also the people invited to a meeting there.",
    protection="Only the organisation's admins and leads change venues. Photos are saved "
    "again without the place they were taken.",
    get_or_erase="The copy of all we keep lists venues and photos a person added.",
    where="In the site's database; photos in the file store.",
)
data_kind(
    name="Private calendar addresses",
    models=("meetings.CalendarFeed",),
    what="A random secret code in each person's private calendar address.",
    why="So a person's own calendar app can show their meetings.",
    how_long="Until the person makes a new address or closes their account.",
    who_sees="Only the person. Anyone they give the address to can read their meetings.",
    protection="A long random code. The person can make a new one at any time.",
    get_or_erase="The copy of all we keep says whether a person has one. It goes when they "
    "close their account.",
)
