"""A newcomer's first visit: sign up, say what helps them, start a project, invite someone."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from e2e.conftest import PASSWORD, Visitor, last_email_to, path_in, sign_up
from ustogether.core.testing import totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_newcomer_signs_up_sets_needs_creates_project_and_invites(visitor: Visitor) -> None:
    page = visitor.page
    mail.outbox.clear()
    visitor.visit("/", "home")
    visitor.submit("Create an account")
    page.wait_for_url(re.compile(r"/accounts/signup/$"))
    visitor.check("create an account")
    sign_up(visitor, name="Samantha Okafor", email="sam@example.org", start="")
    page.wait_for_url(re.compile(r"/home/$"))
    visitor.check("your projects, first time")
    assert page.locator("h1").inner_text() == "Hello, Samantha Okafor"

    # Her details, by keyboard alone.
    visitor.visit("/profile/edit/", "change your details")
    visitor.type_into("What do you like to be called?", "Sam")
    visitor.type_into("Your pronouns", "she/her")
    visitor.tab_to("Email")  # Tab lands on the chosen radio button of the group
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.checked")
    assert visitor.focused_name() == "Phone"
    visitor.type_into("Phone number", "07700 900123")
    visitor.tab_to("Save your details")
    visitor.press_and_wait("Enter")
    page.wait_for_url(re.compile(r"/profile/$"))
    visitor.check("profile with details")
    main = page.locator("main")
    assert "Sam" in main.inner_text() and "07700 900123" in main.inner_text()

    # What helps her take part, by keyboard alone: Tab, Shift+Tab, Space, Enter.
    visitor.tab_to("Tell us what helps you")
    visitor.press_and_wait("Enter")
    page.wait_for_url(re.compile(r"/profile/needs/$"))
    visitor.check("what helps you take part")
    assert "Who will see this" in page.locator("main").inner_text()
    visitor.tick("Step-free access")
    visitor.tick("Regular breaks")
    visitor.tick("Easy Read")
    visitor.tick("Large print")
    visitor.tab_to("Food and drink")
    page.keyboard.type("Vegetarian, no nuts")
    visitor.tick("Yes, keep this information")
    visitor.tab_to("Anything else that helps you take part", backwards=True)
    page.keyboard.type("I sometimes need to leave early.")
    visitor.tab_to("Save what helps you")
    visitor.press_and_wait("Space")
    page.wait_for_url(re.compile(r"/profile/$"))
    visitor.check("profile with needs")
    main_text = page.locator("main").inner_text()
    for shown in [
        "Step-free access",
        "Regular breaks",
        "Easy Read",
        "Large print",
        "Vegetarian, no nuts",
        "I sometimes need to leave early.",
        "Your needs are saved.",
    ]:
        assert shown in main_text, f"{shown!r} is not on the profile"
    # The profile says who sees these needs, and that they never see why.
    assert "People who plan a meeting you go to see only what to get ready" in main_text

    # Her organisation.
    visitor.visit("/home/", "your projects")
    page.get_by_role("link", name="Add an organisation").click()
    page.wait_for_url(re.compile(r"/organisations/new/$"))
    visitor.check("add an organisation")
    page.get_by_label("Name of the organisation").fill("Northtown Council")
    page.get_by_role("radio", name="Council", exact=True).check()
    page.get_by_label("Website").fill("https://www.northtown.example")
    visitor.submit("Add the organisation")
    page.wait_for_url(re.compile(r"/organisations/[\w-]+/$"))
    visitor.check("organisation")
    assert page.locator("h1").inner_text() == "Northtown Council"

    # An admin's role needs two-step sign-in: she turns it on with her phone's app.
    assert (
        "To use your role as admin, turn on two-step sign-in." in page.locator("main").inner_text()
    )
    page.get_by_role("link", name="Turn on two-step sign-in").click()
    page.wait_for_url(re.compile(r"/accounts/reauthenticate/"))
    visitor.check("type your password again")
    page.get_by_label("Password").fill(PASSWORD)
    visitor.submit("Go on")
    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    visitor.check("turn on two-step sign-in")
    page.get_by_text("I cannot scan the picture").click()
    secret = page.locator("#authenticator-secret").inner_text().strip()
    page.get_by_label("The 6 numbers from your app").fill(totp_code(secret))
    visitor.submit("Turn it on")
    visitor.check("after turning on two-step sign-in")
    if "/recovery-codes/" in page.url:
        assert "Your recovery codes" in page.locator("h1").inner_text()
    visitor.visit("/accounts/2fa/", "two-step sign-in is on")
    assert "You sign in with a code from your app." in page.locator("main").inner_text()
    visitor.visit("/help/two-step-sign-in/", "two-step sign-in guide")

    # A project, started from her home page now that she runs an organisation.
    page.get_by_role("link", name="Your projects").click()
    page.wait_for_url(re.compile(r"/home/$"))
    visitor.check("your projects, with an organisation")
    page.get_by_role("link", name="Start a project").click()
    page.wait_for_url(re.compile(r"/projects/new/"))
    visitor.check("start a project")
    page.get_by_label("Project name").fill("Better day services")
    page.get_by_label("What is the project for?").fill(
        "Work out with the people who use day services what a good day looks like."
    )
    page.get_by_role("radio", name="Professional").check()
    visitor.submit("Start the project")
    page.wait_for_url(re.compile(r"/projects/\d+/$"))
    visitor.check("project page")
    assert page.locator("h1").inner_text() == "Better day services"

    # An invitation.
    page.get_by_role("link", name="Invite people").click()
    page.wait_for_url(re.compile(r"/projects/\d+/invite/$"))
    visitor.check("invite people")
    page.get_by_label("Their email address").fill("kim@example.org")
    page.get_by_label("A message to them").fill("We would love your help, Kim.")
    visitor.submit("Send the invitation")
    page.wait_for_url(re.compile(r"/projects/\d+/invite/$"))
    visitor.check("invitation sent")
    assert page.get_by_text("We have sent an invitation to kim@example.org.").is_visible()

    invitation = last_email_to("kim@example.org")
    assert "Better day services" in str(invitation.body)
    assert "We would love your help, Kim." in str(invitation.body)
    assert path_in(invitation, "/invitations/")
