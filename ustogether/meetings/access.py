"""The one guarded way to load a meeting (through its project) and a venue.

A meeting is part of its project's members' area: its members and its
organisation's admins see it; co-leads and admins organise it. A meeting of
another project, or of a members-only project the person is not in, is a 404.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ustogether.people.models import Organisation, OrganisationMembership, Person
from ustogether.projects.access import ProjectAccess, get_project_for_member

from .models import Invitee, Meeting, Venue


@dataclass(frozen=True)
class MeetingAccess:
    project_access: ProjectAccess
    meeting: Meeting
    invitee: Invitee | None

    @property
    def can_organise(self) -> bool:
        return self.project_access.can_manage

    @property
    def is_invited(self) -> bool:
        return self.invitee is not None


def get_meeting_for_member(
    person: Person | AnonymousUser,
    project_id: int,
    meeting_id: int,
    *,
    organise: bool = False,
    with_poll: bool = False,
    find_invitee: bool = True,
) -> MeetingAccess:
    """The meeting, if the person may see it (or organise it, with `organise`).

    For the busiest pages, two ways to save a query each: `with_poll` loads the
    meeting's date poll in the same query (`meeting.poll`, missing if there is none);
    `find_invitee=False` leaves `invitee` to the page, which loads every invitation
    anyway and picks the person's own with `with_invitee_from` (until then
    `invitee` is None)."""
    access = get_project_for_member(person, project_id, manage=organise)
    # Not the project: the one loaded through the guard carries its organisation
    # already, and selecting its columns again cost as much as the query itself.
    related = ("venue", "poll") if with_poll else ("venue",)
    meeting = get_object_or_404(
        Meeting.objects.select_related(*related), pk=meeting_id, project=access.project
    )
    meeting.project = access.project
    invitee: Invitee | None = None
    if access.person is not None and find_invitee:
        # One invitation per meeting and person (a constraint): get() builds less SQL
        # than filter().first(), which orders the rows.
        with suppress(Invitee.DoesNotExist):
            invitee = Invitee.objects.get(meeting=meeting, person=access.person)
    return MeetingAccess(project_access=access, meeting=meeting, invitee=invitee)


def with_invitee_from(maccess: MeetingAccess, invitees: Iterable[Invitee]) -> MeetingAccess:
    """`maccess` with the person's own invitation picked from `invitees`: all of the
    meeting's, as a page loaded them (see `find_invitee` above)."""
    person = maccess.project_access.person
    own = (
        next((i for i in invitees if i.person_id == person.pk), None)
        if person is not None
        else None
    )
    return dataclasses.replace(maccess, invitee=own)


def organisation_role(person: Person | AnonymousUser, organisation: Organisation) -> str | None:
    if not person.is_authenticated:
        return None
    return (
        OrganisationMembership.objects.in_force()
        .filter(organisation=organisation, person=person)
        .values_list("role", flat=True)
        .first()
    )


KEEPERS = (OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.LEAD)


def get_organisation_for_venues(
    person: Person | AnonymousUser, slug: str, *, keep: bool = False
) -> tuple[Organisation, bool]:
    """An organisation's venues are for its staff. Returns it and whether the person
    may change venues. Others get 404: the venue list is not public."""
    organisation = Organisation.objects.filter(slug=slug).first()
    role = organisation_role(person, organisation) if organisation else None
    if organisation is None or role is None:
        raise Http404("No such organisation.")
    can_keep = role in KEEPERS
    if keep and not can_keep:
        raise PermissionDenied("Only an organisation's admins and co-production leads can do this.")
    return organisation, can_keep


def get_venue(
    person: Person | AnonymousUser, slug: str, venue_id: int, *, keep: bool = False
) -> tuple[Venue, bool]:
    organisation, can_keep = get_organisation_for_venues(person, slug, keep=keep)
    venue = get_object_or_404(Venue, pk=venue_id, organisation=organisation)
    venue.organisation = organisation
    return venue, can_keep
