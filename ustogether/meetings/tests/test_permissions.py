"""Every meeting and venue page, tried as every kind of person, for public and members-only projects."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from ustogether.core.testing import Cast, make_cast
from ustogether.meetings import services
from ustogether.meetings.models import Meeting, Venue
from ustogether.meetings.testing import cast_meeting, in_days, make_poll, make_venue
from ustogether.projects.models import Project

PEOPLE = ["anonymous", "outsider", "finance", "observer", "member", "carer", "lead", "org_admin"]

READERS = {
    "anonymous": 302,
    "outsider": 403,
    "finance": 403,
    "observer": 200,
    "member": 200,
    "carer": 200,
    "lead": 200,
    "org_admin": 200,
}
ORGANISERS = {**READERS, "observer": 403, "member": 403, "carer": 403}
MEETING_PAGES: dict[str, dict[str, int]] = {
    "detail": READERS,
    "poll": READERS,
    "ics": READERS,
    "edit": ORGANISERS,
    "cancel": ORGANISERS,
    "poll_times": ORGANISERS,
    "fix_date": ORGANISERS,
    "needs": ORGANISERS,
    "agenda": ORGANISERS,
    "papers": ORGANISERS,
    "attendance": ORGANISERS,
    "notes": ORGANISERS,
    "letters": ORGANISERS,
}
PROJECT_PAGES: dict[str, dict[str, int]] = {"list": READERS, "new": ORGANISERS}
# Venues belong to the organisation: its staff see them (finance included); its
# admins and co-production leads keep them; everyone else finds no such page.
STAFF = {
    "anonymous": 302,
    "outsider": 404,
    "finance": 200,
    "observer": 404,
    "member": 404,
    "carer": 404,
    "lead": 200,
    "org_admin": 200,
}
KEEPERS = {**STAFF, "finance": 403}
VENUE_PAGES: dict[str, dict[str, int]] = {"venue": STAFF, "venue_edit": KEEPERS}
ORGANISATION_PAGES: dict[str, dict[str, int]] = {"venues": STAFF, "venue_new": KEEPERS}


def _private(expected: int, who: str) -> int:
    # A members-only project's meetings are hidden from everyone outside it.
    return 404 if who in ("outsider", "finance") else expected


@dataclass
class World:
    cast: Cast
    meeting: Meeting
    venue: Venue


@pytest.fixture
def worlds(db: None) -> dict[str, World]:
    result: dict[str, World] = {}
    for visibility in (Project.Visibility.PUBLIC, Project.Visibility.MEMBERS):
        cast = make_cast(visibility=visibility)
        venue = make_venue(cast.organisation, cast.lead, features=["step_free"])
        meeting = cast_meeting(cast, venue=venue)
        make_poll(meeting, cast.lead)
        services.meeting_fix_date(
            meeting=meeting, by=cast.lead, starts_at=in_days(20, 10, 30), ends_at=in_days(20, 14)
        )
        result[visibility] = World(cast, meeting, venue)
    return result


@pytest.fixture
def client() -> Client:
    # One client for every request: each new client loads the middleware again,
    # which costs far more than the page itself.
    return Client()


def _get(client: Client, world: World, who: str, url: str) -> int:
    client.logout()
    if who != "anonymous":
        client.force_login(getattr(world.cast, who))
    return client.get(url).status_code


def test_who_gets_which_meeting_page(worlds: dict[str, World], client: Client) -> None:
    wrong = []
    for page, row in {**MEETING_PAGES, **PROJECT_PAGES}.items():
        for visibility, world in worlds.items():
            if page in PROJECT_PAGES:
                url = reverse(f"meetings:{page}", args=[world.cast.project.pk])
            else:
                url = reverse(f"meetings:{page}", args=[world.cast.project.pk, world.meeting.pk])
            for who, expected in row.items():
                if visibility != "public":
                    expected = _private(expected, who)
                got = _get(client, world, who, url)
                if got != expected:
                    wrong.append(f"{who} on {visibility} {page}: got {got}, expected {expected}")
    assert not wrong, wrong


def test_who_gets_which_venue_page(worlds: dict[str, World], client: Client) -> None:
    world = worlds["public"]
    slug = world.cast.organisation.slug
    wrong = []
    for page, row in {**VENUE_PAGES, **ORGANISATION_PAGES}.items():
        if page in VENUE_PAGES:
            url = reverse(f"meetings:{page}", args=[slug, world.venue.pk])
        else:
            url = reverse(f"meetings:{page}", args=[slug])
        for who, expected in row.items():
            got = _get(client, world, who, url)
            if got != expected:
                wrong.append(f"{who} on venue page {page}: got {got}, expected {expected}")
    assert not wrong, wrong


def test_your_meetings_page_is_for_anyone_signed_in(
    worlds: dict[str, World], client: Client
) -> None:
    for who in PEOPLE:
        expected = 302 if who == "anonymous" else 200
        assert _get(client, worlds["public"], who, reverse("meetings:mine")) == expected, who


def test_a_meeting_of_another_project_is_not_found_through_this_one(
    worlds: dict[str, World],
) -> None:
    public, private = worlds["public"], worlds["members"]
    client = Client()
    client.force_login(public.cast.lead)
    url = reverse("meetings:detail", args=[public.cast.project.pk, private.meeting.pk])
    assert client.get(url).status_code == 404


def test_a_venue_of_another_organisation_is_not_found_through_this_one(
    worlds: dict[str, World],
) -> None:
    public, private = worlds["public"], worlds["members"]
    client = Client()
    client.force_login(public.cast.lead)
    url = reverse("meetings:venue", args=[public.cast.organisation.slug, private.venue.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["outsider", "observer", "member", "carer"])
def test_only_organisers_can_post_changes_to_a_meeting(worlds: dict[str, World], who: str) -> None:
    world = worlds["public"]
    client = Client()
    client.force_login(getattr(world.cast, who))
    for page in ("cancel", "notes", "agenda", "poll_close"):
        url = reverse(f"meetings:{page}", args=[world.cast.project.pk, world.meeting.pk])
        response = client.post(
            url, {"reason": "Taken over", "notes": "Taken over", "title": "Taken over"}
        )
        assert response.status_code == 403, page
    world.meeting.refresh_from_db()
    assert not world.meeting.is_cancelled and world.meeting.notes == ""
    assert not world.meeting.agenda.exists()


def test_the_private_calendar_feed_works_without_signing_in_only_with_its_address(
    worlds: dict[str, World],
) -> None:
    world = worlds["public"]
    feed = services.calendar_feed_for(world.cast.carer)
    response = Client().get(reverse("meetings:feed", args=[feed.token]))
    assert response.status_code == 200
    assert world.meeting.title in response.content.decode()
    assert Client().get(reverse("meetings:feed", args=["not-a-real-address"])).status_code == 404
