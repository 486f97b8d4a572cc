"""Contributions said at a meeting, or at one item on its agenda: chosen on the form,
checked in the service, grouped on the "You said, we did" page and counted on the
meeting's page."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ustogether.contributions import services
from ustogether.contributions.models import Contribution
from ustogether.contributions.testing import held_meeting, say
from ustogether.core.audit import events_for
from ustogether.core.testing import make_cast
from ustogether.meetings import services as meeting_services
from ustogether.meetings.models import AgendaItem
from ustogether.meetings.testing import cast_meeting

pytestmark = pytest.mark.django_db


def signed_in(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def test_a_member_says_something_about_one_agenda_item() -> None:
    cast = make_cast()
    meeting = held_meeting(cast)
    item = meeting.agenda.get(title="Weekend breaks")
    client = signed_in(cast.member)
    url = reverse("contributions:new", args=[cast.project.pk])
    form = client.get(url).content.decode()
    # One list, a group for each meeting: no JavaScript needed.
    assert '<optgroup label="Short breaks: what works, ' in form
    assert f'value="m{meeting.pk}"' in form and f'value="i{item.pk}"' in form
    response = client.post(
        url,
        {"kind": "text", "text": "Weekends suit me.", "sharing": "team", "where": f"i{item.pk}"},
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.meeting == meeting and contribution.agenda_item == item
    # Its page says where it was said, and links to the meeting.
    page = client.get(response["Location"]).content.decode()
    assert f"At the meeting “{meeting.title}”" in page and "About: Weekend breaks" in page
    assert reverse("meetings:detail", args=[cast.project.pk, meeting.pk]) in page
    event = events_for(cast.project).get(verb="contribution.created")
    assert event.data["meeting"] == meeting.pk and event.data["agenda_item"] == item.pk


def test_the_meeting_as_a_whole_or_none() -> None:
    cast = make_cast()
    meeting = held_meeting(cast)
    client = signed_in(cast.member)
    url = reverse("contributions:new", args=[cast.project.pk])
    client.post(
        url, {"kind": "text", "text": "At it.", "sharing": "team", "where": f"m{meeting.pk}"}
    )
    client.post(url, {"kind": "text", "text": "Not at it.", "sharing": "team", "where": ""})
    at, not_at = (
        Contribution.objects.get(text="At it."),
        Contribution.objects.get(text="Not at it."),
    )
    assert at.meeting == meeting and at.agenda_item is None
    assert not_at.meeting is None and not_at.agenda_item is None


def test_the_form_offers_this_projects_meetings_with_a_date_most_recent_first() -> None:
    cast = make_cast()
    older = held_meeting(cast, days_ago=20, title="The older one")
    newer = held_meeting(cast, days_ago=2, title="The newer one")
    cancelled = held_meeting(cast, days_ago=5, title="The cancelled one")
    meeting_services.meeting_cancel(meeting=cancelled, by=cast.lead, reason="The room flooded.")
    cast_meeting(cast, title="Still finding a date")
    other = make_cast()
    held_meeting(other, title="Another project's meeting")
    form = signed_in(cast.member).get(reverse("contributions:new", args=[cast.project.pk]))
    page = form.content.decode()
    assert page.index(newer.title) < page.index(older.title)
    for absent in ("The cancelled one", "Still finding a date", "Another project's meeting"):
        assert absent not in page


def test_another_projects_meeting_or_item_is_refused() -> None:
    cast = make_cast()
    other = make_cast()
    theirs = held_meeting(other)
    their_item = theirs.agenda.first()
    held_meeting(cast)
    with pytest.raises(ValidationError) as error:
        say(cast.project, cast.member, meeting=theirs)
    assert "meeting" in error.value.message_dict
    with pytest.raises(ValidationError):
        say(cast.project, cast.member, agenda_item=their_item)
    # Posted by hand, the form refuses it too, and nothing is saved.
    response = signed_in(cast.member).post(
        reverse("contributions:new", args=[cast.project.pk]),
        {"kind": "text", "text": "Sneaky.", "sharing": "team", "where": f"m{theirs.pk}"},
    )
    assert response.status_code == 422
    assert "Choose a meeting from the list, or none." in response.content.decode()
    assert not Contribution.objects.exists()


def test_an_item_of_another_meeting_or_a_cancelled_meeting_is_refused() -> None:
    cast = make_cast()
    one, two = held_meeting(cast), held_meeting(cast, title="Two")
    with pytest.raises(ValidationError) as error:
        say(cast.project, cast.member, meeting=one, agenda_item=two.agenda.first())
    assert error.value.message_dict["meeting"] == ["Choose an item of the meeting you chose."]
    meeting_services.meeting_cancel(meeting=one, by=cast.lead, reason="The room flooded.")
    one.refresh_from_db()
    with pytest.raises(ValidationError):
        say(cast.project, cast.member, meeting=one)
    with pytest.raises(ValidationError) as error:
        say(cast.project, cast.member, meeting=cast_meeting(cast, title="No date yet"))
    assert error.value.message_dict["meeting"] == [
        "That meeting has no date yet. Choose another, or none."
    ]
    # An item alone stands for its meeting.
    item = two.agenda.first()
    assert isinstance(item, AgendaItem)
    assert say(cast.project, cast.member, agenda_item=item).meeting == two


def test_you_said_we_did_groups_by_meeting_and_shows_one_meeting() -> None:
    cast = make_cast()
    meeting = held_meeting(cast)
    item = meeting.agenda.get(title="Booking a break")
    public = Contribution.Sharing.PUBLIC
    say(
        cast.project, cast.member, text="Booking takes six calls.", agenda_item=item, sharing=public
    )
    say(cast.project, cast.carer, text="Said at the meeting.", meeting=meeting, sharing=public)
    say(cast.project, cast.carer, text="Said in a letter.", sharing=public)
    url = reverse("contributions:you_said_we_did", args=[cast.project.pk])
    member = signed_in(cast.member)
    page = member.get(url + "?by=meeting").content.decode()
    heading = page.index(f'<h2 class="govuk-heading-m">{meeting.title}, ')
    assert heading < page.index("Booking takes six calls.") < page.index("Not said at a meeting")
    assert page.index("Not said at a meeting") < page.index("Said in a letter.")
    assert "About: Booking a break" in page
    one = member.get(url + f"?meeting={meeting.pk}").content.decode()
    assert "Booking takes six calls." in one and "Said at the meeting." in one
    assert "Said in a letter." not in one
    # The public see what was shared, but not the meeting's name or agenda.
    public_page = Client().get(url + "?by=meeting").content.decode()
    assert "Booking takes six calls." in public_page
    assert meeting.title not in public_page and "About: Booking a break" not in public_page
    assert "At a meeting on " in public_page
    shared = Contribution.objects.get(text="Booking takes six calls.")
    detail = Client().get(reverse("contributions:detail", args=[cast.project.pk, shared.pk]))
    assert detail.status_code == 200 and meeting.title not in detail.content.decode()


def test_another_projects_meeting_on_you_said_we_did_is_a_404() -> None:
    cast = make_cast()
    other = make_cast()
    theirs = held_meeting(other)
    url = reverse("contributions:you_said_we_did", args=[cast.project.pk])
    assert signed_in(cast.lead).get(url + f"?meeting={theirs.pk}").status_code == 404
    assert Client().get(url + "?meeting=nonsense").status_code == 404


def test_the_easy_read_version_keeps_the_meetings_too() -> None:
    cast = make_cast()
    meeting = held_meeting(cast)
    other = make_cast()
    public = Contribution.Sharing.PUBLIC
    say(cast.project, cast.carer, text="Said at the meeting.", meeting=meeting, sharing=public)
    say(cast.project, cast.carer, text="Said in a letter.", sharing=public)
    url = reverse("contributions:easy_read", args=[cast.project.pk])
    member = signed_in(cast.member)
    grouped = member.get(url + "?by=meeting").content.decode()
    heading = grouped.index(f'ut-easy-read__heading">{meeting.title}, ')
    letter = grouped.index("Said in a letter.")
    assert heading < grouped.index("Said at the meeting.") < letter
    assert grouped.index("Not said at a meeting") < letter
    one = member.get(url + f"?meeting={meeting.pk}").content.decode()
    assert "This is what people said at one meeting: " in one
    assert "Said at the meeting." in one and "Said in a letter." not in one
    # The plain page links to the Easy Read one for the same meeting, and back.
    plain = reverse("contributions:you_said_we_did", args=[cast.project.pk])
    assert (
        f'href="{url}?meeting={meeting.pk}"'
        in member.get(plain + f"?meeting={meeting.pk}").content.decode()
    )
    assert f'href="{plain}?meeting={meeting.pk}"' in one
    # The public see the day, not the meeting's name; another project's meeting is a 404.
    public_page = Client().get(url + "?by=meeting").content.decode()
    assert meeting.title not in public_page and "At a meeting on " in public_page
    theirs = held_meeting(other)
    assert member.get(url + f"?meeting={theirs.pk}").status_code == 404


def test_the_meeting_page_counts_what_people_said_there() -> None:
    cast = make_cast()
    meeting = held_meeting(cast)
    detail = reverse("meetings:detail", args=[cast.project.pk, meeting.pk])
    link = reverse("contributions:you_said_we_did", args=[cast.project.pk]) + (
        f"?meeting={meeting.pk}"
    )
    assert link not in signed_in(cast.member).get(detail).content.decode()
    say(cast.project, cast.member, meeting=meeting)
    say(cast.project, cast.carer, agenda_item=meeting.agenda.first())
    hidden = say(cast.project, cast.carer, meeting=meeting)
    services.contribution_hide(contribution=hidden, by=cast.lead, reason="Names someone.")
    page = signed_in(cast.member).get(detail).content.decode()
    assert f'<a class="govuk-link" href="{link}">2 things people said at this meeting</a>' in page


def test_the_export_says_which_meeting_and_item_each_was_said_at() -> None:
    cast = make_cast()
    meeting = held_meeting(cast)
    item = meeting.agenda.get(title="Weekend breaks")
    client = signed_in(cast.member)
    url = reverse("contributions:new", args=[cast.project.pk])
    for text, where in (("About weekends.", f"i{item.pk}"), ("Said elsewhere.", "")):
        client.post(url, {"kind": "text", "text": text, "sharing": "team", "where": where})
    response = signed_in(cast.lead).get(reverse("contributions:export", args=[cast.project.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["what they said"]: (r["meeting"], r["agenda item"]) for r in rows} == {
        "About weekends.": (meeting.title, "Weekend breaks"),
        "Said elsewhere.": ("", ""),
    }
