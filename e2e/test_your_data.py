"""A person can download their data and close their account, by keyboard."""

from __future__ import annotations

import pytest

from e2e.conftest import Visitor, sign_in_with_password
from ustogether.core.testing import make_person
from ustogether.people.models import Person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_person_closes_their_account(visitor: Visitor) -> None:
    person = make_person(name="Lee Morgan", email="lee@example.org")
    page = visitor.page
    sign_in_with_password(visitor, person.email)
    visitor.visit("/profile/", "your profile")
    with page.expect_navigation():
        page.get_by_role("link", name="Close your account").click()
    visitor.check("close your account")

    visitor.submit("Close my account")
    assert page.title().startswith("Error:")
    visitor.check("close your account, not ticked")

    visitor.tick("Yes, close my account")
    visitor.tab_to("Close my account")
    visitor.press_and_wait("Enter")
    visitor.check("account closed")
    assert "Your account is closed" in page.locator("main").inner_text()
    person.refresh_from_db()
    assert not person.is_active
    assert Person.objects.filter(email="lee@example.org").count() == 0
