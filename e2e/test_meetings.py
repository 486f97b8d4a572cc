"""Meetings in a real browser: a member answers a date poll with the keyboard alone on a
phone-sized screen; an organiser fixes a date and sees the short notice and the venue
that does not suit everyone; every meeting page passes axe-core."""

from __future__ import annotations

import datetime as dt

import pytest

from e2e.conftest import Visitor, sign_in_with_password
from ustogether.core.testing import make_cast
from ustogether.meetings import services
from ustogether.meetings.checks import LONDON
from ustogether.meetings.models import PollAnswer
from ustogether.meetings.testing import cast_meeting, in_days, make_poll, make_venue
from ustogether.people.services import person_save_needs

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_answers_the_poll_with_the_keyboard_on_a_phone(visitor: Visitor) -> None:
    cast = make_cast()
    meeting = cast_meeting(cast)
    poll = make_poll(meeting, cast.lead, days=[20, 21, 22])
    first, second, third = poll.times.all()
    page = visitor.page
    page.set_viewport_size({"width": 375, "height": 667})
    sign_in_with_password(visitor, cast.carer.email)
    visitor.visit(f"/projects/{cast.project.pk}/meetings/{meeting.pk}/", "meeting, phone")
    visitor.tab_to("Tell us which times suit you")
    visitor.press_and_wait("Enter")
    visitor.check("date poll, phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # First time: Yes. Tab reaches the group; Space picks the focused choice.
    visitor.tab_to("Yes")
    page.keyboard.press("Space")
    visitor.tab_to("A note about this time")
    page.keyboard.type("I need to leave by 3 for the school run")
    # Second time: the arrow keys move through a group's choices.
    visitor.tab_to("Yes")
    page.keyboard.press("ArrowDown")
    # Third time: No.
    visitor.tab_to("A note about this time")
    visitor.tab_to("Yes")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    visitor.tab_to("Save my answers")
    visitor.press_and_wait("Enter")
    visitor.check("answers saved, phone")
    assert "Your answers are saved" in page.locator("main").inner_text()
    answers = {a.time_id: (a.answer, a.note) for a in PollAnswer.objects.filter(person=cast.carer)}
    assert answers == {
        first.pk: ("yes", "I need to leave by 3 for the school run"),
        second.pk: ("if_need_be", ""),
        third.pk: ("no", ""),
    }
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_an_organiser_fixes_a_date_after_seeing_short_notice_and_the_venue_mismatch(
    visitor: Visitor,
) -> None:
    cast = make_cast()
    person_save_needs(
        person=cast.member,
        by=cast.member,
        consent=True,
        access_features=["step_free", "hearing_loop"],
        communication_formats=[],
    )
    venue = make_venue(cast.organisation, cast.lead, features=["step_free"], name="Old Town Hall")
    meeting = cast_meeting(cast, venue=venue)
    make_poll(meeting, cast.lead)
    page = visitor.page
    sign_in_with_password(visitor, cast.lead.email)
    base = f"/projects/{cast.project.pk}/meetings/{meeting.pk}/"
    visitor.visit(base + "fix-date/", "fix the date")
    soon = dt.datetime.now(LONDON).date() + dt.timedelta(days=2)
    page.get_by_label("Date").fill(soon.isoformat())
    page.get_by_label("Starts").fill("09:00")
    page.get_by_label("Ends").fill("13:30")
    visitor.submit("Check this date")
    visitor.check("the checks for this date")
    checks = page.locator("[data-checks]").inner_text()
    assert "Short notice: people get 2 days of notice, not 14 days." in checks
    assert "starts at 09:00, before 10:00" in checks
    assert "runs over lunch" in checks
    needs = page.locator("[data-needs]").inner_text()
    assert "1 person needs a hearing loop: not met yet." in needs
    assert "1 person needs step-free access: this venue has it." in needs
    assert "Mo Member" not in page.locator("main").inner_text()

    visitor.submit("Fix this date")
    visitor.check("a reason is needed for short notice")
    assert "Write down why" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("If there is less notice than you promised, say why").fill(
        "The council moved its deadline."
    )
    visitor.submit("Fix this date")
    page.wait_for_url(f"**{base}")
    visitor.check("meeting with its date fixed")
    main = page.locator("main").inner_text()
    assert "The date is fixed" in main
    assert "The council moved its deadline." in main
    assert "things are wrong with this meeting" in main


def test_every_meeting_and_venue_page_passes_axe(visitor: Visitor) -> None:
    cast = make_cast()
    venue = make_venue(cast.organisation, cast.lead, features=["step_free", "hearing_loop"])
    meeting = cast_meeting(cast, venue=venue)
    make_poll(meeting, cast.lead)
    services.meeting_fix_date(
        meeting=meeting, by=cast.lead, starts_at=in_days(20, 10, 30), ends_at=in_days(20, 14)
    )
    sign_in_with_password(visitor, cast.lead.email)
    project, pk = cast.project.pk, meeting.pk
    slug = cast.organisation.slug
    for path, name in [
        (f"/projects/{project}/meetings/", "meetings"),
        (f"/projects/{project}/meetings/new/", "plan a meeting"),
        (f"/projects/{project}/meetings/{pk}/", "a meeting, as organiser"),
        (f"/projects/{project}/meetings/{pk}/edit/", "change a meeting"),
        (f"/projects/{project}/meetings/{pk}/poll/", "date poll, as organiser"),
        (f"/projects/{project}/meetings/{pk}/poll/times/", "add times"),
        (f"/projects/{project}/meetings/{pk}/needs/", "what people need"),
        (f"/projects/{project}/meetings/{pk}/agenda/", "what we will talk about"),
        (f"/projects/{project}/meetings/{pk}/papers/", "papers"),
        (f"/projects/{project}/meetings/{pk}/letters/", "letters and calls"),
        (f"/projects/{project}/meetings/{pk}/attendance/", "who took part"),
        (f"/projects/{project}/meetings/{pk}/notes/", "notes"),
        (f"/projects/{project}/meetings/{pk}/cancel/", "cancel"),
        ("/meetings/", "your meetings"),
        (f"/organisations/{slug}/venues/", "venues"),
        (f"/organisations/{slug}/venues/new/", "add a venue"),
        (f"/organisations/{slug}/venues/{venue.pk}/", "a venue"),
    ]:
        visitor.visit(path, name)
    # A form sent empty shows its errors accessibly too.
    visitor.visit(f"/projects/{project}/meetings/{pk}/poll/times/", "add times again")
    visitor.submit("Add these times")
    visitor.check("add times, with an error")
    assert "Add at least one time" in visitor.page.locator(".govuk-error-summary").inner_text()
