"""A decision made at a meeting: who took part starts as who was there, the co-lead can
change it before saving, and the timeline shows the meeting."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ustogether.contributions import services as contribution_services
from ustogether.contributions.testing import held_meeting
from ustogether.core.audit import events_for
from ustogether.core.testing import make_cast
from ustogether.decisions import services
from ustogether.decisions.models import Decision
from ustogether.meetings import services as meeting_services
from ustogether.meetings.models import Invitee, Meeting
from ustogether.meetings.testing import cast_meeting
from ustogether.people.models import Person

pytestmark = pytest.mark.django_db


def signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _invite_everyone(meeting: Meeting) -> None:
    assert meeting.invitees.count() >= 3, "cast_meeting invites every member"


def test_a_co_lead_records_a_decision_at_a_meeting_with_who_was_there_filled_in() -> None:
    cast = make_cast()
    meeting = held_meeting(cast)
    _invite_everyone(meeting)
    # Mo came, Cath joined by phone, Obi only sent words: he was not there to decide.
    Invitee.objects.filter(meeting=meeting, person=cast.member).update(
        attended=Invitee.Attended.IN_PERSON
    )
    Invitee.objects.filter(meeting=meeting, person=cast.carer).update(
        attended=Invitee.Attended.PHONE
    )
    Invitee.objects.filter(meeting=meeting, person=cast.observer).update(
        attended=Invitee.Attended.SENT
    )
    client = signed_in(cast.lead)
    url = reverse("decisions:new", args=[cast.project.pk])
    form = client.get(url + f"?meeting={meeting.pk}").content.decode()
    boxes = {
        int(re.search(r'value="(\d+)"', box)[1]): "checked" in box  # type: ignore[index]
        for box in re.findall(r'<input[^>]*name="participants"[^>]*>', form)
    }
    assert boxes == {cast.member.pk: True, cast.carer.pk: True, cast.observer.pk: False} | {
        cast.lead.pk: False
    }
    assert f'<option value="{meeting.pk}" selected>' in form
    day = timezone.localdate(meeting.starts_at)
    assert f'value="{day:%Y-%m-%d}"' in form
    # The co-lead takes Cath off (she had to leave early) before saving.
    response = client.post(
        url,
        {
            "title": "Book breaks by email",
            "details": "People can book a break by email.",
            "decided_on": f"{day:%Y-%m-%d}",
            "method": "consensus",
            "meeting": meeting.pk,
            "participants": [cast.member.pk],
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.meeting == meeting
    assert [p.person for p in decision.participants.all()] == [cast.member]
    assert events_for(cast.project).get(verb="decision.created").data["meeting"] == meeting.pk
    page = client.get(response["Location"]).content.decode()
    assert f"The decision was made at the meeting “{meeting.title}”." in page
    assert reverse("meetings:detail", args=[cast.project.pk, meeting.pk]) in page


def test_the_public_see_that_it_was_made_at_a_meeting_but_not_which() -> None:
    cast = make_cast()
    contribution_services.rules_update(
        project=cast.project, by=cast.lead, response_days=28, joint_sign_off=False
    )
    meeting = held_meeting(cast)
    decision = services.decision_create(
        project=cast.project,
        by=cast.lead,
        title="Book breaks by email",
        details="People can book a break by email.",
        decided_on=timezone.localdate(meeting.starts_at),
        method=Decision.Method.CONSENSUS,
        meeting=meeting,
    )
    page = Client().get(reverse("decisions:detail", args=[cast.project.pk, decision.pk]))
    text = page.content.decode()
    assert "The decision was made at a meeting." in text
    assert meeting.title not in text


def test_another_projects_meeting_is_refused() -> None:
    cast = make_cast()
    other = make_cast()
    theirs = held_meeting(other)
    with pytest.raises(ValidationError) as error:
        services.decision_create(
            project=cast.project,
            by=cast.lead,
            title="Sneaky",
            details="Sneaky.",
            decided_on=timezone.localdate(),
            method=Decision.Method.CONSENSUS,
            meeting=theirs,
        )
    assert error.value.message_dict["meeting"] == ["Choose a meeting of this project."]
    url = reverse("decisions:new", args=[cast.project.pk])
    client = signed_in(cast.lead)
    assert client.get(url + f"?meeting={theirs.pk}").status_code == 404
    assert client.get(url + "?meeting=x").status_code == 404
    posted = client.post(
        url,
        {
            "title": "Sneaky",
            "details": "Sneaky.",
            "decided_on": f"{timezone.localdate():%Y-%m-%d}",
            "method": "consensus",
            "meeting": theirs.pk,
        },
    )
    assert posted.status_code == 422
    assert "Choose a meeting from the list, or none." in posted.content.decode()
    assert not Decision.objects.exists()


def test_a_cancelled_meeting_or_one_still_to_come_is_not_offered() -> None:
    cast = make_cast()
    cancelled = held_meeting(cast, title="Flooded")
    meeting_services.meeting_cancel(meeting=cancelled, by=cast.lead, reason="The room flooded.")
    cancelled.refresh_from_db()
    undated = cast_meeting(cast, title="Still finding a date")
    form = signed_in(cast.lead).get(reverse("decisions:new", args=[cast.project.pk]))
    page = form.content.decode()
    assert "Flooded" not in page and "Still finding a date" not in page
    for meeting, problem in (
        (cancelled, "That meeting was cancelled. Choose another, or none."),
        (undated, "That meeting has not started yet. Choose another, or none."),
    ):
        with pytest.raises(ValidationError) as error:
            services.decision_create(
                project=cast.project,
                by=cast.lead,
                title="Too late",
                details="Too late.",
                decided_on=timezone.localdate(),
                method=Decision.Method.CONSENSUS,
                meeting=meeting,
            )
        assert error.value.message_dict["meeting"] == [problem]


def test_the_meeting_page_offers_co_leads_a_decision_made_there() -> None:
    cast = make_cast()
    meeting = held_meeting(cast)
    detail = reverse("meetings:detail", args=[cast.project.pk, meeting.pk])
    link = reverse("decisions:new", args=[cast.project.pk]) + f"?meeting={meeting.pk}"
    assert link in signed_in(cast.lead).get(detail).content.decode()
    assert link not in signed_in(cast.member).get(detail).content.decode()


def test_the_export_names_the_meeting_each_decision_was_made_at() -> None:
    cast = make_cast()
    meeting = held_meeting(cast, title="=Short breaks")
    for title, at in (("Book breaks by email", meeting), ("Keep the old form", None)):
        services.decision_create(
            project=cast.project,
            by=cast.lead,
            title=title,
            details="Details.",
            decided_on=timezone.localdate(meeting.starts_at),
            method=Decision.Method.CONSENSUS,
            meeting=at,
        )
    response = signed_in(cast.member).get(reverse("decisions:export", args=[cast.project.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["what was decided"]: row["meeting"] for row in rows} == {
        "Book breaks by email": "'=Short breaks",  # a spreadsheet will not run it
        "Keep the old form": "",
    }
