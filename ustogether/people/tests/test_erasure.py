"""Closing an account removes every copy of what identifies the person, in every table."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from ustogether.core.testing import make_cast, make_person
from ustogether.people import services
from ustogether.plainlanguage import services as glossary_services
from ustogether.projects import services as project_services
from ustogether.projects.models import Membership

# Transactions really commit, so email queued "on commit" reaches the task table.
pytestmark = pytest.mark.django_db(transaction=True)


def rows_mentioning(needle: str) -> list[tuple[str, tuple[object, ...]]]:
    """Every row, in every table of the database, with `needle` anywhere in it."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                if any(needle.lower() in str(value).lower() for value in row):
                    hits.append((table, row))
    return hits


# Queue email in the database, as production does, so queued and sent messages count too.
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_closing_an_account_leaves_the_persons_identity_in_no_table() -> None:
    tag = uuid.uuid4().hex[:10]
    cast = make_cast()
    other = make_cast()
    person = make_person(f"Tyler Quillon{tag}", email=f"tyler.q{tag}@example.org")
    identity = {
        "full name": person.full_name,
        "email": person.email,
        "email name": f"tyler.q{tag}",
        "preferred name": f"Tyq{tag}",
        "phone": f"07700 {uuid.uuid4().int % 10**6:06d}",
        "postal address": f"{tag} Quillon Street",
        "supporter name": f"Sally Helper{tag}",
        "supporter contact": f"sally{tag}@example.net",
        "needs": f"A quiet room {tag}",
    }
    services.person_update_profile(
        person=person,
        by=person,
        full_name=person.full_name,
        preferred_name=identity["preferred name"],
        pronouns="they/them",
        contact_by="phone",
        phone=identity["phone"],
        postal_address=identity["postal address"],
        supporter_name=identity["supporter name"],
        supporter_contact=identity["supporter contact"],
    )
    services.person_save_needs(
        person=person,
        by=person,
        consent=True,
        access_features=["breaks"],
        communication_formats=[],
        other_needs=identity["needs"],
    )
    # Invited by email, accepted; invited to another project, and still waiting.
    invitation = project_services.invitation_create(
        project=cast.project, by=cast.lead, email=person.email, role=Membership.Role.MEMBER
    )
    membership = project_services.invitation_accept(
        invitation=invitation, person=person, perspective="lived_experience"
    )
    project_services.membership_change_role(
        membership=membership, by=cast.lead, role=Membership.Role.OBSERVER
    )
    project_services.invitation_create(project=other.project, by=other.lead, email=person.email)
    # Added as staff by an admin; and a glossary word of their own.
    services.organisation_add_staff(
        organisation=cast.organisation, email=person.email, role="staff", by=cast.org_admin
    )
    glossary_services.glossary_suggest(
        by=person,
        organisation=cast.organisation,
        project=cast.project,
        term=f"word{tag}",
        plain="plain words",
        definition="What it means.",
    )
    from allauth.mfa.models import Authenticator

    from ustogether.core.testing import give_two_step

    give_two_step(person)
    for label, value in identity.items():
        assert rows_mentioning(value), f"the test should have stored the {label} somewhere"

    client = Client()
    client.force_login(person)
    assert client.post(reverse("people:close"), {"confirm": "yes"}).status_code == 302

    left = {label: rows_mentioning(value) for label, value in identity.items()}
    assert {label: rows for label, rows in left.items() if rows} == {}
    assert not Authenticator.objects.filter(user=person).exists()
    # What they took part in stays, without their name.
    membership.refresh_from_db()
    assert str(membership) == f"A former member in {cast.project.title}"
