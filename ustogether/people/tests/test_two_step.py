"""Two-step sign-in: offered to everyone, required before an admin or finance role works."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse

from ustogether.core.testing import (
    PASSWORD,
    give_two_step,
    make_cast,
    make_organisation,
    make_person,
    totp_code,
)
from ustogether.people import services
from ustogether.people.models import OrganisationMembership
from ustogether.projects.access import project_access

pytestmark = pytest.mark.django_db


def test_an_admin_role_does_nothing_until_two_step_sign_in_is_on() -> None:
    cast = make_cast()
    admin = make_person("Ada Admin")
    OrganisationMembership.objects.create(
        organisation=cast.organisation, person=admin, role=OrganisationMembership.Role.ADMIN
    )
    client = Client()
    client.force_login(admin)
    url = reverse("people:organisation", args=[cast.organisation.slug])
    page = client.get(url).content.decode()
    assert "To use your role as admin, turn on two-step sign-in." in page
    assert client.post(url, {"email": "x@example.org", "role": "admin"}).status_code == 403
    assert not project_access(admin, cast.project).can_manage
    assert client.get(reverse("projects:edit", args=[cast.project.pk])).status_code == 403

    give_two_step(admin)
    assert "turn on two-step sign-in" not in client.get(url).content.decode()
    assert project_access(admin, cast.project).can_manage
    assert client.get(reverse("projects:edit", args=[cast.project.pk])).status_code == 200


def test_a_finance_role_waits_for_two_step_but_a_co_production_lead_does_not() -> None:
    organisation = make_organisation()
    finance, lead = make_person(), make_person()
    for person, role in ((finance, "finance"), (lead, "lead")):
        OrganisationMembership.objects.create(organisation=organisation, person=person, role=role)
    assert services.organisation_role(finance, organisation) is None
    assert services.organisation_role(lead, organisation) == "lead"
    give_two_step(finance)
    assert services.organisation_role(finance, organisation) == "finance"


# Really committed, so the email allauth sends "on commit" goes while the request is on.
@pytest.mark.django_db(transaction=True)
def test_anyone_can_turn_on_two_step_and_then_signs_in_with_a_code() -> None:
    person = make_person(email="sam@example.org")
    client = Client()
    client.force_login(person)
    # Changing how you sign in asks for your password again first.
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(asked["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'id="authenticator-secret"[^>]*>([A-Z2-7]+)<', page)
    assert secret, "the page should show the key to type into an app"
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert "That code is not right" in wrong.content.decode()
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret.group(1))})
    assert Authenticator.objects.filter(user=person, type="totp").exists()
    told = mail.outbox[-1]
    assert told.subject == "[Us Together] Two-step sign-in is on"
    assert "You turned on two-step sign-in with an app." in told.body
    # Recovery codes come with it, for a lost phone.
    assert Authenticator.objects.filter(user=person, type="recovery_codes").exists()
    codes = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert "Your recovery codes" in codes
    # They can be kept as a file, which no browser or proxy keeps a copy of.
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert "no-store" in download["Cache-Control"]
    unused = Authenticator.objects.get(user=person, type="recovery_codes").wrap().get_unused_codes()
    assert unused[0] in download.content.decode()

    fresh = Client()
    response = fresh.post(
        reverse("account_login"), {"login": "sam@example.org", "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "Type the code from your app" in fresh.get(reverse("mfa_authenticate")).content.decode()
    assert "_auth_user_id" not in fresh.session
    recovery = Authenticator.objects.get(user=person, type="recovery_codes")
    code = recovery.wrap().get_unused_codes()[0]
    signed_in = fresh.post(reverse("mfa_authenticate"), {"code": code})
    assert signed_in.status_code == 302
    assert fresh.session["_auth_user_id"] == str(person.pk)


def test_the_guide_explains_two_step_sign_in_in_plain_words() -> None:
    page = Client().get(reverse("people:two_step_guide"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Two-step sign-in: how it works" in html
    assert "If you lose your phone" in html
    assert "Admins and finance officers must turn it on" in html


def test_a_security_key_counts_as_two_step_sign_in_but_recovery_codes_alone_do_not() -> None:
    organisation = make_organisation()
    admin = make_person()
    OrganisationMembership.objects.create(organisation=organisation, person=admin, role="admin")
    Authenticator.objects.create(user=admin, type="recovery_codes", data={})
    assert services.organisation_role(admin, organisation) is None
    Authenticator.objects.create(user=admin, type="webauthn", data={})
    assert services.organisation_role(admin, organisation) == "admin"


def test_your_projects_says_which_roles_wait_for_two_step_sign_in() -> None:
    organisation = make_organisation()
    admin = make_person("Ada Admin")
    OrganisationMembership.objects.create(
        organisation=organisation, person=admin, role=OrganisationMembership.Role.ADMIN
    )
    client = Client()
    client.force_login(admin)

    page = client.get(reverse("people:home")).content.decode()
    assert "This role needs two-step sign-in." in page
    assert "Start a project" not in page  # an admin role that does not work yet

    give_two_step(admin)
    page = client.get(reverse("people:home")).content.decode()
    assert "This role needs two-step sign-in." not in page
    assert "Start a project" in page

    lead = make_person("Lee Lead")  # a co-production lead's role needs no second step
    OrganisationMembership.objects.create(
        organisation=organisation, person=lead, role=OrganisationMembership.Role.LEAD
    )
    client.force_login(lead)
    page = client.get(reverse("people:home")).content.decode()
    assert "This role needs two-step sign-in." not in page
    assert "Start a project" in page
