"""The live plain-language check with JavaScript on: options take effect at once,
and an out-of-date error does not sit beside the new findings."""

from __future__ import annotations

import re

import pytest

from e2e.conftest import Visitor, sign_in_with_password
from ustogether.core.testing import make_person, make_project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_ticking_check_it_as_easy_read_changes_the_live_check(visitor: Visitor) -> None:
    person = make_person(name="Ann Writer", email="ann@example.org")
    page = visitor.page
    sign_in_with_password(visitor, person.email)
    visitor.visit("/check-my-writing/", "check my writing")
    visitor.tick("Check it as Easy Read")
    visitor.type_into("Paste or type your writing", "We will ask the NHS to help us.")
    # "NHS" is a short form everyone knows, so only the Easy Read check flags it.
    page.locator("#plain-text").get_by_text("In Easy Read, write the full words").wait_for(
        timeout=10_000
    )
    assert "You can still save" not in page.locator("#plain-text").inner_text()
    visitor.check("check my writing as Easy Read, live")


def test_the_live_check_clears_an_error_the_new_text_has_fixed(visitor: Visitor) -> None:
    lead = make_person(name="Ravi Shah", email="ravi@example.org")
    project = make_project(lead=lead, title="Help at home")
    page = visitor.page
    sign_in_with_password(visitor, lead.email)
    visitor.visit(f"/projects/{project.pk}/edit/", "change the project")
    page.get_by_label("What is the project for?").fill("")
    visitor.submit("Save the project")
    error = page.locator("#id_purpose-error")
    assert "Say what the project is for." in error.inner_text()
    visitor.check("change the project, with an error")

    visitor.type_into("What is the project for?", "We will leverage new ideas.")
    page.locator("#plain-purpose .ut-finding").first.wait_for(timeout=10_000)
    assert error.count() == 0
    assert "Say what the project is for" not in page.locator("main").inner_text()
    group = page.locator(".govuk-form-group", has=page.locator("#id_purpose"))
    assert "govuk-form-group--error" not in (group.get_attribute("class") or "")
    assert not re.match(r"Error:", page.title())
    visitor.check("change the project, error cleared by the live check")
