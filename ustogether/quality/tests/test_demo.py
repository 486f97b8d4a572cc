"""The demo shows each of rules 9 and 10 failing once and done well once, and a
check about a meeting that asks only the people who came."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from ustogether.decisions.models import Decision
from ustogether.meetings.models import Arrangement, Invitee, Meeting
from ustogether.projects.models import Project
from ustogether.quality import services
from ustogether.quality.flags import AMBER, RED, RULES, flags_for_projects
from ustogether.quality.models import Check

pytestmark = pytest.mark.django_db

NEEDS = "needs_not_met"
DECIDING = "few_lived_experience_deciding"


def test_the_demo_fails_rules_9_and_10_once_and_passes_them_once() -> None:
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    tokenistic = Project.objects.get(title="Help at home for older people")
    flags = {f.rule: f for f in flags_for_projects([tokenistic])}
    assert flags[NEEDS].level == RED
    assert "before “Choosing the home care company”" in flags[NEEDS].evidence
    assert flags[DECIDING].level == AMBER
    assert flags[DECIDING].evidence.endswith("The fewest was 1.")
    assert flags["perspective_not_invited"].level == AMBER
    assert flags["perspective_not_invited"].evidence == (
        "Nobody coming to “Choosing the home care company” has the “Carer” view the project needs."
    )

    good = Project.objects.get(title="Clear letters about your care")
    assert flags_for_projects([good]) == []
    # Passed, not just not checked: the meeting is over, people there needed
    # things arranged, it was done a week ahead, and a decision was made that day.
    meeting = Meeting.objects.get(project=good, title="Agreeing the new appointment letter")
    assert meeting.has_ended and meeting.starts_at is not None
    arranged = Arrangement.objects.filter(meeting=meeting)
    assert arranged.exists()
    assert all((meeting.starts_at - a.met_at).days == 7 for a in arranged)
    assert meeting.invitees.filter(attended="in_person").count() >= 4
    assert Decision.objects.filter(
        project=good, decided_on=timezone.localdate(meeting.starts_at)
    ).exists()


def test_the_demo_asks_only_the_people_who_came_about_the_good_meeting() -> None:
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    check = Check.objects.get(meeting__title="Agreeing the new appointment letter")
    assert check.is_open and check.answer_count > 0
    assert check.meeting is not None
    came = check.meeting.invitees.filter(attended=Invitee.Attended.IN_PERSON)
    absent = check.meeting.invitees.filter(attended=Invitee.Attended.ABSENT)
    assert came.exists() and absent.exists()
    assert not any(services.can_answer(check, i.person) for i in absent)
    # Everyone who came but one has answered; that one still can.
    assert check.answer_count == came.count() - 1
    assert (
        sum(
            services.can_answer(check, i.person) and not services.has_answered(check, i.person)
            for i in came
        )
        == 1
    )


def test_the_demo_co_lead_has_people_to_ask_by_post_or_phone_about_an_open_check() -> None:
    from django.test import Client
    from django.urls import reverse

    from ustogether.people.models import Person
    from ustogether.quality.models import CheckNotice
    from ustogether.quality.notify import notices_to_tell

    call_command("seed_demo", verbosity=0, stdout=StringIO())
    check = Check.objects.get(title="Carers' evening at the library")
    assert check.is_open and check.told_at is not None
    notices = list(check.notices.order_by("pk"))
    assert notices and notices[0].told_at is not None  # one already passed on
    assert all(n.person.contact_by != "email" for n in notices)
    waiting = [n for n in notices_to_tell(check.project) if n.survey_id == check.pk]
    assert waiting
    lead = Person.objects.get(email="lead@demo.ustogether.test")
    client = Client()
    client.force_login(lead)
    page = client.get(reverse("contributions:list", args=[check.project.pk])).content.decode()
    assert "ask them to answer the questions about how it went" in page
    assert waiting[0].person.display_name in page
    # Closed checks ask nobody.
    assert not CheckNotice.objects.filter(survey__closed_at__isnull=False).exists()


def test_the_demo_shows_every_red_flag_somewhere() -> None:
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    shown = {f.rule for f in flags_for_projects(list(Project.objects.all()))}
    assert shown == set(RULES)
    tokenistic = Project.objects.get(title="Help at home for older people")
    flags = {f.rule: f for f in flags_for_projects([tokenistic])}
    assert flags["no_reason"].level == RED
    assert flags["same_reason"].evidence == (
        "3 of 4 things turned down had the same reason: “it is not in the budget this year”."
    )
    closed = Project.objects.get(title="Lunch at the day centre")
    assert closed.closed_at is not None
    assert [f.rule for f in flags_for_projects([closed]) if f.rule == "closed_without_trace"]


def test_the_demo_has_papers_that_came_back_one_still_to_type_in() -> None:
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    check = Check.objects.get(paper_returned__gt=0)
    assert check.is_open
    assert (check.paper_returned, check.paper_typed) == (2, 1)
    assert check.marks.filter(on_paper=True).count() == 2
