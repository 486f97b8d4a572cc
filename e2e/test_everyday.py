"""Everyday pages in the browser, checked by axe: a co-lead manages members on a small
phone, removes one, plans stages and closes the project; a newcomer reads what joining means."""

from __future__ import annotations

import re

import pytest

from e2e.conftest import Visitor, sign_in_with_password
from ustogether.core.testing import SHORT_AGREEMENT, agree_agreement, make_cast
from ustogether.projects import agreements
from ustogether.projects.models import Project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_co_lead_can_reach_every_members_role_control_on_a_small_phone(
    visitor: Visitor,
) -> None:
    cast = make_cast()
    page = visitor.page
    sign_in_with_password(visitor, cast.lead.email)
    page.set_viewport_size({"width": 320, "height": 640})
    visitor.visit(f"/projects/{cast.project.pk}/members/", "members on a small screen")
    # Whatever the control is (a role box or a link to the member's page), it must be
    # on screen without scrolling the table sideways.
    controls = page.locator("main table").locator("select, a")
    assert controls.count() == 4
    for i in range(controls.count()):
        box = controls.nth(i).bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (
            f"{controls.nth(i).inner_text()!r} is at x={box['x']:.0f}, off a 320px screen"
        )
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    proposal = agreements.agreement_propose(
        project=cast.project,
        by=cast.lead,
        reason="Shorter words.",
        **{**SHORT_AGREEMENT, "ground_rules": "We listen to each other and take breaks."},
    )
    carer = cast.project.memberships.get(person=cast.carer)
    pk = cast.project.pk
    for path, name in [
        (f"/projects/{pk}/members/{carer.pk}/", "one member, small screen"),
        (f"/projects/{pk}/agreement/", "agreement, small screen"),
        (f"/projects/{pk}/agreement/proposals/{proposal.pk}/", "a change, small screen"),
        (f"/projects/{pk}/agreement/versions/1/", "a version, small screen"),
        (f"/projects/{pk}/close/", "close, small screen"),
        ("/glossary/", "glossary, small screen"),
    ]:
        visitor.visit(path, name)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide on a 320px screen"


def test_a_co_lead_removes_a_member_plans_stages_and_closes_the_project(
    visitor: Visitor,
) -> None:
    cast = make_cast()
    page = visitor.page
    sign_in_with_password(visitor, cast.lead.email)
    pk = cast.project.pk
    visitor.visit(f"/projects/{pk}/members/", "members")
    with page.expect_navigation():
        page.get_by_role("link", name="Change role or remove Cath Carer").click()
    visitor.check("one member")
    visitor.submit("Remove Cath Carer")
    visitor.check("remove a member, no reason")
    assert "Say why, so the person knows." in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Why are you removing them?").fill("You asked us to stop the emails.")
    visitor.submit("Remove Cath Carer")
    page.wait_for_url(re.compile(rf"/projects/{pk}/members/$"))
    visitor.check("members after removing one")

    visitor.visit(f"/projects/{pk}/stages/", "name and plan the stages")
    page.get_by_label("Planned start of stage 1").fill("2026-03-01")
    page.get_by_label("Planned end of stage 1").fill("2026-05-31")
    visitor.submit("Save the stages")
    page.wait_for_url(re.compile(rf"/projects/{pk}/$"))
    assert "Planned: 1 March 2026 to 31 May 2026" in page.locator("main").inner_text()

    visitor.visit(f"/projects/{pk}/events/", "what has happened")
    visitor.visit(f"/projects/{pk}/close/", "close the project")
    page.get_by_label("What did the project do, and what happens next?").fill(
        "We changed how people book a break. Thank you all."
    )
    visitor.submit("Close the project")
    page.wait_for_url(re.compile(rf"/projects/{pk}/$"))
    visitor.check("a closed project")
    assert "This project finished on" in page.locator("main").inner_text()
    visitor.visit(f"/projects/{pk}/close/", "a closed project can open again")


def test_a_newcomer_reads_what_joining_means(new_visitor) -> None:
    cast = make_cast(joining=Project.Joining.OPEN)
    Project.objects.filter(pk=cast.project.pk).update(
        time_needed="About 3 hours a month.", meetings="Once a month at the library."
    )
    agree_agreement(cast.project, cast.lead, **{**SHORT_AGREEMENT, "decisions": "We vote."})
    reader: Visitor = new_visitor()
    reader.visit(f"/projects/{cast.project.pk}/", "public project page")
    main = reader.page.locator("main").inner_text()
    assert "What joining means" in main and "We vote." in main
    newcomer: Visitor = new_visitor()
    sign_in_with_password(newcomer, cast.outsider.email)
    newcomer.visit(f"/projects/{cast.project.pk}/join/", "join the project")
    assert "Your perspective is what you know" in newcomer.page.locator("main").inner_text()
    member: Visitor = new_visitor()
    sign_in_with_password(member, cast.carer.email)
    member.check("home with what waits for you")
    assert "Read and sign the agreement" in member.page.locator("main").inner_text()


def test_a_member_browses_the_glossary_a_to_z_and_asks_what_a_word_means(
    visitor: Visitor,
) -> None:
    cast = make_cast()
    page = visitor.page
    sign_in_with_password(visitor, cast.carer.email)
    visitor.visit("/glossary/", "glossary, first page")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Words by first letter").get_by_role(
            "link", name="R", exact=True
        ).click()
    visitor.check("glossary, words starting with R")
    with page.expect_navigation():
        page.get_by_role("link", name="ask what a word means").click()
    visitor.check("ask what a word means")
    assert page.get_by_role("radio", name="Ask what a word means").is_checked()
    page.get_by_label("Word or phrase").fill("direct payment")
    visitor.submit("Send it")
    visitor.check("glossary after asking")
    assert "A co-lead will answer your question." in page.locator("main").inner_text()
