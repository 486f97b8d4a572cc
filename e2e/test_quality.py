"""The co-production check in a real browser: a member answers with the keyboard alone,
in a structure a screen reader can follow, and a co-lead reads the flags and the scorecard.
axe-core checks every page visited."""

from __future__ import annotations

import re

import pytest

from e2e.conftest import Visitor, sign_in_with_password
from ustogether.core.testing import add_member, make_organisation, make_person, make_project
from ustogether.projects.models import Perspective
from ustogether.quality import services
from ustogether.quality.models import Rung, Tally
from ustogether.quality.statements import Choice
from ustogether.quality.tests.helpers import answered_check, open_check, statements_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_answers_the_check_with_the_keyboard_alone(new_visitor) -> None:
    lead = make_person(name="Priya Shah", email="priya@example.org")
    project = make_project(lead=lead, title="Better day centres")
    mo = make_person(name="Mo Green", email="mo@example.org")
    add_member(project, mo, perspective=Perspective.LIVED_EXPERIENCE)
    check = open_check(project, lead, title="Workshop at the library")
    statements = statements_of(check)

    member: Visitor = new_visitor()
    page = member.page
    sign_in_with_password(member, mo.email)
    member.visit(f"/projects/{project.pk}/checks/", "activities to score")
    member.tab_to("Workshop at the library")
    member.press_and_wait("Enter")
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/checks/{check.pk}/$"))
    member.check("the checklist")

    # A screen reader hears each statement as a group's name: a fieldset with its legend.
    form = page.locator("main form").first
    assert form.locator("fieldset").count() == len(statements) + 1  # and the ladder
    legends = form.locator("fieldset > legend").all_inner_texts()
    assert legends[0].strip() == statements[0].text
    assert legends[-1].strip() == "Which step of the ladder was this?"

    # Tab into the first statement's radios, then the arrow keys choose within it.
    member.tab_to("No, not at all")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert member.focused_name() == "Yes"
    # Tab goes on to the next statement: "No" for that one.
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    assert member.focused_name() == "No"
    member.tab_to("1. Made to go along")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert member.focused_name().startswith("4. Asked")
    member.tab_to("Send my answers")
    member.press_and_wait("Enter")
    member.check("answers sent")
    main = page.locator("main").inner_text()
    assert "You have answered" in main
    assert "nobody can see who gave them" in main.lower() or "Nobody can see" in main

    first = Tally.objects.get(survey=check, statement=statements[0])
    second = Tally.objects.get(survey=check, statement=statements[1])
    assert (first.agree, second.disagree) == (1, 1)
    assert check.rung_tallies.get(rung=Rung.CONSULTATION).count == 1

    member.visit("/checks/how-answers-stay-secret/", "how answers stay secret")
    assert "We only keep totals" in page.locator("main").inner_text()
    member.visit("/checks/ladder/", "the ladder")


def test_a_co_lead_sees_the_flags_and_the_scorecard(new_visitor) -> None:
    admin = make_person(name="Olu Admin", email="olu@example.org")
    organisation = make_organisation("Riverside Council", admin=admin)
    lead = make_person(name="Priya Shah", email="priya@example.org")
    project = make_project(lead=lead, organisation=organisation, title="Help at home")
    add_member(project, make_person(), perspective=Perspective.LIVED_EXPERIENCE)
    answered_check(
        project, lead, [Choice.STRONGLY_DISAGREE] * 3 + [Choice.DISAGREE] * 3, rung=Rung.COERCION
    )

    co_lead: Visitor = new_visitor()
    page = co_lead.page
    sign_in_with_password(co_lead, lead.email)
    co_lead.visit(f"/projects/{project.pk}/", "the project")
    co_lead.tab_to("Scorecard: how well we work together")
    co_lead.press_and_wait("Enter")
    co_lead.check("the project scorecard")
    main = page.locator("main")
    text = main.inner_text()
    assert "People say power is not shared" in text
    assert "The data and the people do not agree" in text
    assert "No co-lead with lived experience" in text
    # Every chart has a table beside it.
    assert main.locator("svg[role=img]").count() == 2
    assert main.locator("table").count() >= 2
    # Each flag links to where to fix it.
    assert (
        main.get_by_role("link", name="Ask a member with lived experience to be a co-lead").count()
        == 1
    )

    co_lead.visit(f"/organisations/{organisation.slug}/scorecard/", "the organisation scorecard")
    assert "Help at home" in page.locator("main").inner_text()

    results = project.checks.get()
    co_lead.visit(f"/projects/{project.pk}/checks/{results.pk}/", "what people said")
    assert "Each question" in page.locator("main").inner_text()

    # An admin publishes; someone not signed in then reads it.
    boss: Visitor = new_visitor()
    sign_in_with_password(boss, admin.email)
    boss.visit(f"/organisations/{organisation.slug}/scorecard/", "the scorecard before publishing")
    boss.submit("Publish the scorecard")
    boss.check("the scorecard after publishing")
    public: Visitor = new_visitor()
    public.visit(f"/organisations/{organisation.slug}/scorecard/", "the published scorecard")
    assert "People say power is not shared" in public.page.locator("main").inner_text()
    assert services.has_answered(results, lead) is False


def test_opening_a_check_tells_each_person_in_their_own_way(new_visitor) -> None:
    import datetime as dt

    from django.core import mail
    from django.utils import timezone

    from e2e.conftest import last_email_to, path_in
    from ustogether.people.models import Person
    from ustogether.quality.models import CheckNotice

    lead = make_person(name="Priya Shah", email="priya@example.org")
    project = make_project(lead=lead, title="Better day centres")
    mo = make_person(name="Mo Green", email="mo@example.org")
    add_member(project, mo, perspective=Perspective.LIVED_EXPERIENCE)
    rita = make_person(
        name="Rita Brown",
        email="rita@example.org",
        contact_by=Person.ContactBy.PHONE,
        phone="01632 960123",
    )
    add_member(project, rita, perspective=Perspective.CARER)
    mail.outbox.clear()

    # The co-lead asks how a workshop went.
    colead: Visitor = new_visitor()
    lpage = colead.page
    sign_in_with_password(colead, lead.email)
    colead.visit(f"/projects/{project.pk}/checks/new/", "ask how an activity went")
    lpage.get_by_label("What was the activity?").fill("Workshop at the library")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    lpage.get_by_label("What day did it happen?").fill(yesterday.isoformat())
    colead.submit("Ask them")
    colead.check("a check, just opened")
    assert "We are telling them" in lpage.locator("main").inner_text()

    # Mo chose email: the link in it leads to the questions.
    message = last_email_to(mo.email)
    assert message.subject == "How did it go? Workshop at the library"
    assert rita.email not in {to for m in mail.outbox for to in m.to}
    member: Visitor = new_visitor()
    sign_in_with_password(member, mo.email)
    member.visit(
        path_in(message, f"/projects/{project.pk}/checks/"), "the checklist, from the email"
    )
    assert member.page.get_by_role("button", name="Send my answers").count() == 1

    # Rita chose the phone: she is on the co-lead's list, with her number.
    colead.visit(f"/projects/{project.pk}/contributions/", "people to ask by phone")
    main = lpage.locator("main").inner_text()
    assert "Rita Brown" in main and "01632 960123" in main
    with lpage.expect_navigation():
        lpage.get_by_role("link", name="What to say").click()
    colead.check("what to say on the phone")
    assert "Phone them on 01632 960123" in lpage.locator("main").inner_text()
    colead.visit(f"/projects/{project.pk}/contributions/", "people to ask by phone, again")
    colead.submit("We have told them (Rita Brown, about “Workshop at the library”)")
    colead.check("asked by phone, marked as told")
    notice = CheckNotice.objects.get(person=rita)
    assert notice.told_at is not None and notice.told_by == lead
    assert "Rita Brown" not in lpage.locator("main").inner_text()


def test_a_co_lead_types_in_answers_that_came_back_on_paper(new_visitor) -> None:
    """Someone told by post answers on paper: the co-lead prints the questions from the
    letter, ticks who sent one back, then types in the paper with no name."""
    from ustogether.people.models import Person
    from ustogether.quality import notify

    lead = make_person(name="Priya Shah", email="priya@example.org")
    project = make_project(lead=lead, title="Better day centres")
    mo = make_person(
        name="Mo Green",
        email="mo@example.org",
        contact_by=Person.ContactBy.POST,
        postal_address="1 Mill Lane\nRiverside\nRS1 2AB",
    )
    add_member(project, mo, perspective=Perspective.LIVED_EXPERIENCE)
    check = open_check(project, lead, title="Workshop at the library")
    notify.check_tell(check=check, what="asked")
    statements = statements_of(check)

    colead: Visitor = new_visitor()
    page = colead.page
    sign_in_with_password(colead, lead.email)
    colead.visit(f"/projects/{project.pk}/contributions/", "people to write to")
    with page.expect_navigation():
        page.get_by_role("link", name="Print the letter").click()
    colead.check("the letter, with the paper questions")
    assert "Or answer on paper." in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="Print the questions on paper").click()
    colead.check("the questions on paper")
    paper = page.locator("article").inner_text()
    assert statements[0].text in paper and "Mo Green" not in paper
    colead.visit(
        f"/projects/{project.pk}/checks/{check.pk}/paper/print/?easy=1&large=1",
        "the questions on paper, Easy Read, large print",
    )

    # The paper comes back: the co-lead ticks who sent it, with the keyboard.
    colead.visit(f"/projects/{project.pk}/checks/{check.pk}/", "the check, for a co-lead")
    with page.expect_navigation():
        page.get_by_role("link", name="answers on paper").click()
    colead.check("answers on paper")
    colead.tab_to("Mo Green")
    page.keyboard.press("Space")
    colead.submit("Save who sent a paper back")
    colead.check("a paper came back")
    assert "1 is still to type in" in page.locator("main").inner_text()

    colead.submit("Type in a paper")
    colead.check("type in a paper")
    form = page.locator("main form").first
    assert form.locator("fieldset").count() == len(statements) + 1
    legends = form.locator("fieldset > legend").all_inner_texts()
    assert legends[0].strip() == statements[0].text
    colead.tab_to("No, not at all")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert colead.focused_name() == "Yes"
    colead.submit("Add this paper's answers")
    colead.check("the paper, typed in")
    assert "no more to type in" in page.locator("main").inner_text()
    assert Tally.objects.get(survey=check, statement=statements[0]).agree == 1

    # Mo cannot answer online as well, and sees the paper was counted.
    member: Visitor = new_visitor()
    sign_in_with_password(member, mo.email)
    member.visit(f"/projects/{project.pk}/checks/{check.pk}/", "the check, answered on paper")
    assert "We have your answers on paper" in member.page.locator("main").inner_text()
    assert member.page.get_by_role("button", name="Send my answers").count() == 0
