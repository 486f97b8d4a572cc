"""When a form is wrong, people are told what to fix, can reach it by keyboard, and lose nothing."""

from __future__ import annotations

import re

import pytest

from e2e.conftest import Visitor, sign_in_with_password
from ustogether.core.testing import make_organisation, make_person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PURPOSE = "Ask carers what would make respite care easier to book."


def active_element(visitor: Visitor) -> dict[str, str]:
    return visitor.page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className,
                    text: (el.innerText || '').trim()};
        }"""
    )


def test_empty_project_form_shows_errors_that_lead_to_each_field(visitor: Visitor) -> None:
    lead = make_person(name="Dee Hughes", email="dee@example.org")
    make_organisation("Westshire Council", admin=lead)
    page = visitor.page
    sign_in_with_password(visitor, lead.email)

    visitor.visit("/projects/new/", "start a project")
    page.get_by_label("What is the project for?").fill(PURPOSE)
    visitor.submit("Start the project")

    assert page.title().startswith("Error: Start a project")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    links = summary.get_by_role("link")
    assert links.all_inner_texts() == [
        "Enter a name for the project.",
        "Choose the perspective you bring.",
    ]
    # Each error is also beside its field, and the title field is marked as wrong.
    assert page.locator("#id_title-error").inner_text().endswith("Enter a name for the project.")
    assert "govuk-input--error" in (page.locator("#id_title").get_attribute("class") or "")
    assert page.locator("#id_title").get_attribute("aria-describedby") == "id_title-error"
    # What was typed is still there.
    assert page.get_by_label("What is the project for?").input_value() == PURPOSE
    visitor.check("start a project, with errors")

    # GOV.UK Frontend moves focus to the summary, so a screen reader reads it first.
    assert "govuk-error-summary" in active_element(visitor)["cls"]
    # Tab reaches the first error; Enter on it puts the cursor in the field.
    page.keyboard.press("Tab")
    assert active_element(visitor)["text"] == "Enter a name for the project."
    page.keyboard.press("Enter")
    assert active_element(visitor)["id"] == "id_title"
    page.keyboard.type("Easier respite for carers")

    page.get_by_role("radio", name="Carer").check()
    visitor.submit("Start the project")
    page.wait_for_url(re.compile(r"/projects/\d+/$"))
    visitor.check("project started")
    assert page.locator("h1").inner_text() == "Easier respite for carers"
    # The glossary may explain a word inside the text, so look for its two ends.
    main = page.locator("main").inner_text()
    assert "Ask carers what would make" in main and "easier to book." in main


def test_error_about_radio_buttons_leads_to_the_first_one(visitor: Visitor) -> None:
    lead = make_person(name="Dee Hughes", email="dee@example.org")
    make_organisation("Westshire Council", admin=lead)
    page = visitor.page
    sign_in_with_password(visitor, lead.email)
    visitor.visit("/projects/new/", "start a project")
    visitor.submit("Start the project")
    visitor.check("start a project, with errors")
    page.locator(".govuk-error-summary").get_by_role(
        "link", name="Choose the perspective you bring."
    ).click()
    assert active_element(visitor)["id"] == "id_perspective_0"


def test_sign_up_errors_are_listed_and_nothing_typed_is_lost(visitor: Visitor) -> None:
    page = visitor.page
    visitor.visit("/accounts/signup/", "create an account")
    page.get_by_label("Email address").fill("kim.example.org")
    page.get_by_label("Make a password").fill("Bright-kettle-on-the-hill-42")
    page.get_by_label("Type your password again").fill("Something-else-entirely-9")
    visitor.submit("Create your account")

    assert page.title().startswith("Error: Create an account")
    summary_links = page.locator(".govuk-error-summary").get_by_role("link")
    hrefs = [summary_links.nth(i).get_attribute("href") for i in range(summary_links.count())]
    assert hrefs == ["#id_email", "#id_full_name", "#id_password2"], hrefs
    assert page.get_by_label("Email address").input_value() == "kim.example.org"
    visitor.check("create an account, with errors")

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert active_element(visitor)["id"] == "id_full_name"
