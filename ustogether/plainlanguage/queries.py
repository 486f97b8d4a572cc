"""Reads: the glossary a page should use, and the suggestions a person can decide on."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Q, QuerySet

from ustogether.core.prepared import Prepared
from ustogether.people.models import OrganisationMembership, Person
from ustogether.plainlanguage.glossary import GlossaryEntry, load_shipped_glossary
from ustogether.plainlanguage.models import LocalTerm
from ustogether.projects.models import Membership


def _local_terms(organisation_id: int, *, published_only: bool) -> QuerySet[LocalTerm, Any]:
    # Just the columns an entry needs, as tuples: building SQL for every column of
    # the three tables (about 90) cost more than running the query.
    terms = LocalTerm.objects.filter(
        organisation_id=organisation_id, status=LocalTerm.Status.ACCEPTED
    )
    if published_only:
        terms = terms.filter(published=True)
    return terms.values_list(
        "term",
        "variants",
        "plain",
        "definition",
        "credit_author",
        "written_by__preferred_name",
        "written_by__full_name",
        "written_by__email",
        "organisation__name",
    )


# This runs on every page that shows a glossary: the SQL is built once per process
# (core.prepared), and the query still runs every time, so a changed word or name
# shows at once.
_ALL_TERMS = Prepared(lambda organisation_id: _local_terms(organisation_id, published_only=False))
_PUBLISHED_TERMS = Prepared(
    lambda organisation_id: _local_terms(organisation_id, published_only=True)
)


def local_entries(
    organisation_id: int | None, *, published_only: bool = False
) -> tuple[GlossaryEntry, ...]:
    """The organisation's accepted words, to add to the shipped glossary."""
    if organisation_id is None:
        return ()
    query = _PUBLISHED_TERMS if published_only else _ALL_TERMS
    rows = query.rows(organisation_id=organisation_id)
    return tuple(
        LocalTerm.entry(
            term=term,
            variants=variants,
            plain=plain,
            definition=definition,
            author=Person.name_to_show(preferred, full, email) if credit else "",
            organisation=organisation,
        )
        for term, variants, plain, definition, credit, preferred, full, email, organisation in rows
    )


def is_inside(person: Person | AnonymousUser, organisation_id: int) -> bool:
    """Signed in and part of the organisation: on its staff, or in one of its projects."""
    if not person.is_authenticated:
        return False
    staff = OrganisationMembership.objects.filter(organisation_id=organisation_id, person=person)
    member = Membership.objects.filter(
        project__organisation_id=organisation_id, person=person, left_at__isnull=True
    )
    # One query for both questions.
    return Person.objects.filter(pk=person.pk).filter(Exists(staff) | Exists(member)).exists()


def all_entries(
    organisation_id: int | None = None, *, published_only: bool = False
) -> tuple[GlossaryEntry, ...]:
    local = local_entries(organisation_id, published_only=published_only)
    replaced = {entry.term.lower() for entry in local}
    return tuple(e for e in load_shipped_glossary() if e.term.lower() not in replaced) + local


def suggestions_to_decide(person: Person) -> QuerySet[LocalTerm]:
    deciding_orgs = (
        OrganisationMembership.objects.in_force()
        .filter(
            person=person,
            role__in=[
                OrganisationMembership.Role.ADMIN,
                OrganisationMembership.Role.LEAD,
                OrganisationMembership.Role.GLOSSARY_WRITER,
            ],
        )
        .values("organisation_id")
    )
    led_projects = Membership.objects.filter(
        person=person, role=Membership.Role.CO_LEAD, left_at__isnull=True
    ).values("project_id")
    return (
        LocalTerm.objects.filter(status=LocalTerm.Status.SUGGESTED)
        .filter(Q(organisation_id__in=deciding_orgs) | Q(project_id__in=led_projects))
        .select_related("written_by", "organisation", "project")
        .order_by("created_at")
    )
