"""Invitations only for their owner, staff roles only with a yes, two-step sign-in at the door."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from e2e.conftest import Visitor, last_email_to, path_in, sign_in_with_password
from ustogether.core.testing import PASSWORD as TEST_PASSWORD
from ustogether.core.testing import make_cast, make_person
from ustogether.people.models import OrganisationMembership
from ustogether.projects import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_admin_adds_staff_and_only_the_owner_of_the_address_can_say_yes(new_visitor) -> None:
    cast = make_cast()
    kim = make_person("Kim Lee", email="kim@example.org")
    mail.outbox.clear()

    # The admin signs in with their app's code, then adds Kim by address alone.
    admin: Visitor = new_visitor()
    sign_in_with_password(admin, cast.org_admin.email)
    admin.visit(f"/organisations/{cast.organisation.slug}/", "organisation, as its admin")
    admin.page.get_by_label("Their email address").fill("kim@example.org")
    admin.page.get_by_role("radio", name="Staff", exact=True).check()
    admin.submit("Save their role")
    admin.check("staff invitation sent")
    main = admin.page.locator("main").inner_text()
    assert "We have emailed kim@example.org. They get their role when they say yes." in main
    assert "Kim Lee" not in main  # only the address, until she says yes
    path = path_in(last_email_to("kim@example.org"), "/staff-invitations/")

    # Someone else, signed in, cannot use the link.
    other: Visitor = new_visitor()
    sign_in_with_password(other, cast.outsider.email)
    other.visit(path, "staff invitation, someone else")
    assert (
        "This invitation was sent to another email address"
        in other.page.locator("main").inner_text()
    )
    assert other.page.get_by_role("button", name="Yes, join the staff").count() == 0

    # Kim says yes, by keyboard.
    visitor: Visitor = new_visitor()
    sign_in_with_password(visitor, kim.email)
    visitor.visit(path, "staff invitation, for her")
    visitor.tab_to("Yes, join the staff")
    visitor.press_and_wait("Enter")
    visitor.check("joined the staff")
    assert OrganisationMembership.objects.filter(person=kim, role="staff").exists()


def test_a_co_lead_sees_invitations_run_out_and_sends_one_again(new_visitor) -> None:
    cast = make_cast()
    invitation = services.invitation_create(
        project=cast.project, by=cast.lead, email="lee@example.org"
    )
    type(invitation).objects.filter(pk=invitation.pk).update(expires_at=invitation.created_at)
    lead: Visitor = new_visitor()
    sign_in_with_password(lead, cast.lead.email)
    lead.visit(f"/projects/{cast.project.pk}/invite/", "invitations, one run out")
    row = lead.page.get_by_role("row").filter(has_text="lee@example.org")
    assert "Run out" in row.inner_text()
    mail.outbox.clear()
    row.get_by_role("button", name=re.compile("Send again")).click()
    lead.page.wait_for_load_state("load")
    lead.check("invitation sent again")
    assert (
        "We have sent the invitation to lee@example.org again."
        in lead.page.locator("main").inner_text()
    )
    new_path = path_in(last_email_to("lee@example.org"), "/invitations/")

    # Lee has no account and says no without making one.
    lee: Visitor = new_visitor()
    lee.visit(new_path, "invitation, signed out")
    assert (
        lee.page.locator("main")
        .get_by_role("link", name="Create an account")
        .get_attribute("href")
        .startswith("/accounts/signup/?email=lee%40example.org")
    )
    lee.submit("No, thank you")
    lee.check("said no")
    invitation.refresh_from_db()
    assert invitation.status == "declined"


def test_a_security_key_can_stand_in_for_the_app_code(new_visitor) -> None:
    """A virtual security key in Chromium: added on the two-step page, then used to sign in."""
    cast = make_cast()
    visitor: Visitor = new_visitor()
    page = visitor.page
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    sign_in_with_password(visitor, cast.org_admin.email)
    visitor.visit("/accounts/2fa/webauthn/add/", "add a security key")
    if "/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(TEST_PASSWORD)
        visitor.submit("Go on")
        page.wait_for_url(re.compile(r"/webauthn/add/"))
    page.get_by_label("A name for it").fill("Blue key")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the key").click()
    visitor.check("security key added")
    from allauth.mfa.models import Authenticator

    assert Authenticator.objects.filter(user=cast.org_admin, type="webauthn").exists()

    # Next time, the key signs in instead of the app's code.
    page.context.clear_cookies()
    visitor.visit("/accounts/login/", "sign in again")
    page.get_by_label("Email address").fill(cast.org_admin.email)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    visitor.submit("Sign in")
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    visitor.check("code or key")
    with page.expect_navigation():
        page.get_by_role("button", name="Use a security key or passkey").click()
    page.wait_for_url(re.compile(r"/home/$"))
    visitor.check("signed in with a key")
