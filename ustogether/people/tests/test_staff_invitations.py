"""Adding staff: the same answer for every address, and the role only when its owner says yes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ustogether.core.testing import give_two_step, make_cast, make_person
from ustogether.people import services
from ustogether.people.models import OrganisationMembership, StaffInvitation

pytestmark = pytest.mark.django_db


def _add(client: Client, slug: str, email: str) -> str:
    response = client.post(
        reverse("people:organisation", args=[slug]), {"email": email, "role": "staff"}, follow=True
    )
    assert response.status_code == 200
    return response.content.decode().replace(email, "EMAIL")


def _invitation_path(address: str) -> str:
    message = next(m for m in reversed(mail.outbox) if address in m.to)
    found = re.search(r"https?://[^/\s]+(/staff-invitations/[^/\s]+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def test_adding_staff_answers_the_same_whether_or_not_the_address_has_an_account() -> None:
    someone = make_person("Tyler Thomas", email="tyler@example.org")
    admin = make_person()
    organisation = services.organisation_create(name="Nosy Org", kind="other", by=admin)
    give_two_step(admin)
    client = Client()
    client.force_login(admin)

    with_account = _add(client, organisation.slug, someone.email)
    without_account = _add(client, organisation.slug, "nobody-here@example.org")

    def message(html: str) -> str:
        found = re.search(r"We have emailed EMAIL[^<]*", html)
        assert found, "the page should say an email was sent"
        return found.group(0)

    assert message(with_account) == message(without_account)
    # Nothing given, nothing shown, until they say yes.
    assert services.organisation_role(someone, organisation) is None
    assert "Tyler Thomas" not in with_account
    page = client.get(reverse("people:organisation", args=[organisation.slug])).content.decode()
    assert "Tyler Thomas" not in page
    assert "tyler@example.org" in page
    someone_home = Client()
    someone_home.force_login(someone)
    assert "Nosy Org" not in someone_home.get(reverse("people:home")).content.decode()
    # Their own yes, signed in with that address, gives the role.
    someone_home.post(_invitation_path("tyler@example.org"), {"accept": "1"})
    assert services.organisation_role(someone, organisation) == "staff"


def test_a_forwarded_staff_invitation_does_not_work_for_someone_else() -> None:
    admin, intended, forwarded_to = make_person(), make_person(), make_person()
    organisation = services.organisation_create(name="Brook Trust", kind="charity", by=admin)
    give_two_step(admin)
    services.organisation_add_staff(
        organisation=organisation, email=intended.email, role="admin", by=admin
    )
    client = Client()
    client.force_login(forwarded_to)
    path = _invitation_path(intended.email)
    page = client.get(path).content.decode()
    assert "This invitation was sent to another email address" in page
    client.post(path, {"accept": "1"})
    assert services.organisation_role(forwarded_to, organisation) is None


def test_an_unconfirmed_address_is_not_enough_to_accept() -> None:
    from allauth.account.models import EmailAddress

    admin, person = make_person(), make_person()
    EmailAddress.objects.filter(user=person).update(verified=False)
    organisation = services.organisation_create(name="Brook Trust", kind="charity", by=admin)
    give_two_step(admin)
    services.organisation_add_staff(
        organisation=organisation, email=person.email, role="finance", by=admin
    )
    client = Client()
    client.force_login(person)
    client.post(_invitation_path(person.email), {"accept": "1"})
    # No role at all: a finance role without two-step sign-in would not show in
    # organisation_role, so that alone would pass even if the role had been given.
    assert not OrganisationMembership.objects.filter(person=person).exists()


def test_anyone_with_the_link_can_say_no_without_an_account() -> None:
    cast = make_cast()
    invitation = services.organisation_add_staff(
        organisation=cast.organisation, email="kim@example.org", role="staff", by=cast.org_admin
    )
    assert isinstance(invitation, StaffInvitation)
    response = Client().post(_invitation_path("kim@example.org"), {"decline": "1"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == StaffInvitation.Status.DECLINED


def test_an_admin_can_cancel_a_waiting_staff_invitation() -> None:
    cast = make_cast()
    invitation = services.organisation_add_staff(
        organisation=cast.organisation, email="kim@example.org", role="staff", by=cast.org_admin
    )
    assert isinstance(invitation, StaffInvitation)
    url = reverse("people:staff_invitation_cancel", args=[cast.organisation.slug, invitation.pk])
    lead = Client()
    lead.force_login(cast.lead)
    assert lead.post(url).status_code == 403
    admin = Client()
    admin.force_login(cast.org_admin)
    page = admin.get(reverse("people:organisation", args=[cast.organisation.slug]))
    assert url in page.content.decode()
    assert admin.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == StaffInvitation.Status.CANCELLED
    kim = make_person(email="kim@example.org")
    client = Client()
    client.force_login(kim)
    client.post(_invitation_path("kim@example.org"), {"accept": "1"})
    assert not OrganisationMembership.objects.filter(person=kim).exists()


def test_a_staff_invitation_runs_out_and_can_be_sent_again() -> None:
    cast = make_cast()
    kim = make_person(email="kim@example.org")
    first = services.organisation_add_staff(
        organisation=cast.organisation, email=kim.email, role="staff", by=cast.org_admin
    )
    old_path = _invitation_path(kim.email)
    StaffInvitation.objects.filter(pk=first.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client = Client()
    client.force_login(kim)
    assert "has run out" in client.get(old_path).content.decode()
    client.post(old_path, {"accept": "1"})
    assert services.organisation_role(kim, cast.organisation) is None
    services.organisation_add_staff(
        organisation=cast.organisation, email=kim.email, role="staff", by=cast.org_admin
    )
    new_path = _invitation_path(kim.email)
    assert new_path != old_path
    client.post(new_path, {"accept": "1"})
    assert services.organisation_role(kim, cast.organisation) == "staff"


def test_the_organisation_page_lists_only_projects_the_person_may_see() -> None:
    from ustogether.core.testing import make_project

    cast = make_cast()
    hidden = make_project(
        lead=cast.lead, organisation=cast.organisation, visibility="members", title="Secret plan"
    )
    url = reverse("people:organisation", args=[cast.organisation.slug])
    finance = Client()
    finance.force_login(cast.finance)
    assert "Secret plan" not in finance.get(url).content.decode()
    assert Client().get(url).content.decode().count("Secret plan") == 0
    for who in (cast.lead, cast.org_admin):
        client = Client()
        client.force_login(who)
        assert "Secret plan" in client.get(url).content.decode()
    assert hidden.pk


def test_a_staff_invitation_that_could_not_be_sent_is_shown_to_the_admin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.core.mail.backends.base import BaseEmailBackend

    from ustogether.core import email

    class Broken(BaseEmailBackend):
        def send_messages(self, email_messages: object) -> int:
            raise ConnectionRefusedError("the mail server did not answer")

    cast = make_cast()
    monkeypatch.setattr(email, "get_connection", lambda *a, **k: Broken())
    services.organisation_add_staff(
        organisation=cast.organisation, email="kim@example.org", role="staff", by=cast.org_admin
    )
    client = Client()
    client.force_login(cast.org_admin)
    url = reverse("people:organisation", args=[cast.organisation.slug])
    page = client.get(url).content.decode()
    assert "We could not send 1 invitation" in page
    assert "kim@example.org: ConnectionRefusedError: the mail server did not answer" in page
    monkeypatch.undo()
    services.organisation_add_staff(
        organisation=cast.organisation, email="kim@example.org", role="staff", by=cast.org_admin
    )
    assert "We could not send" not in client.get(url).content.decode()
