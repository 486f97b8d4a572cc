"""Reads: the glossary a page should use, and the suggestions a person can decide on."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ustogether.people.models import OrganisationMembership, Person
from ustogether.plainlanguage.glossary import GlossaryEntry, load_shipped_glossary
from ustogether.plainlanguage.models import LocalTerm
from ustogether.projects.models import Membership


def local_entries(organisation_id: int | None) -> tuple[GlossaryEntry, ...]:
    """The organisation's accepted words, to add to the shipped glossary."""
    if organisation_id is None:
        return ()
    terms = LocalTerm.objects.filter(
        organisation_id=organisation_id, status=LocalTerm.Status.ACCEPTED
    ).select_related("written_by", "organisation")
    return tuple(term.as_entry() for term in terms)


def all_entries(organisation_id: int | None = None) -> tuple[GlossaryEntry, ...]:
    local = local_entries(organisation_id)
    replaced = {entry.term.lower() for entry in local}
    return tuple(e for e in load_shipped_glossary() if e.term.lower() not in replaced) + local


def suggestions_to_decide(person: Person) -> QuerySet[LocalTerm]:
    deciding_orgs = OrganisationMembership.objects.filter(
        person=person,
        role__in=[OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.LEAD],
    ).values("organisation_id")
    led_projects = Membership.objects.filter(
        person=person, role=Membership.Role.CO_LEAD, left_at__isnull=True
    ).values("project_id")
    return (
        LocalTerm.objects.filter(status=LocalTerm.Status.SUGGESTED)
        .filter(Q(organisation_id__in=deciding_orgs) | Q(project_id__in=led_projects))
        .select_related("written_by", "organisation", "project")
        .order_by("created_at")
    )
