"""The checks inside people's services, called directly: found by mutation testing
(`make mutation`), where the pages check first and so hid a service's own check."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ustogether.core.testing import give_two_step, make_cast, make_organisation, make_person
from ustogether.core.vocabulary import AccessFeature, CommunicationFormat
from ustogether.people import services
from ustogether.people.models import (
    CommunicationNeed,
    NeedsProfile,
    OrganisationMembership,
    Person,
    StaffInvitation,
)

pytestmark = pytest.mark.django_db


def contact(person: Person, how: str, **fields: str) -> Person:
    return services.person_update_profile(
        person=person, by=person, full_name=person.full_name, contact_by=how, **fields
    )


def test_contact_by_post_needs_an_address_and_works_with_one() -> None:
    person = make_person()
    with pytest.raises(ValidationError) as error:
        contact(person, "post", postal_address="  ")
    assert "postal_address" in error.value.message_dict
    contact(person, "post", postal_address="1 Mill Lane")
    person.refresh_from_db()
    assert (person.contact_by, person.postal_address) == ("post", "1 Mill Lane")


def test_a_person_may_tick_every_need_there_is() -> None:
    person = make_person()
    profile = services.person_save_needs(
        person=person,
        by=person,
        consent=True,
        access_features=list(AccessFeature.values),
        communication_formats=list(CommunicationFormat.values),
        interpreter_language="British Sign Language",
    )
    assert sorted(profile.access_features) == sorted(AccessFeature.values)
    assert sorted(profile.communication_formats) == sorted(CommunicationFormat.values)


def test_saving_the_same_formats_again_keeps_one_of_each() -> None:
    person = make_person()
    for _time in range(2):
        services.person_save_needs(
            person=person,
            by=person,
            consent=True,
            access_features=["breaks"],
            communication_formats=["easy_read"],
        )
    profile = NeedsProfile.objects.get(person=person)
    assert list(CommunicationNeed.objects.filter(profile=profile).values_list("format")) == [
        ("easy_read",)
    ]


def test_a_second_organisation_with_another_name_can_be_added() -> None:
    services.organisation_create(name="Brook Trust", kind="charity", by=make_person())
    with pytest.raises(ValidationError):
        services.organisation_create(name="brook trust", kind="charity", by=make_person())
    other = services.organisation_create(name="Hill Council", kind="council", by=make_person())
    assert other.name == "Hill Council"


def test_a_role_in_one_organisation_is_no_role_in_another() -> None:
    cast = make_cast()
    elsewhere = make_organisation()
    assert services.organisation_role(cast.org_admin, cast.organisation) == "admin"
    assert services.organisation_role(cast.org_admin, elsewhere) is None
    with pytest.raises(PermissionDenied):
        services.organisation_add_staff(
            organisation=elsewhere, email="kim@example.org", role="staff", by=cast.org_admin
        )


def test_an_unconfirmed_address_is_not_owned() -> None:
    person = make_person()
    assert services.owns_verified_email(person, person.email)
    EmailAddress.objects.filter(user=person).update(verified=False)
    assert not services.owns_verified_email(person, person.email)


def test_staff_are_offered_only_roles_that_exist() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        services.organisation_add_staff(
            organisation=cast.organisation, email="kim@example.org", role="boss", by=cast.org_admin
        )
    assert "role" in error.value.message_dict
    assert not StaffInvitation.objects.filter(email="kim@example.org").exists()


def staff_member(organisation_admin: Person, role: str) -> Person:
    """Someone already on the admin's organisation's staff, with `role`."""
    person = make_person()
    organisation = OrganisationMembership.objects.get(person=organisation_admin).organisation
    OrganisationMembership.objects.create(organisation=organisation, person=person, role=role)
    return person


def set_role(admin: Person, person: Person, role: str) -> str:
    organisation = OrganisationMembership.objects.get(person=admin).organisation
    services.organisation_add_staff(
        organisation=organisation, email=person.email, role=role, by=admin
    )
    return OrganisationMembership.objects.get(organisation=organisation, person=person).role


def test_the_only_admin_cannot_stop_being_an_admin() -> None:
    admin = make_person()
    services.organisation_create(name="Brook Trust", kind="charity", by=admin)
    give_two_step(admin)
    with pytest.raises(ValidationError) as error:
        set_role(admin, admin, "staff")
    assert "role" in error.value.message_dict
    assert OrganisationMembership.objects.get(person=admin).role == "admin"
    # Saying again that they are an admin is fine.
    assert set_role(admin, admin, "admin") == "admin"


def test_with_one_admin_the_other_staff_roles_can_still_change() -> None:
    admin = make_person()
    services.organisation_create(name="Brook Trust", kind="charity", by=admin)
    give_two_step(admin)
    staff = staff_member(admin, "staff")
    assert set_role(admin, staff, "lead") == "lead"
    assert set_role(admin, staff, "lead") == "lead"
    assert set_role(admin, staff, "admin") == "admin"


def test_with_two_admins_one_can_stop_being_an_admin() -> None:
    admin = make_person()
    services.organisation_create(name="Brook Trust", kind="charity", by=admin)
    give_two_step(admin)
    second = staff_member(admin, "admin")
    assert set_role(admin, second, "staff") == "staff"


def invite(email: str) -> StaffInvitation:
    cast = make_cast()
    invitation = services.organisation_add_staff(
        organisation=cast.organisation, email=email, role="staff", by=cast.org_admin
    )
    assert isinstance(invitation, StaffInvitation)
    return invitation


def test_an_answered_invitation_cannot_be_answered_again() -> None:
    kim = make_person(email="kim@example.org")
    invitation = invite(kim.email)
    services.staff_invitation_decline(invitation=invitation, person=None)
    with pytest.raises(ValidationError):
        services.staff_invitation_accept(invitation=invitation, person=kim)
    assert not OrganisationMembership.objects.filter(person=kim).exists()


def test_an_invitation_runs_out_at_the_very_moment_it_says() -> None:
    kim = make_person(email="kim@example.org")
    invitation = invite(kim.email)
    moment = timezone.now() + dt.timedelta(days=1)
    StaffInvitation.objects.filter(pk=invitation.pk).update(expires_at=moment)
    with (
        mock.patch("django.utils.timezone.now", return_value=moment),
        pytest.raises(ValidationError),
    ):
        services.staff_invitation_accept(invitation=invitation, person=kim)
    assert not OrganisationMembership.objects.filter(person=kim).exists()
    # A moment before, it still works.
    with mock.patch("django.utils.timezone.now", return_value=moment - dt.timedelta(seconds=1)):
        services.staff_invitation_accept(invitation=invitation, person=kim)
    assert OrganisationMembership.objects.filter(person=kim, role="staff").exists()


def test_only_the_owner_of_the_address_can_accept() -> None:
    make_person(email="kim@example.org")
    invitation = invite("kim@example.org")
    someone_else = make_person()
    with pytest.raises(PermissionDenied):
        services.staff_invitation_accept(invitation=invitation, person=someone_else)
    assert not OrganisationMembership.objects.filter(person=someone_else).exists()
    invitation.refresh_from_db()
    assert invitation.status == StaffInvitation.Status.PENDING


def test_a_signed_in_person_can_say_no_only_to_their_own_invitation() -> None:
    kim = make_person(email="kim@example.org")
    invitation = invite(kim.email)
    with pytest.raises(PermissionDenied):
        services.staff_invitation_decline(invitation=invitation, person=make_person())
    invitation.refresh_from_db()
    assert invitation.status == StaffInvitation.Status.PENDING
    services.staff_invitation_decline(invitation=invitation, person=kim)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_by) == (StaffInvitation.Status.DECLINED, kim)


def test_closing_an_account_takes_out_only_that_persons_addresses() -> None:
    closing, staying = make_person(), make_person(email="staying@example.org")
    # An invitation waiting for the person who stays keeps its address.
    invitation = invite(staying.email)
    services.person_erase(person=closing, by=closing)
    invitation.refresh_from_db()
    assert invitation.email == "staying@example.org"


def test_after_closing_nobody_is_asked_to_phone_them() -> None:
    person = make_person()
    contact(person, "phone", phone="07700 900123")
    services.person_erase(person=person, by=person)
    person.refresh_from_db()
    assert (person.contact_by, person.phone) == (Person.ContactBy.EMAIL, "")


def test_closing_keeps_the_day_they_left_an_earlier_project() -> None:
    from ustogether.core.testing import add_member

    person = make_person()
    earlier, current = make_cast(), make_cast()
    left = timezone.now() - dt.timedelta(days=100)
    old = add_member(earlier.project, person)
    old.left_at = left
    old.save()
    now_member = add_member(current.project, person)
    services.person_erase(person=person, by=person)
    old.refresh_from_db()
    now_member.refresh_from_db()
    assert old.left_at == left
    assert now_member.left_at is not None and now_member.left_at > left


def test_recovery_codes_alone_do_not_put_a_two_step_role_in_force() -> None:
    """A role that needs two-step sign-in counts only with an app or a security key
    set up: recovery codes are a way back in, not a second step of their own."""
    from allauth.mfa.models import Authenticator

    cast = make_cast()
    roles = OrganisationMembership.objects.filter(person=cast.finance)
    assert roles.in_force().count() == 1
    Authenticator.objects.filter(user=cast.finance).delete()
    Authenticator.objects.create(
        user=cast.finance, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
    )
    assert roles.in_force().count() == 0
