from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ustogether.core.testing import PASSWORD, give_two_step, make_person
from ustogether.people import services
from ustogether.people.models import Organisation, OrganisationMembership, Person, StaffInvitation

pytestmark = pytest.mark.django_db


def test_a_person_updates_their_profile() -> None:
    person = make_person()
    services.person_update_profile(
        person=person, by=person, preferred_name="Sam", contact_by="email"
    )
    person.refresh_from_db()
    assert person.display_name == "Sam"


def test_contact_by_phone_needs_a_phone_number() -> None:
    person = make_person()
    with pytest.raises(ValidationError) as error:
        services.person_update_profile(person=person, by=person, contact_by="phone", phone="")
    assert "phone" in error.value.error_dict


def test_contact_through_a_supporter_needs_their_contact() -> None:
    person = make_person()
    with pytest.raises(ValidationError):
        services.person_update_profile(person=person, by=person, contact_by="supporter")


def test_nobody_changes_someone_elses_profile() -> None:
    with pytest.raises(PermissionDenied):
        services.person_update_profile(person=make_person(), by=make_person(), full_name="X")


def test_profile_form_shows_the_error_beside_the_field_and_keeps_the_rest() -> None:
    person = make_person()
    client = Client()
    client.force_login(person)
    response = client.post(
        reverse("people:profile_edit"),
        {
            "full_name": "Sam Jones",
            "preferred_name": "Sammy",
            "contact_by": "phone",
            "phone": "",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Give a phone number" in html
    assert 'href="#id_phone"' in html
    assert 'value="Sammy"' in html


def test_whoever_adds_an_organisation_becomes_its_admin() -> None:
    person = make_person()
    organisation = services.organisation_create(name="Brook Trust", kind="charity", by=person)
    # The admin role works once they turn on two-step sign-in.
    assert services.organisation_role(person, organisation) is None
    give_two_step(person)
    assert services.organisation_role(person, organisation) == OrganisationMembership.Role.ADMIN
    assert organisation.slug == "brook-trust"


def test_two_organisations_cannot_share_a_name() -> None:
    services.organisation_create(name="Brook Trust", kind="charity", by=make_person())
    with pytest.raises(ValidationError):
        services.organisation_create(name="brook trust", kind="charity", by=make_person())


def test_only_admins_add_staff() -> None:
    admin, colleague, stranger = make_person(), make_person(), make_person()
    organisation = services.organisation_create(name="Brook Trust", kind="charity", by=admin)
    give_two_step(admin)
    invitation = services.organisation_add_staff(
        organisation=organisation, email=colleague.email, role="finance", by=admin
    )
    assert isinstance(invitation, StaffInvitation)
    services.staff_invitation_accept(invitation=invitation, person=colleague)
    give_two_step(colleague)  # a finance officer's role needs it
    assert services.organisation_role(colleague, organisation) == "finance"
    with pytest.raises(PermissionDenied):
        services.organisation_add_staff(
            organisation=organisation, email=stranger.email, role="admin", by=colleague
        )


def test_staff_with_no_account_make_one_then_say_yes() -> None:
    from django.core import mail

    admin = make_person()
    organisation = services.organisation_create(name="Brook Trust", kind="charity", by=admin)
    give_two_step(admin)
    added = services.organisation_add_staff(
        organisation=organisation, email="New.Finance@Example.org", role="finance", by=admin
    )
    assert isinstance(added, StaffInvitation)
    assert added.email == "new.finance@example.org"
    assert "Brook Trust" in mail.outbox[-1].subject
    page = re.search(r"https?://[^/\s]+(/staff-invitations/[^/\s]+/)", str(mail.outbox[-1].body))
    assert page is not None
    client = Client()
    signed_out = client.get(page.group(1)).content.decode()
    assert "/accounts/signup/?email=new.finance%40example.org" in signed_out
    # Someone signs up with that address and confirms it; the role waits for their yes.
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.finance@example.org",
            "full_name": "Nia Evans",
            "password1": "a-good-long-password-9",
            "password2": "a-good-long-password-9",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(email="new.finance@example.org")
    link = re.search(r"/accounts/confirm-email/[^/\s]+/", str(mail.outbox[-1].body))
    assert link is not None
    client.post(link.group(0))
    assert services.organisation_role(person, organisation) is None
    client.post(page.group(1), {"accept": "1"})
    assert services.organisation_role(person, organisation) is None  # until two-step sign-in
    give_two_step(person)
    assert services.organisation_role(person, organisation) == "finance"
    added.refresh_from_db()
    assert added.status == StaffInvitation.Status.ACCEPTED


def test_organisation_page_shows_staff_only_to_staff() -> None:
    admin = make_person("Ada Admin")
    organisation = services.organisation_create(name="Brook Trust", kind="charity", by=admin)
    give_two_step(admin)
    url = reverse("people:organisation", args=[organisation.slug])
    assert "Ada Admin" not in Client().get(url).content.decode()
    client = Client()
    client.force_login(admin)
    assert "Ada Admin" in client.get(url).content.decode()


def test_people_sign_in_with_their_email_not_a_username() -> None:
    assert Person.USERNAME_FIELD == "email"
    person = Person.objects.create_user(email="Mixed@Example.ORG", password="x" * 12)
    assert person.email == "mixed@example.org"
    assert Organisation.objects.count() == 0


def test_a_person_downloads_everything_held_about_them() -> None:
    from ustogether.core.testing import make_cast

    cast = make_cast()
    services.person_save_needs(
        person=cast.member,
        by=cast.member,
        consent=True,
        access_features=["breaks"],
        communication_formats=[],
        other_needs="Sit near the door",
    )
    client = Client()
    client.force_login(cast.member)
    response = client.get(reverse("people:download"), {"format": "json"})
    assert response["Content-Disposition"].startswith("attachment")
    data = response.json()
    assert data["profile"]["email"] == cast.member.email
    assert data["needs"]["other_needs"] == "Sit near the door"
    assert [p["project"] for p in data["projects"]] == [cast.project.title]


def test_closing_an_account_removes_identity_but_keeps_the_record() -> None:
    from ustogether.core.testing import make_cast
    from ustogether.people.models import NeedsProfile

    cast = make_cast()
    services.person_save_needs(
        person=cast.member,
        by=cast.member,
        consent=True,
        access_features=["breaks"],
        communication_formats=[],
    )
    client = Client()
    client.force_login(cast.member)
    assert client.post(reverse("people:close"), {}).status_code == 422
    response = client.post(reverse("people:close"), {"confirm": "yes"})
    assert response.status_code == 302
    person = Person.objects.get(pk=cast.member.pk)
    assert not person.is_active
    assert person.full_name == ""
    assert person.display_name == "A former member"
    assert "example.org" not in person.email
    assert not NeedsProfile.objects.filter(person=person).exists()
    membership = cast.project.memberships.get(person=person)
    assert membership.left_at is not None
    assert not Client().login(email=cast.member.email, password=PASSWORD)
    assert not Client().login(email=person.email, password=PASSWORD)
