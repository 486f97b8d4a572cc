"""Plain language in the browser: an author checks their words by keyboard, a reader
opens what a word means, and a co-lead makes an Easy Read version with pictures."""

from __future__ import annotations

import re

import pytest

from e2e.conftest import Visitor, sign_in_with_password
from ustogether.core.testing import make_person, make_project
from ustogether.projects.models import Project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

JARGON = "We will leverage the new care package and commission more reablement."


def test_an_author_checks_a_purpose_with_the_keyboard_alone(visitor: Visitor) -> None:
    lead = make_person(name="Ravi Shah", email="ravi@example.org")
    project = make_project(lead=lead, title="Help at home")
    page = visitor.page
    sign_in_with_password(visitor, lead.email)
    visitor.visit(f"/projects/{project.pk}/stages/", "name the stages")
    visitor.visit(f"/projects/{project.pk}/events/", "what has happened")
    visitor.visit(f"/projects/{project.pk}/edit/", "change the project")

    visitor.type_into("What is the project for?", JARGON)
    # The live check (htmx) shows findings as the author types...
    page.wait_for_selector("#plain-purpose .ut-finding", timeout=10_000)
    # ...and the button does the same for anyone who tabs to it and presses Enter.
    visitor.tab_to("Check my text")
    page.keyboard.press("Enter")
    findings = page.locator("#plain-purpose")
    findings.locator("text=‘care package’ is jargon").wait_for(timeout=10_000)
    # Screen readers get a short summary through a status message, not the whole list.
    status = page.locator("#plain-status-purpose")
    assert status.get_attribute("role") == "status"
    assert re.match(r"Checked\. Reading age about \d+\. 4 things to look at\.", status.inner_text())
    text = findings.inner_text()
    assert "‘reablement’ is jargon" in text
    assert "Try not to use ‘leverage’" in text
    assert "You can still save." in text
    visitor.check("change the project, with plain language findings")

    # A suggestion is one key press away; the text changes and nothing is saved yet.
    visitor.tab_to("Use “use”")
    visitor.press_and_wait("Enter")
    assert page.get_by_label("What is the project for?").input_value() == JARGON.replace(
        "leverage", "use"
    )
    visitor.check("change the project, after using a suggestion")
    original = project.purpose
    project.refresh_from_db()
    assert project.purpose == original  # checking and swapping save nothing

    # Saving is never blocked by findings.
    visitor.submit("Save the project")
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/$"))
    project.refresh_from_db()
    assert project.purpose == JARGON.replace("leverage", "use")


def test_a_reader_opens_what_a_word_means(visitor: Visitor) -> None:
    lead = make_person()
    project = make_project(lead=lead, title="Help at home")
    Project.objects.filter(pk=project.pk).update(purpose=JARGON)
    page = visitor.page
    visitor.visit(f"/projects/{project.pk}/", "public project with glossary words")

    word = page.locator("summary.ut-term__word", has_text="reablement")
    definition = page.locator("details.ut-term", has=word).locator(".ut-term__definition")
    assert not definition.is_visible()
    visitor.tab_to("reablement")
    page.keyboard.press("Enter")
    assert definition.is_visible()
    assert "Reablement" in definition.inner_text() or "reablement" in definition.inner_text()
    visitor.check("public project with a definition open")
    # The word sits inside its sentence: the disclosure is inline, not a block.
    assert word.evaluate("el => getComputedStyle(el.parentElement).display") == "inline"


def test_a_co_lead_writes_an_easy_read_version_with_pictures(visitor: Visitor) -> None:
    lead = make_person(name="Ravi Shah", email="ravi@example.org")
    project = make_project(lead=lead, title="Help at home")
    page = visitor.page
    sign_in_with_password(visitor, lead.email)
    visitor.visit(f"/projects/{project.pk}/", "project page for a co-lead")
    with page.expect_navigation():
        page.get_by_role("link", name="Write an Easy Read version").click()
    visitor.check("write an Easy Read version")

    page.get_by_label("Title").fill("Help at home")
    page.get_by_label("Points").fill("We want to hear from you.\n\nWe will pay for your bus.")
    visitor.submit("Save and choose pictures")
    visitor.check("choose pictures for the points")

    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Choose a picture")).first.click()
    # After each choice the next point without a picture comes up.
    for search in ("talk", "bus"):
        page.get_by_label("Search for a picture").fill(search)
        visitor.submit("Search")
        visitor.check(f"pictures for {search}")
        page.locator("input[name=picture]").first.check()
        visitor.submit("Use this picture")

    visitor.visit(f"/projects/{project.pk}/easy-read/", "the Easy Read version")
    main = page.locator("main")
    assert "We want to hear from you." in main.inner_text()
    assert "We will pay for your bus." in main.inner_text()
    assert main.locator("img").count() >= 2

    visitor.visit("/about/pictures/", "who made the pictures")
    assert "OpenMoji" in page.locator("main").inner_text()
