"""Closing an account and changing needs touch one person only: found by mutation testing
(`make mutation`), where dropping a filter deleted everyone's needs, addresses and roles."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from ustogether.core.testing import give_two_step, make_cast, make_person
from ustogether.people import services
from ustogether.people.models import NeedsProfile, OrganisationMembership, Person
from ustogether.projects.models import Membership

pytestmark = pytest.mark.django_db


def give_needs(person: Person, text: str = "A quiet room") -> None:
    services.person_save_needs(
        person=person,
        by=person,
        consent=True,
        access_features=["step_free"],
        communication_formats=["large_print"],
        other_needs=text,
    )


def test_closing_one_account_leaves_everyone_elses_needs_addresses_two_step_and_roles() -> None:
    cast = make_cast()
    for person in (cast.member, cast.carer):
        give_needs(person)
        give_two_step(person)
        OrganisationMembership.objects.create(
            organisation=cast.organisation, person=person, role="staff"
        )
        person.groups.add(Group.objects.get_or_create(name="Helpers")[0])
    cast.member.is_staff = True
    cast.member.save()

    services.person_erase(person=cast.member, by=cast.member)

    carer = cast.carer
    assert NeedsProfile.objects.filter(person=carer).exists()
    assert EmailAddress.objects.filter(user=carer).exists()
    assert Authenticator.objects.filter(user=carer).exists()
    assert OrganisationMembership.objects.filter(person=carer).exists()
    assert carer.groups.exists()
    assert Membership.objects.get(person=carer, project=cast.project).left_at is None
    # The finance officer's and the admin's roles are untouched too.
    assert OrganisationMembership.objects.filter(person=cast.org_admin, role="admin").exists()

    member = Person.objects.get(pk=cast.member.pk)
    assert not NeedsProfile.objects.filter(person=member).exists()
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not Authenticator.objects.filter(user=member).exists()
    assert not OrganisationMembership.objects.filter(person=member).exists()
    assert not member.groups.exists() and not member.user_permissions.exists()
    assert (member.is_active, member.is_staff, member.is_superuser) == (False, False, False)
    assert not member.has_usable_password()
    assert member.contact_by == Person.ContactBy.EMAIL
    assert member.email == f"erased-{member.pk}@invalid"
    assert str(member) == "A former member"
    assert Membership.objects.get(person=member, project=cast.project).left_at is not None


def test_closing_an_account_records_that_it_happened_without_who_did_it() -> None:
    from ustogether.core.models import AuditEvent

    person = make_person("Ivy Closer")
    services.person_erase(person=person, by=person)
    event = AuditEvent.objects.get(verb="person.erased")
    assert event.subject_id == person.pk and event.actor is None


def test_nobody_closes_or_changes_someone_elses_account_or_needs() -> None:
    cast = make_cast()
    give_needs(cast.member)
    with pytest.raises(PermissionDenied):
        services.person_erase(person=cast.member, by=cast.org_admin)
    with pytest.raises(PermissionDenied):
        services.person_remove_needs(person=cast.member, by=cast.lead)
    with pytest.raises(PermissionDenied):
        services.person_save_needs(
            person=cast.member,
            by=cast.lead,
            consent=True,
            access_features=[],
            communication_formats=[],
        )
    with pytest.raises(PermissionDenied):
        services.person_update_profile(person=cast.member, by=cast.lead, phone="07700 900999")
    cast.member.refresh_from_db()
    assert cast.member.is_active
    assert NeedsProfile.objects.get(person=cast.member).other_needs == "A quiet room"


def test_removing_needs_removes_only_that_persons_needs_and_is_recorded() -> None:
    from ustogether.core.models import AuditEvent

    cast = make_cast()
    give_needs(cast.member)
    give_needs(cast.carer)
    services.person_remove_needs(person=cast.member, by=cast.member)
    assert not NeedsProfile.objects.filter(person=cast.member).exists()
    assert NeedsProfile.objects.filter(person=cast.carer).exists()
    assert AuditEvent.objects.filter(verb="person.needs_removed", actor=cast.member).exists()


def test_needs_are_kept_only_with_consent_and_known_choices() -> None:
    person = make_person()
    base: dict[str, Any] = {
        "person": person,
        "by": person,
        "access_features": [],
        "communication_formats": [],
    }
    with pytest.raises(ValidationError):
        services.person_save_needs(**base, consent=False)
    with pytest.raises(ValidationError):
        services.person_save_needs(**{**base, "access_features": ["a_moat"]}, consent=True)
    with pytest.raises(ValidationError):
        services.person_save_needs(**{**base, "communication_formats": ["smoke"]}, consent=True)
    with pytest.raises(ValidationError, match="language"):
        services.person_save_needs(
            **{**base, "communication_formats": ["interpreter"]}, consent=True
        )
    assert not NeedsProfile.objects.filter(person=person).exists()


def test_saving_needs_again_replaces_them_and_says_so_in_the_log() -> None:
    from ustogether.core.models import AuditEvent

    person = make_person()
    give_needs(person)
    first = NeedsProfile.objects.get(person=person)
    services.person_save_needs(
        person=person,
        by=person,
        consent=True,
        access_features=["hearing_loop"],
        communication_formats=["interpreter"],
        interpreter_language="  Polish ",
        dietary_needs=" No nuts ",
        other_needs=" Breaks ",
    )
    profile = NeedsProfile.objects.get(person=person)
    assert profile.pk == first.pk and profile.consent_given_at == first.consent_given_at
    assert profile.access_features == ["hearing_loop"]
    assert profile.communication_formats == ["interpreter"]
    assert (profile.interpreter_language, profile.dietary_needs, profile.other_needs) == (
        "Polish",
        "No nuts",
        "Breaks",
    )
    verbs = list(
        AuditEvent.objects.filter(actor=person, verb__startswith="person.needs")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["person.needs_consented", "person.needs_saved"]
