"""You said, we did, in the browser, checked by axe on every page: a member adds a photo
with the keyboard alone, a supporter adds what someone said on the phone, a co-lead
answers, the member reads the answer, and the public page shows it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from e2e.conftest import Visitor, sign_in_with_password
from ustogether.contributions.models import Contribution
from ustogether.core.testing import make_cast
from ustogether.core.tests.files import photo_bytes
from ustogether.decisions.models import Decision

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_said_answered_and_shown(new_visitor: Callable[[], Visitor], tmp_path: Path) -> None:
    cast = make_cast()
    pk = cast.project.pk
    photo = tmp_path / "front-door.jpg"
    photo.write_bytes(photo_bytes())

    # A member adds a photo, using only the keyboard.
    member = new_visitor()
    page = member.page
    sign_in_with_password(member, cast.member.email)
    member.visit(f"/projects/{pk}/contributions/new/", "say something")
    member.tab_to("Words")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.value") == "photo"
    member.type_into("What do you want to say?", "This is why I cannot get in.")
    member.tab_to("Choose a file")
    # Choosing the file happens in the system's own window, which a test cannot
    # drive; the field itself was reached with Tab.
    page.locator("input[type=file]").set_input_files(str(photo))
    member.type_into(
        "What does the picture show?", "The steps at the front door. There is no ramp."
    )
    member.type_into("Topic", "Getting in")
    member.tab_to("Only the project team")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.value") == "public"
    member.tab_to("Save it")
    member.press_and_wait("Enter")
    page.wait_for_url(re.compile(rf"/projects/{pk}/contributions/\d+/$"))
    member.check("what was said, with a photo")
    contribution = Contribution.objects.get(kind="photo")
    assert contribution.author == cast.member
    image = page.locator("main img")
    assert image.get_attribute("alt") == "The steps at the front door. There is no ramp."
    assert page.evaluate("() => document.querySelector('main img').naturalWidth") > 0

    # A supporter adds what someone told them on the phone, with their agreement.
    supporter = new_visitor()
    sign_in_with_password(supporter, cast.carer.email)
    supporter.visit(f"/projects/{pk}/contributions/new/for-someone-else/", "for someone else")
    spage = supporter.page
    spage.get_by_label("Who said it?").select_option(label="Mo Member")
    spage.get_by_label("By phone").check()
    spage.get_by_label("What did they say?").fill("Meetings after ten, please.")
    spage.get_by_label("Only the project team").check()
    supporter.submit("Save it")
    supporter.check("for someone else, no agreement")
    assert "Tick the box to say they agreed" in spage.locator(".govuk-error-summary").inner_text()
    assert spage.get_by_label("What did they say?").input_value() == "Meetings after ten, please."
    spage.get_by_label("They agreed to this being recorded and shared as chosen").check()
    supporter.submit("Save it")
    spage.wait_for_url(re.compile(rf"/projects/{pk}/contributions/\d+/$"))
    supporter.check("said on the phone, written down")
    assert "Written down for them by Cath Carer" in spage.content()

    # A co-lead answers the photo.
    lead = new_visitor()
    lpage = lead.page
    sign_in_with_password(lead, cast.lead.email)
    lead.visit(f"/projects/{pk}/contributions/", "what people said")
    assert "Waiting" in lpage.locator("main table").inner_text()
    lead.visit(f"/projects/{pk}/contributions/{contribution.pk}/", "answer this")
    lpage.get_by_label("Not taken forward").check()
    lead.submit("Save the answer and tell them")
    lead.check("answer without a reason")
    assert (
        "Say why this was not taken forward." in lpage.locator(".govuk-error-summary").inner_text()
    )
    lpage.get_by_label("Taken forward", exact=True).check()
    lpage.get_by_label("What we did, and why").fill(
        "We are building a ramp. It will be ready in May."
    )
    lead.submit("Save the answer and tell them")
    lead.check("answered")

    # A decision it informed, shown at once (this project needs no joint sign-off).
    lead.visit(f"/projects/{pk}/contributions/settings/", "how the team answers")
    lpage.get_by_label("Decisions need joint sign-off").uncheck()
    lead.submit("Save")
    lead.visit(f"/projects/{pk}/decisions/new/?contribution={contribution.pk}", "a decision")
    lpage.get_by_label("What was decided, in a few words").fill("Build a ramp at the front door")
    lpage.get_by_label("What was decided", exact=True).fill("We will build a ramp by May.")
    lpage.get_by_label("Everyone agreed").check()
    lead.submit("Save the decision")
    lead.check("the decision's timeline")
    decision = Decision.objects.get()
    assert decision.is_published and list(decision.informed_by.all()) == [contribution]

    # The member reads the answer, and the decision it led to.
    member.visit(f"/projects/{pk}/contributions/{contribution.pk}/", "the answer")
    text = page.locator("main").inner_text()
    assert "We are building a ramp. It will be ready in May." in text
    assert "Build a ramp at the front door" in text
    member.visit("/my-contributions/", "what I said")

    # The public page shows it to someone not signed in, without names.
    public = new_visitor()
    public.visit(f"/projects/{pk}/you-said-we-did/", "you said, we did")
    shown = public.page.locator("main").inner_text()
    assert "This is why I cannot get in." in shown
    assert "We are building a ramp." in shown
    assert "Mo Member" not in shown
    assert "Meetings after ten, please." not in shown  # shared with the team only
    public.visit(f"/projects/{pk}/you-said-we-did/easy-read/", "you said, we did: Easy Read")
    public.visit(f"/projects/{pk}/decisions/", "decisions")
    public.visit(f"/projects/{pk}/decisions/{decision.pk}/", "one decision")
