"""Things said and decided at a meeting, and a paper in Easy Read, in the browser,
checked by axe on every page: a member says something about one agenda item, the
co-lead writes the paper's Easy Read version and records a decision made at the
meeting, and passes the news on by post to the carer who asked for post."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from e2e.conftest import Visitor, sign_in_with_password
from ustogether.contributions import services as contribution_services
from ustogether.contributions.models import Contribution
from ustogether.contributions.testing import held_meeting, say
from ustogether.core.testing import make_cast
from ustogether.core.tests.files import PDF_BYTES
from ustogether.decisions.models import Decision, News
from ustogether.meetings import services_papers
from ustogether.meetings.models import Invitee
from ustogether.people.models import Person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_said_and_decided_at_a_meeting_with_its_paper_in_easy_read(
    new_visitor: Callable[[], Visitor],
) -> None:
    cast = make_cast()
    pk = cast.project.pk
    meeting = held_meeting(cast)
    contribution_services.rules_update(
        project=cast.project, by=cast.lead, response_days=28, joint_sign_off=False
    )
    Invitee.objects.filter(meeting=meeting, person=cast.member).update(attended="in_person")
    Invitee.objects.filter(meeting=meeting, person=cast.carer).update(attended="phone")
    Person.objects.filter(pk=cast.carer.pk).update(
        contact_by=Person.ContactBy.POST, postal_address="4 Mill Lane\nRiverside"
    )
    asked_by_post = say(cast.project, cast.carer, text="Please post me what you decide.")
    paper = services_papers.paper_add(
        meeting=meeting,
        by=cast.lead,
        title="Short breaks plan",
        upload=SimpleUploadedFile("plan.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    m = f"/projects/{pk}/meetings/{meeting.pk}"

    # A member says something about one item on the agenda, with the keyboard alone.
    member = new_visitor()
    page = member.page
    sign_in_with_password(member, cast.member.email)
    member.visit(f"/projects/{pk}/contributions/new/", "say something at a meeting")
    member.type_into("What do you want to say?", "Weekend breaks suit my family best.")
    member.tab_to("Was it said at a meeting?")
    page.keyboard.press("ArrowDown")  # the meeting as a whole
    page.keyboard.press("ArrowDown")  # Booking a break
    page.keyboard.press("ArrowDown")  # Weekend breaks
    assert (
        page.get_by_label("Was it said at a meeting?").evaluate(
            "s => s.options[s.selectedIndex].text"
        )
        == "Weekend breaks"
    )
    member.tab_to("Save it")
    member.press_and_wait("Enter")
    page.wait_for_url(re.compile(rf"/projects/{pk}/contributions/\d+/$"))
    member.check("said about one agenda item")
    said = Contribution.objects.get(text="Weekend breaks suit my family best.")
    assert said.meeting == meeting and said.agenda_item is not None
    assert "About: Weekend breaks" in page.locator("main").inner_text()
    member.visit(f"/projects/{pk}/you-said-we-did/?by=meeting", "you said, we did by meeting")
    member.visit(
        f"/projects/{pk}/you-said-we-did/easy-read/?meeting={meeting.pk}",
        "one meeting in Easy Read",
    )
    assert "Weekend breaks suit my family best." in page.locator("main").inner_text()

    # The co-lead writes the paper's Easy Read version.
    lead = new_visitor()
    lpage = lead.page
    sign_in_with_password(lead, cast.lead.email)
    lead.visit(f"{m}/papers/{paper.pk}/easy-read/write/", "write a paper's Easy Read version")
    lpage.get_by_label("Title").fill("Short breaks")
    lpage.get_by_label("Points").fill("We want breaks to be better.\n\nTell us what works.")
    lead.submit("Save and choose pictures")
    lead.check("choose pictures for the paper")
    member.visit(f"{m}/papers/{paper.pk}/easy-read/", "a paper in Easy Read")
    assert "Tell us what works." in page.locator("main").inner_text()

    # The co-lead records a decision made at the meeting: who was there is filled in.
    lead.visit(
        f"/projects/{pk}/decisions/new/?meeting={meeting.pk}&contribution={asked_by_post.pk}",
        "a decision made at a meeting",
    )
    assert lpage.get_by_label("Mo Member").is_checked()
    assert lpage.get_by_label("Cath Carer").is_checked()
    lpage.get_by_label("What was decided, in a few words").fill("Breaks at weekends first")
    lpage.get_by_label("What was decided", exact=True).fill("We will start weekend breaks.")
    lpage.get_by_label("Everyone agreed").check()
    lead.submit("Save the decision")
    lead.check("a decision made at a meeting, saved")
    decision = Decision.objects.get()
    assert decision.meeting == meeting
    assert {p.person for p in decision.participants.all()} == {cast.member, cast.carer}

    # The carer asked for post: the co-lead sees it on the list, posts it, and says so.
    lead.visit(f"/projects/{pk}/contributions/", "news to pass on by post")
    assert "Breaks at weekends first" in lpage.locator("main").inner_text()
    lead.submit("We have told them (news of “Breaks at weekends first”)")
    lead.check("news passed on")
    assert News.objects.get(person=cast.carer).told_at is not None
