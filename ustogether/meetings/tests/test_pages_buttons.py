"""The organisers' buttons, pressed through their pages as a browser would (with the
page's own form and CSRF token): closing a poll, taking a time off it, taking an
item off the agenda, sending and withdrawing papers, putting a venue away. Each
checks what changed, the audit log, what the organiser sees next, and that people
who may not press it change nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ustogether.core.audit import events_for
from ustogether.core.models import AuditEvent
from ustogether.core.testing import Cast, form_on, make_cast, press, pressing_as
from ustogether.core.tests.files import PDF_BYTES
from ustogether.meetings import services, services_papers
from ustogether.meetings.models import AgendaItem, Meeting, Notification, Paper, PollAnswer
from ustogether.meetings.testing import cast_meeting, make_poll, make_venue
from ustogether.people.models import Person

pytestmark = pytest.mark.django_db


def url(name: str, meeting: Meeting, *extra: int) -> str:
    return reverse(f"meetings:{name}", args=[meeting.project_id, meeting.pk, *extra])


def signed_in(person: Person) -> Client:
    """A signed-in browser that does not check the CSRF token: what it is refused,
    the view refused."""
    client = Client()
    client.force_login(person)
    return client


def verbs(cast: Cast) -> list[str]:
    return list(events_for(cast.project).values_list("verb", flat=True))


@pytest.fixture
def cast() -> Cast:
    return make_cast()


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _paper(meeting: Meeting, by: Any, title: str = "Agenda") -> Paper:
    return services_papers.paper_add(
        meeting=meeting,
        by=by,
        title=title,
        upload=SimpleUploadedFile("agenda.pdf", PDF_BYTES, content_type="application/pdf"),
    )


# Finding a date -----------------------------------------------------------------


def test_the_organiser_closes_the_poll_and_members_can_no_longer_answer(cast: Cast) -> None:
    meeting = cast_meeting(cast)
    poll = make_poll(meeting, cast.lead)
    first = poll.times.order_by("starts_at")[0]
    # A member cannot close it: refused, and the poll stays open.
    assert signed_in(cast.member).post(url("poll_close", meeting)).status_code == 403
    poll.refresh_from_db()
    assert poll.is_open
    client = pressing_as(cast.lead)
    response = press(client, url("poll", meeting), url("poll_close", meeting))
    assert response.status_code == 302
    assert response["Location"] == url("poll", meeting)
    poll.refresh_from_db()
    assert not poll.is_open and poll.closed_at is not None
    event = AuditEvent.objects.get(verb="poll.closed")
    assert event.actor == cast.lead and event.subject_id == meeting.pk
    page = client.get(response["Location"]).content.decode()
    assert "The poll is closed. You can open it again by adding times." in page
    assert "This poll is closed for now." in page
    assert url("poll_close", meeting) not in page  # no button to close it twice
    assert "Open the poll again with new times" in page
    # The member's answer is refused now, and nothing is saved.
    member = signed_in(cast.member)
    assert "Save my answers" not in member.get(url("poll", meeting)).content.decode()
    refused = member.post(url("poll", meeting), {f"answer_{first.pk}": "yes"}, follow=True)
    assert "This poll is not taking answers now." in refused.content.decode()
    assert not PollAnswer.objects.exists()


def test_closing_the_poll_of_another_project_finds_nothing(cast: Cast) -> None:
    other = make_cast()
    meeting = cast_meeting(other)
    poll = make_poll(meeting, other.lead)
    # Cast's co-lead, with the other project's meeting under their own project's address.
    response = signed_in(cast.lead).post(
        reverse("meetings:poll_close", args=[cast.project.pk, meeting.pk])
    )
    assert response.status_code == 404
    poll.refresh_from_db()
    assert poll.is_open


def test_the_organiser_takes_a_time_off_the_poll_and_the_answers_are_kept(cast: Cast) -> None:
    meeting = cast_meeting(cast)
    poll = make_poll(meeting, cast.lead)
    first, second, third = poll.times.order_by("starts_at")
    services.poll_answer(
        poll=poll, person=cast.carer, answers={first.pk: ("yes", ""), second.pk: ("no", "")}
    )
    action = url("poll_withdraw_time", meeting, first.pk)
    assert signed_in(cast.carer).post(action).status_code == 403
    first.refresh_from_db()
    assert first.withdrawn_at is None
    client = pressing_as(cast.lead)
    response = press(client, url("poll", meeting), action)
    assert response.status_code == 302
    assert response["Location"] == url("poll", meeting)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.withdrawn_at is not None and second.withdrawn_at is None
    assert PollAnswer.objects.filter(time=first, person=cast.carer).exists()  # kept
    event = AuditEvent.objects.get(verb="poll.time_withdrawn")
    assert event.actor == cast.lead and event.subject_id == first.pk
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "That time is off the poll. The answers people gave are kept." in text
    assert action not in text
    assert [row["time"] for row in page.context["rows"]] == [second, third]
    # Nobody can answer the time that was taken off.
    assert (
        signed_in(cast.member)
        .get(url("poll", meeting))
        .content.decode()
        .count(f"answer_{first.pk}")
        == 0
    )


def test_a_time_of_another_meeting_cannot_be_taken_off_through_this_one(cast: Cast) -> None:
    meeting = cast_meeting(cast)
    make_poll(meeting, cast.lead)
    other = make_cast()
    elsewhere = make_poll(cast_meeting(other), other.lead).times.order_by("pk")[0]
    response = signed_in(cast.lead).post(url("poll_withdraw_time", meeting, elsewhere.pk))
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.withdrawn_at is None
    assert "poll.time_withdrawn" not in verbs(other)


# The agenda and papers ------------------------------------------------------------


def test_the_organiser_takes_an_item_off_the_agenda(cast: Cast) -> None:
    meeting = cast_meeting(cast)
    welcome = services_papers.agenda_item_add(meeting=meeting, by=cast.lead, title="Welcome")
    breaks = services_papers.agenda_item_add(meeting=meeting, by=cast.lead, title="Short breaks")
    action = url("agenda_remove", meeting, welcome.pk)
    assert signed_in(cast.member).post(action).status_code == 403
    assert AgendaItem.objects.filter(pk=welcome.pk).exists()
    client = pressing_as(cast.lead)
    response = press(client, url("agenda", meeting), action)
    assert response.status_code == 302
    assert response["Location"] == url("agenda", meeting)
    assert list(meeting.agenda.all()) == [breaks]
    event = AuditEvent.objects.get(verb="meeting.agenda_removed")
    assert event.actor == cast.lead and event.data == {"item": "Welcome"}
    page = client.get(response["Location"]).content.decode()
    assert "It is off the list." in page
    assert "Short breaks" in page and "<strong>Welcome</strong>" not in page


def test_the_agenda_of_a_cancelled_meeting_stays_as_it_was_and_says_why(cast: Cast) -> None:
    meeting = cast_meeting(cast)
    item = services_papers.agenda_item_add(meeting=meeting, by=cast.lead, title="Welcome")
    client = pressing_as(cast.lead)
    page = url("agenda", meeting)
    client.get(page)  # the page as it was before the meeting was cancelled
    services.meeting_cancel(meeting=meeting, by=cast.lead, reason="The room flooded.")
    response = press(client, page, url("agenda_remove", meeting, item.pk))
    assert response.status_code == 302
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert "meeting.agenda_removed" not in verbs(cast)
    shown = client.get(response["Location"]).content.decode()
    assert "This meeting is cancelled, so it cannot be changed." in shown


def test_the_organiser_sends_the_papers_and_everyone_invited_is_told(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    meeting = cast_meeting(cast)
    paper = _paper(meeting, cast.lead)
    action = url("papers_send", meeting)
    assert signed_in(cast.member).post(action).status_code == 403
    paper.refresh_from_db()
    assert paper.sent_at is None
    client = pressing_as(cast.lead)
    page = client.get(url("papers", meeting)).content.decode()
    assert "Send 1 paper to everyone invited" in page and "Not sent yet" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = press(client, url("papers", meeting), action)
    assert response.status_code == 302
    assert response["Location"] == url("papers", meeting)
    paper.refresh_from_db()
    assert paper.sent_at is not None
    event = AuditEvent.objects.get(verb="meeting.papers_sent")
    assert event.actor == cast.lead and event.data == {"count": 1}
    told = Notification.objects.filter(meeting=meeting, what=Notification.What.PAPERS)
    assert set(told.values_list("person_id", flat=True)) == {
        cast.lead.pk,
        cast.member.pk,
        cast.carer.pk,
        cast.observer.pk,
    }
    assert sum(m.subject.startswith("Papers to read before:") for m in mail.outbox) == 4
    shown = client.get(response["Location"]).content.decode()
    assert "The papers are sent. Everyone invited is told." in shown
    assert action not in shown and "Not sent yet" not in shown
    # Pressed again on the old page: nothing more is sent.
    response = client.post(action, form_on(page, action))
    assert "There were no new papers to send." in client.get(response["Location"]).content.decode()
    assert AuditEvent.objects.filter(verb="meeting.papers_sent").count() == 1


def test_the_organiser_takes_a_paper_off_and_members_can_no_longer_get_it(cast: Cast) -> None:
    meeting = cast_meeting(cast)
    agenda = _paper(meeting, cast.lead)
    minutes = _paper(meeting, cast.lead, title="Last minutes")
    action = url("paper_withdraw", meeting, agenda.pk)
    assert signed_in(cast.carer).post(action).status_code == 403
    agenda.refresh_from_db()
    assert agenda.withdrawn_at is None
    client = pressing_as(cast.lead)
    response = press(client, url("papers", meeting), action)
    assert response.status_code == 302
    assert response["Location"] == url("papers", meeting)
    agenda.refresh_from_db()
    minutes.refresh_from_db()
    assert agenda.withdrawn_at is not None and minutes.withdrawn_at is None
    assert Paper.objects.filter(pk=agenda.pk).exists()  # kept on record
    event = AuditEvent.objects.get(verb="meeting.paper_withdrawn")
    assert event.actor == cast.lead and event.subject_id == agenda.pk
    shown = client.get(response["Location"]).content.decode()
    assert "The paper is taken off the meeting page. It is kept on record." in shown
    assert url("paper_file", meeting, agenda.pk) not in shown
    assert url("paper_file", meeting, minutes.pk) in shown
    member = signed_in(cast.member)
    assert member.get(url("paper_file", meeting, agenda.pk)).status_code == 404
    assert member.get(url("paper_file", meeting, minutes.pk)).status_code == 200


def test_a_paper_of_another_project_cannot_be_taken_off(cast: Cast) -> None:
    meeting = cast_meeting(cast)
    other = make_cast()
    elsewhere = _paper(cast_meeting(other), other.lead)
    response = signed_in(cast.lead).post(url("paper_withdraw", meeting, elsewhere.pk))
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.withdrawn_at is None


# Venues ----------------------------------------------------------------------------


def test_an_admin_puts_a_venue_away_and_it_is_no_longer_offered(cast: Cast) -> None:
    venue = make_venue(cast.organisation, cast.org_admin, name="Mill Hall")
    slug = cast.organisation.slug
    page = reverse("meetings:venue", args=[slug, venue.pk])
    action = reverse("meetings:venue_archive", args=[slug, venue.pk])
    # Finance staff see venues but do not keep them; members of a project are not staff.
    assert signed_in(cast.finance).post(action).status_code == 403
    assert signed_in(cast.member).post(action).status_code == 404
    venue.refresh_from_db()
    assert venue.archived_at is None
    assert (
        "Mill Hall"
        in signed_in(cast.lead)
        .get(reverse("meetings:new", args=[cast.project.pk]))
        .content.decode()
    )
    client = pressing_as(cast.org_admin)
    response = press(client, page, action)
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:venues", args=[slug])
    venue.refresh_from_db()
    assert venue.archived_at is not None
    event = events_for(cast.organisation).get(verb="venue.archived")
    assert event.actor == cast.org_admin and event.subject_id == venue.pk
    listing = client.get(response["Location"])
    assert "The venue is put away. Past meetings still show it." in listing.content.decode()
    assert listing.context["rows"] == [] and listing.context["archived"] == [venue]
    # Its page says so and has no buttons; a new meeting cannot choose it.
    shown = client.get(page).content.decode()
    assert "This venue is no longer offered for new meetings." in shown
    assert action not in shown
    assert (
        "Mill Hall"
        not in signed_in(cast.lead)
        .get(reverse("meetings:new", args=[cast.project.pk]))
        .content.decode()
    )


def test_a_venue_of_another_organisation_cannot_be_put_away(cast: Cast) -> None:
    other = make_cast()
    elsewhere = make_venue(other.organisation, other.org_admin)
    response = signed_in(cast.org_admin).post(
        reverse("meetings:venue_archive", args=[cast.organisation.slug, elsewhere.pk])
    )
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.archived_at is None
