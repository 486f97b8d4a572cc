"""Someone who was invited by email joins the project."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from e2e.conftest import Visitor, last_email_to, path_in, sign_in_with_password, sign_up
from ustogether.core.testing import make_organisation, make_person, make_project
from ustogether.projects import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_invited_person_joins_the_project(new_visitor) -> None:
    lead = make_person(name="Priya Shah", email="priya@example.org")
    project = make_project(
        lead=lead,
        organisation=make_organisation("Eastvale NHS Trust", admin=lead),
        title="Better short breaks for carers",
    )
    mail.outbox.clear()
    services.invitation_create(
        project=project, by=lead, email="kim@example.org", message="Please join us, Kim."
    )
    invitation_path = path_in(last_email_to("kim@example.org"), "/invitations/")

    kim: Visitor = new_visitor()
    page = kim.page
    kim.visit(invitation_path, "invitation, signed out")
    assert page.locator("h1").inner_text() == "Join “Better short breaks for carers”"
    assert "Please join us, Kim." in page.locator("main").inner_text()
    page.locator("main").get_by_role("link", name="Create an account").click()
    page.wait_for_url(re.compile(r"/accounts/signup/"))
    kim.check("create an account from the invitation")
    sign_up(kim, name="Kim Lee", email="kim@example.org", start="")

    # The invitation page said she would come back to it after signing up.
    page.wait_for_url(re.compile(re.escape(invitation_path) + "$"))
    kim.check("invitation, signed in")
    page.get_by_role("radio", name="Carer").check()
    kim.submit("Yes, join the project")
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/$"))
    kim.check("project page as a member")
    assert page.get_by_text("You have joined the project. Welcome.").is_visible()
    assert page.get_by_role("heading", name="For members").is_visible()
    assert page.get_by_role("link", name="Leave the project").is_visible()

    priya: Visitor = new_visitor()
    sign_in_with_password(priya, lead.email)
    priya.visit(f"/projects/{project.pk}/members/", "members")
    row = priya.page.get_by_role("row").filter(has_text="Kim Lee")
    assert row.count() == 1
    assert "Carer" in row.inner_text()
