"""Using the meeting pages as people would: answering a poll, fixing a date, bad input,
papers, calendars, letters for people who asked for post."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from ustogether.core.testing import Cast, make_cast
from ustogether.meetings import services
from ustogether.meetings.checks import LONDON
from ustogether.meetings.models import DatePoll, Meeting, Notification, Paper, PollAnswer, Venue
from ustogether.meetings.reminders import queue_reminders
from ustogether.meetings.testing import cast_meeting, in_days, make_poll, make_venue
from ustogether.people.models import Person
from ustogether.people.services import person_save_needs

pytestmark = pytest.mark.django_db


def signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def url(name: str, meeting: Meeting, *extra: int) -> str:
    return reverse(f"meetings:{name}", args=[meeting.project_id, meeting.pk, *extra])


@pytest.fixture
def cast() -> Cast:
    return make_cast()


def test_a_co_lead_plans_a_meeting_from_the_page_and_is_sent_to_add_times(cast: Cast) -> None:
    client = signed_in(cast.lead)
    response = client.post(
        reverse("meetings:new", args=[cast.project.pk]),
        {
            "title": "Short breaks workshop",
            "kind": "workshop",
            "purpose": "Hear what makes a break work.",
            "already_decided": "The budget for next year.",
            "can_change": "Which breaks we offer.",
            "place": "in_person",
            "food": "meal",
            "notice_days": "14",
            "papers_days": "7",
            "fee_basis": "per_hour",
            "fee_amount": "20.00",
            "paid_hours": "3",
            "expenses_covered": ["travel", "support"],
            "how_to_claim": "Use the claim form.",
        },
    )
    meeting = Meeting.objects.get(title="Short breaks workshop")
    assert response.status_code == 302
    assert response["Location"] == url("poll_times", meeting)
    assert meeting.expenses_covered == ["travel", "support"]
    assert str(meeting.fee_amount) == "20.00"


def test_a_meeting_with_nothing_to_change_is_refused_keeping_what_was_typed(cast: Cast) -> None:
    response = signed_in(cast.lead).post(
        reverse("meetings:new", args=[cast.project.pk]),
        {
            "title": "Tell them",
            "kind": "meeting",
            "purpose": "Tell people our plan.",
            "can_change": "",
            "place": "in_person",
            "food": "none",
            "notice_days": "14",
            "papers_days": "7",
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Tell people our plan." in body
    assert "Fill this in." in body
    assert not Meeting.objects.exists()


def test_a_poll_with_no_times_or_times_in_the_past_says_what_to_do(cast: Cast) -> None:
    meeting = cast_meeting(cast)
    client = signed_in(cast.lead)
    response = client.post(url("poll_times", meeting), {"message": "Pick a time"})
    assert response.status_code == 422
    assert "Add at least one time people can choose." in response.content.decode()
    past = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    response = client.post(
        url("poll_times", meeting), {"date_0": past, "start_0": "10:30", "end_0": "12:00"}
    )
    assert response.status_code == 422
    assert "Choose a time in the future." in response.content.decode()
    response = client.post(
        url("poll_times", meeting),
        {
            "date_0": (dt.date.today() + dt.timedelta(days=20)).isoformat(),
            "start_0": "14:00",
            "end_0": "12:00",
        },
    )
    assert response.status_code == 422
    assert "The end must be after the start." in response.content.decode()
    assert not DatePoll.objects.exists()


def test_times_are_typed_in_london_time_and_stored_in_utc(cast: Cast) -> None:
    meeting = cast_meeting(cast)
    response = signed_in(cast.lead).post(
        url("poll_times", meeting),
        {
            "date_0": "2027-07-06",
            "start_0": "10:30",
            "end_0": "12:30",
            "date_1": "2027-12-07",
            "start_1": "10:30",
            "end_1": "12:30",
        },
    )
    assert response.status_code == 302
    summer, winter = meeting.poll.times.all()
    assert summer.starts_at == dt.datetime(2027, 7, 6, 9, 30, tzinfo=dt.UTC)  # BST
    assert winter.starts_at == dt.datetime(2027, 12, 7, 10, 30, tzinfo=dt.UTC)  # GMT
    # The poll's table shows them in London time again, summer and winter.
    table = signed_in(cast.lead).get(url("poll", meeting)).content.decode()
    assert "Tue 6 Jul, 10:30–12:30" in table
    assert "Tue 7 Dec, 10:30–12:30" in table


def test_a_member_answers_the_poll_in_one_go_and_sees_the_best_time(cast: Cast) -> None:
    meeting = cast_meeting(cast)
    poll = make_poll(meeting, cast.lead)
    first, second, third = poll.times.all()
    client = signed_in(cast.carer)
    text = client.get(url("poll", meeting)).content.decode()
    assert "How we choose the best time" in text
    assert "People who use the services (lived experience) and carers count 3 times" in text
    response = client.post(
        url("poll", meeting),
        {
            f"answer_{first.pk}": "no",
            f"note_{first.pk}": "I need to leave by 3 for the school run",
            f"answer_{second.pk}": "yes",
            f"answer_{third.pk}": "if_need_be",
        },
    )
    assert response.status_code == 302
    assert PollAnswer.objects.filter(person=cast.carer).count() == 3
    page = client.get(url("poll", meeting))
    assert page.context["best_time"] == second
    # The carer sees their own note in their answers; other members do not see it
    # or who said no; the organiser sees both.
    assert "school run" in page.content.decode()
    other = signed_in(cast.member).get(url("poll", meeting)).content.decode()
    assert "school run" not in other and "Cath Carer" not in other
    organiser_page = signed_in(cast.lead).get(url("poll", meeting)).content.decode()
    assert "school run" in organiser_page
    assert "Cath Carer" in organiser_page


def test_the_organiser_still_sees_who_said_no_after_their_invitation_is_gone(
    cast: Cast,
) -> None:
    """The poll page takes names from the invitations it loads; an answer from
    someone no longer invited still counts, and still shows their name."""
    meeting = cast_meeting(cast)
    poll = make_poll(meeting, cast.lead)
    first = poll.times.all()[0]
    services.poll_answer(poll=poll, person=cast.carer, answers={first.pk: ("no", "")})
    meeting.invitees.filter(person=cast.carer).delete()
    page = signed_in(cast.lead).get(url("poll", meeting))
    assert "Cath Carer" in page.content.decode()
    assert page.context["answered"] == 1
    assert [r["tally"].no for r in page.context["rows"] if r["time"] == first] == [1]


def test_an_empty_answer_is_refused_and_keeps_the_notes_typed(cast: Cast) -> None:
    meeting = cast_meeting(cast)
    poll = make_poll(meeting, cast.lead)
    first = poll.times.all()[0]
    response = signed_in(cast.member).post(
        url("poll", meeting), {f"note_{first.pk}": "Mornings are hard"}
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Choose yes, if need be or no for at least one time." in body
    assert "Mornings are hard" in body


def test_fixing_a_date_shows_the_checks_first_then_needs_a_reason_for_short_notice(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    person_save_needs(
        person=cast.member,
        by=cast.member,
        consent=True,
        access_features=["step_free"],
        communication_formats=[],
    )
    person_save_needs(
        person=cast.carer,
        by=cast.carer,
        consent=True,
        access_features=["hearing_loop"],
        communication_formats=[],
    )
    venue = make_venue(cast.organisation, cast.lead, features=["step_free"])
    meeting = cast_meeting(cast, venue=venue, food=Meeting.Food.NONE)
    client = signed_in(cast.lead)
    soon = (dt.datetime.now(LONDON).date() + dt.timedelta(days=2)).isoformat()
    data = {"date": soon, "start": "09:00", "end": "13:30"}
    response = client.post(url("fix_date", meeting), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-flag="short_notice"' in body
    assert 'data-flag="early_start"' in body
    assert 'data-flag="no_lunch"' in body
    assert "1 person needs a hearing loop: not met yet." in body
    assert "1 person needs step-free access: this venue has it." in body
    assert "Mo Member" not in body and "Cath Carer" not in body
    meeting.refresh_from_db()
    assert meeting.starts_at is None  # nothing fixed before the checks were seen
    seen = response.context["form"]["seen"].value()
    response = client.post(url("fix_date", meeting), {**data, "seen": seen, "confirm": "1"})
    assert response.status_code == 422
    assert "Write down why" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("fix_date", meeting),
            {
                **data,
                "seen": seen,
                "confirm": "1",
                "short_notice_reason": "The council moved its deadline.",
            },
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_fixed and meeting.short_notice_reason == "The council moved its deadline."
    # Everyone invited is told; the members see the reason on the meeting page.
    assert Notification.objects.filter(meeting=meeting, what="fixed").count() == 4
    assert any(
        "Date fixed" in m.subject and "The council moved its deadline." in m.body
        for m in mail.outbox
    )
    assert (
        "The council moved its deadline."
        in signed_in(cast.member).get(url("detail", meeting)).content.decode()
    )


def test_changing_the_checked_date_shows_the_checks_again_instead_of_saving(cast: Cast) -> None:
    meeting = cast_meeting(cast)
    client = signed_in(cast.lead)
    day = (dt.datetime.now(LONDON).date() + dt.timedelta(days=30)).isoformat()
    response = client.post(
        url("fix_date", meeting), {"date": day, "start": "10:30", "end": "12:00"}
    )
    seen = response.context["form"]["seen"].value()
    response = client.post(
        url("fix_date", meeting),
        {"date": day, "start": "08:30", "end": "12:00", "seen": seen, "confirm": "1"},
    )
    assert response.status_code == 200
    assert 'data-flag="early_start"' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.starts_at is None


def test_people_who_asked_for_post_get_a_letter_to_print(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    Person.objects.filter(pk=cast.carer.pk).update(
        contact_by="post", postal_address="4 Mill Lane\nRiverside"
    )
    meeting = cast_meeting(cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_fix_date(
            meeting=meeting, by=cast.lead, starts_at=in_days(20, 10, 30), ends_at=in_days(20, 12)
        )
    letter = Notification.objects.get(meeting=meeting, person=cast.carer)
    assert letter.channel == "post" and letter.done_at is None
    client = signed_in(cast.lead)
    page = client.get(url("letters", meeting)).content.decode()
    assert "Cath Carer" in page and "Print the letter" in page
    printed = client.get(url("letter", meeting, letter.pk) + "?large=1").content.decode()
    assert "4 Mill Lane" in printed and "ut-letter--large" in printed
    client.post(url("letter_done", meeting, letter.pk))
    letter.refresh_from_db()
    assert letter.done_at is not None and letter.done_by == cast.lead
    # People who chose email were emailed instead.
    assert {m.to[0] for m in mail.outbox} == {
        cast.lead.email,
        cast.member.email,
        cast.observer.email,
    }


def test_cancelling_tells_everyone_and_the_calendar_file_says_cancelled(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    meeting = cast_meeting(cast)
    services.meeting_fix_date(
        meeting=meeting, by=cast.lead, starts_at=in_days(20, 10, 30), ends_at=in_days(20, 12)
    )
    ics = Calendar.from_ical(signed_in(cast.member).get(url("ics", meeting)).content)
    [event] = ics.walk("VEVENT")
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTART") == meeting.starts_at
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(cast.lead).post(
            url("cancel", meeting), {"reason": "The room flooded."}
        )
    assert response.status_code == 302
    assert any(
        m.subject.startswith("Cancelled:") and "The room flooded." in m.body for m in mail.outbox
    )
    ics = Calendar.from_ical(signed_in(cast.member).get(url("ics", meeting)).content)
    [event] = ics.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"


def test_resetting_the_calendar_address_stops_the_old_one(cast: Cast) -> None:
    client = signed_in(cast.carer)
    client.post(reverse("meetings:feed_reset"))
    old = services.calendar_feed_for(cast.carer).token
    client.post(reverse("meetings:feed_reset"))
    new = services.calendar_feed_for(cast.carer).token
    assert Client().get(reverse("meetings:feed", args=[old])).status_code == 404
    assert Client().get(reverse("meetings:feed", args=[new])).status_code == 200
    assert new in client.get(reverse("meetings:mine")).content.decode()


def test_a_paper_that_is_not_a_document_is_refused_and_a_pdf_is_kept_for_members(
    cast: Cast,
) -> None:
    meeting = cast_meeting(cast)
    client = signed_in(cast.lead)
    fake = SimpleUploadedFile(
        "agenda.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf"
    )
    response = client.post(url("papers", meeting), {"title": "Agenda", "file": fake})
    assert response.status_code == 422
    assert "not a document we can share" in response.content.decode()
    assert 'value="Agenda"' in response.content.decode()
    pdf = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4\n%...\n", content_type="application/pdf")
    assert client.post(url("papers", meeting), {"title": "Agenda", "file": pdf}).status_code == 302
    paper = Paper.objects.get()
    name = paper.file.name or ""
    assert name.endswith(".pdf") and "agenda" not in name
    download = signed_in(cast.member).get(url("paper_file", meeting, paper.pk))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert signed_in(cast.outsider).get(url("paper_file", meeting, paper.pk)).status_code == 403


def test_a_venue_with_no_address_is_refused_keeping_the_name(cast: Cast) -> None:
    response = signed_in(cast.lead).post(
        reverse("meetings:venue_new", args=[cast.organisation.slug]),
        {"name": "Mill Hall", "address": ""},
    )
    assert response.status_code == 422
    assert (
        "Enter the venue&#x27;s address" in response.content.decode()
        or "Enter the venue's address" in response.content.decode()
    )
    assert 'value="Mill Hall"' in response.content.decode()
    assert not Venue.objects.exists()


def test_only_the_organiser_sees_needs_and_only_as_counts(cast: Cast) -> None:
    person_save_needs(
        person=cast.member,
        by=cast.member,
        consent=True,
        access_features=["step_free"],
        communication_formats=["easy_read"],
    )
    meeting = cast_meeting(cast)
    organiser = signed_in(cast.lead).get(url("detail", meeting)).content.decode()
    assert "1 person needs step-free access" in organiser
    assert "1 person needs papers in Easy Read" in organiser
    member = signed_in(cast.carer).get(url("detail", meeting)).content.decode()
    assert "needs step-free access" not in member


def test_members_say_how_they_will_take_part(cast: Cast) -> None:
    meeting = cast_meeting(cast)
    client = signed_in(cast.carer)
    assert client.post(url("way", meeting), {"way": "send_before"}).status_code == 302
    assert meeting.invitees.get(person=cast.carer).way == "send_before"
    assert client.post(url("way", meeting), {"way": "online"}).status_code == 422


def test_reminders_are_queued_once_for_meetings_in_the_next_three_days(cast: Cast) -> None:
    meeting = cast_meeting(cast)
    services.meeting_fix_date(
        meeting=meeting,
        by=cast.lead,
        starts_at=in_days(2, 11),
        ends_at=in_days(2, 13),
        short_notice_reason="Urgent.",
    )
    later = cast_meeting(cast)
    services.meeting_fix_date(
        meeting=later, by=cast.lead, starts_at=in_days(20, 11), ends_at=in_days(20, 13)
    )
    assert queue_reminders() == 1
    assert Notification.objects.filter(meeting=meeting, what="reminder").count() == 4
    assert queue_reminders() == 0
    assert not Notification.objects.filter(meeting=later, what="reminder").exists()


def test_opening_a_poll_asks_everyone_invited_in_their_own_way(
    cast: Cast, django_capture_on_commit_callbacks
) -> None:
    Person.objects.filter(pk=cast.member.pk).update(
        contact_by="supporter", supporter_name="Sharon Bell"
    )
    meeting = cast_meeting(cast)
    with django_capture_on_commit_callbacks(execute=True):
        make_poll(meeting, cast.lead)
    asked = dict(
        Notification.objects.filter(meeting=meeting, what="poll").values_list(
            "person_id", "channel"
        )
    )
    assert asked == {
        cast.lead.pk: "email",
        cast.member.pk: "supporter",
        cast.carer.pk: "email",
        cast.observer.pk: "email",
    }
    assert any(m.subject.startswith("Which times suit you?") for m in mail.outbox)
    page = signed_in(cast.lead).get(url("letters", meeting)).content.decode()
    assert "Sharon Bell" in page
