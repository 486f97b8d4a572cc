"""The rules in meetings/access.py, called directly: whose invitation a meeting
shows, and whose venues a person may see."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from ustogether.core.testing import make_cast
from ustogether.meetings import services
from ustogether.meetings.access import (
    get_meeting_for_member,
    get_organisation_for_venues,
    get_venue,
)
from ustogether.meetings.models import Invitee
from ustogether.meetings.testing import cast_meeting, make_poll, make_venue

pytestmark = pytest.mark.django_db


def test_a_meeting_shows_the_persons_own_invitation_to_that_meeting() -> None:
    cast = make_cast()
    first = cast_meeting(cast, title="First")
    second = cast_meeting(cast, title="Second")
    access = get_meeting_for_member(cast.member, cast.project.pk, second.pk)
    assert access.invitee is not None
    assert (access.invitee.meeting, access.invitee.person) == (second, cast.member)
    # Not invited to the second: no invitation, though invited to the first.
    second.invitees.filter(person=cast.member).delete()
    access = get_meeting_for_member(cast.member, cast.project.pk, second.pk)
    assert access.invitee is None
    assert not access.is_invited
    assert get_meeting_for_member(cast.member, cast.project.pk, first.pk).is_invited


def test_the_meeting_and_poll_pages_pick_the_persons_own_invitation_from_everyones() -> None:
    """The two pages that load every invitation take the person's own from among them
    (with_invitee_from): never someone else's."""
    cast = make_cast()
    meeting = cast_meeting(cast)
    make_poll(meeting, cast.lead)
    services.invitee_set_way(meeting=meeting, person=cast.carer, way=Invitee.Way.NOT_COMING)
    services.invitee_set_way(meeting=meeting, person=cast.member, way=Invitee.Way.PHONE)
    client = Client()
    client.force_login(cast.member)
    detail = client.get(reverse("meetings:detail", args=[cast.project.pk, meeting.pk]))
    assert detail.status_code == 200
    assert detail.context["way_form"].initial == {"way": Invitee.Way.PHONE}
    # Someone not invited gets no invitation of anyone else's: no way to say, no poll form.
    meeting.invitees.filter(person=cast.member).delete()
    detail = client.get(reverse("meetings:detail", args=[cast.project.pk, meeting.pk]))
    assert detail.context["way_form"] is None
    poll = client.get(reverse("meetings:poll", args=[cast.project.pk, meeting.pk]))
    assert poll.status_code == 200
    assert poll.context["form"] is None


def test_each_organisations_venues_are_for_its_own_staff_only() -> None:
    one, two = make_cast(), make_cast()
    for cast, other in [(one, two), (two, one)]:
        organisation, can_keep = get_organisation_for_venues(cast.org_admin, cast.organisation.slug)
        assert (organisation, can_keep) == (cast.organisation, True)
        with pytest.raises(Http404):
            get_organisation_for_venues(cast.org_admin, other.organisation.slug)


def test_the_meeting_and_venue_come_with_what_the_guard_loaded(
    django_assert_num_queries: Any,
) -> None:
    """The project (with its organisation) and the organisation the guard checked are
    the very ones on the meeting and the venue: no query again, nothing older."""
    cast = make_cast()
    meeting = cast_meeting(cast)
    access = get_meeting_for_member(cast.member, cast.project.pk, meeting.pk)
    with django_assert_num_queries(0):
        assert access.meeting.project is access.project_access.project
        assert access.meeting.project.organisation == cast.organisation
    venue = make_venue(cast.organisation, cast.org_admin)
    found, _can_keep = get_venue(cast.org_admin, cast.organisation.slug, venue.pk)
    with django_assert_num_queries(0):
        assert found.organisation.slug == cast.organisation.slug
