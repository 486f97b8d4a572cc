"""On a 320-pixel-wide screen (WCAG 1.4.10, reflow) no page scrolls sideways."""

from __future__ import annotations

import pytest

from e2e.conftest import Visitor, sign_in_with_password
from ustogether.core.testing import make_cast
from ustogether.projects import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pages_fit_a_small_phone_screen(visitor: Visitor) -> None:
    cast = make_cast()
    services.invitation_create(
        project=cast.project, by=cast.lead, email="a.long.email.address@example.org"
    )
    page = visitor.page
    sign_in_with_password(visitor, cast.lead.email)
    page.set_viewport_size({"width": 320, "height": 640})
    pk = cast.project.pk
    for path, name in [
        ("/home/", "your projects, small screen"),
        (f"/projects/{pk}/", "project, small screen"),
        (f"/projects/{pk}/members/", "members, small screen"),
        (f"/projects/{pk}/invite/", "invite, small screen"),
        (f"/projects/{pk}/events/", "what has happened, small screen"),
        (f"/projects/{pk}/edit/", "change the project, small screen"),
        ("/profile/needs/", "what helps you, small screen"),
        ("/check-my-writing/", "check my writing, small screen"),
    ]:
        visitor.visit(path, name)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide on a 320px screen"
