"""The agreement changed together, with the keyboard alone: a member proposes a change,
another reads what would change, comments and agrees, and the co-lead signs the new version."""

from __future__ import annotations

import re

import pytest

from e2e.conftest import Visitor, sign_in_with_password
from ustogether.core.testing import add_member, agree_agreement, make_person, make_project
from ustogether.projects.models import Perspective

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AGREEMENT = {
    "purpose": "Make short breaks better for carers.",
    "decisions": "We decide together at our meetings.",
    "payment_and_support": "We pay £20 an hour. We pay within 14 days.",
    "disagreements": "We talk it through.",
    "ground_rules": "We listen. We use plain words.",
}


def test_a_change_is_proposed_and_adopted_with_the_keyboard_alone(new_visitor) -> None:
    lead = make_person(name="Priya Shah", email="priya@example.org")
    project = make_project(lead=lead, title="Better short breaks")
    mo = make_person(name="Mo Green", email="mo@example.org")
    cath = make_person(name="Cath Jones", email="cath@example.org")
    add_member(project, mo, perspective=Perspective.LIVED_EXPERIENCE)
    add_member(project, cath, perspective=Perspective.CARER)
    agree_agreement(project, lead, **AGREEMENT)

    # Cath proposes a change.
    carer: Visitor = new_visitor()
    page = carer.page
    sign_in_with_password(carer, cath.email)
    carer.visit(f"/projects/{project.pk}/agreement/", "the agreement")
    carer.tab_to("Propose a change to the agreement")
    carer.press_and_wait("Enter")
    carer.check("propose a change to the agreement")
    carer.type_into(
        "How people are paid and supported", "We pay £20 an hour. We pay within 7 days."
    )
    carer.type_into("Why do you want this change?", "Waiting 14 days is too long for us.")
    carer.tab_to("Send it to members")
    carer.press_and_wait("Enter")
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/agreement/proposals/\d+/$"))
    carer.check("the proposed change")
    main = page.locator("main")
    assert "Nothing changes until members agree" in main.inner_text()
    assert main.locator("del.ut-del").first.inner_text().strip().startswith("[taken out:")
    assert "14" in main.locator("del.ut-del").first.inner_text()
    assert "7" in main.locator("ins.ut-ins").first.inner_text()
    assert "These parts do not change:" in main.inner_text()
    assert main.get_by_role("listitem").filter(has_text="What the project is for").count() >= 1

    # Mo finds it on his home page, comments and agrees.
    member: Visitor = new_visitor()
    page = member.page
    sign_in_with_password(member, mo.email)
    member.tab_to("Say what you think of a change to the agreement")
    member.press_and_wait("Enter")
    member.check("a change waiting for my answer")
    member.type_into("Your comment", "Yes. I waited a month for my bus fare once.")
    member.tab_to("Add my comment")
    member.press_and_wait("Enter")
    member.check("the change, with my comment")
    assert "I waited a month for my bus fare once." in page.locator("main").inner_text()
    member.tab_to("I agree")
    page.keyboard.press("Space")
    assert page.get_by_role("radio", name="I agree").is_checked()
    member.tab_to("Send my answer")
    member.press_and_wait("Enter")
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/agreement/$"))
    member.check("the agreement after the change was agreed")
    main = page.locator("main")
    assert "The change is agreed" in main.inner_text()
    assert "We pay within 7 days." in main.inner_text()
    assert "The agreement now (version 2)" in main.inner_text()
    assert "You have signed this version" in main.inner_text()

    # Priya, who did not answer, is asked to sign the new version, and does.
    co_lead: Visitor = new_visitor()
    page = co_lead.page
    sign_in_with_password(co_lead, lead.email)
    co_lead.tab_to("Read and sign the agreement")
    co_lead.press_and_wait("Enter")
    co_lead.tab_to("Who agreed it, and what changed")
    co_lead.press_and_wait("Enter")
    co_lead.check("version 2, who agreed it")
    assert "Cath Jones, Mo Green" in page.locator("main").inner_text()
    co_lead.visit(f"/projects/{project.pk}/agreement/", "the agreement, to sign")
    co_lead.tab_to("I agree. Sign the agreement")
    co_lead.press_and_wait("Enter")
    assert "You have signed the agreement." in page.locator("main").inner_text()
    co_lead.visit(f"/projects/{project.pk}/agreement/versions/1/", "version 1")
    assert "An earlier version" in page.locator("main").inner_text()
