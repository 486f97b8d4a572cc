"""Pages anyone can read without an account."""

from __future__ import annotations

import pytest

from e2e.conftest import Visitor
from ustogether.core.testing import make_organisation, make_person, make_project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_public_pages_work_for_a_visitor_who_is_not_signed_in(visitor: Visitor) -> None:
    lead = make_person(name="Ali Khan", email="ali@example.org")
    organisation = make_organisation("Southbridge Carers Centre", admin=lead)
    project = make_project(lead=lead, organisation=organisation, title="Carers' voices in hospital")
    make_project(
        lead=lead, organisation=organisation, title="Staff only plans", visibility="members"
    )
    page = visitor.page

    visitor.visit("/", "home")
    assert page.locator("h1").inner_text() == "Work together as equal partners"

    visitor.visit("/projects/", "public projects")
    main = page.locator("main").inner_text()
    assert "Carers' voices in hospital" in main
    assert "Staff only plans" not in main

    visitor.visit(f"/projects/{project.pk}/", "a public project")
    assert page.locator("h1").inner_text() == "Carers' voices in hospital"
    assert page.get_by_text("People join this project when they are invited.").is_visible()

    visitor.visit(f"/organisations/{organisation.slug}/", "an organisation")
    visitor.visit("/about/", "about")
    visitor.visit("/accounts/signup/", "create an account")
    visitor.visit("/accounts/login/code/", "sign in with a code")
