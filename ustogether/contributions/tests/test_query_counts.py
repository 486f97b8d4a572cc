"""Query budgets: each list costs the same with a few contributions or many."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ustogether.contributions import services
from ustogether.contributions.models import Contribution, Response
from ustogether.contributions.testing import held_meeting, say
from ustogether.core.testing import make_cast
from ustogether.decisions import services as decision_services
from ustogether.decisions.models import Decision
from ustogether.people.models import Person
from ustogether.quality.notify import check_tell
from ustogether.quality.services import check_open

pytestmark = pytest.mark.django_db


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(cast, n: int) -> None:
    """More of everything the pages read: contributions answered, late, anonymous, on
    someone's behalf, public and not, linked to decisions; answers, news and checks to
    pass on by post."""
    cast.member.contact_by = Person.ContactBy.POST
    cast.member.save(update_fields=["contact_by"])
    for i in range(n):
        contribution = say(
            cast.project,
            cast.member if i % 2 else cast.carer,
            text=f"Thing {i}",
            topic=f"Topic {i % 3}",
            sharing=Contribution.Sharing.PUBLIC if i % 3 else Contribution.Sharing.TEAM,
            anonymous=i % 4 == 0,
        )
        if i % 2:
            services.contribution_respond(
                contribution=contribution,
                by=cast.lead,
                outcome=Response.Outcome.PARTLY,
                text=f"Answer {i}",
            )
        decision = decision_services.decision_create(
            project=cast.project,
            by=cast.lead,
            title=f"Decision {i}",
            details="Details.",
            decided_on=timezone.localdate(),
            method=Decision.Method.CONSENSUS,
            participants=[cast.lead, cast.member],
            informed_by=[contribution],
        )
        decision_services.decision_update(
            decision=decision, by=cast.lead, status=Decision.Status.IN_PROGRESS, text="Going."
        )
        if i % 2:  # a check that asks the member, by post, to answer
            check = check_open(
                project=cast.project,
                by=cast.lead,
                title=f"Activity {i}",
                held_on=timezone.localdate(),
            )
            check_tell(check=check, what="asked")


PAGES = [
    ("contributions:list", "lead"),
    ("contributions:list", "member"),
    ("contributions:you_said_we_did", None),
    ("contributions:you_said_we_did", "member"),
    ("contributions:easy_read", None),
    ("decisions:list", None),
    ("decisions:list", "lead"),
]


@pytest.mark.parametrize(("page", "who"), PAGES)
def test_list_pages_cost_the_same_as_contributions_grow(page: str, who: str | None) -> None:
    cast = make_cast()
    client = Client()
    if who:
        client.force_login(getattr(cast, who))
    url = reverse(page, args=[cast.project.pk])
    _grow(cast, 2)
    few = _count(client, url)
    _grow(cast, 8)
    assert _count(client, url) == few
    assert few <= 12, f"{page} as {who}: {few} queries"
    if (page, who) == ("contributions:list", "lead"):  # the things to pass on were listed
        page_text = client.get(url).content.decode()
        assert page_text.count("We have told them") == 10
        assert page_text.count("ask them to answer the questions about how it went") == 5


def test_my_contributions_page_costs_the_same_as_i_say_more() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.member)
    url = reverse("contributions:mine")
    _grow(cast, 2)
    few = _count(client, url)
    _grow(cast, 8)
    assert _count(client, url) == few


def test_a_decision_timeline_costs_the_same_with_more_behind_it() -> None:
    cast = make_cast()
    services.rules_update(
        project=cast.project, by=cast.lead, response_days=28, joint_sign_off=False
    )
    decision = decision_services.decision_create(
        project=cast.project,
        by=cast.lead,
        title="Open on Saturdays",
        details="Details.",
        decided_on=timezone.localdate(),
        method=Decision.Method.CONSENSUS,
    )
    client = Client()
    client.force_login(cast.member)
    url = reverse("decisions:detail", args=[cast.project.pk, decision.pk])

    def more(n: int) -> None:
        contributions = [say(cast.project, cast.carer, text=f"T{i}") for i in range(n)]
        decision_services.decision_link(
            decision=decision, by=cast.lead, contributions=contributions
        )
        for i in range(n):
            decision_services.decision_update(
                decision=decision, by=cast.lead, status=Decision.Status.IN_PROGRESS, text=f"U{i}"
            )

    more(1)
    few = _count(client, url)
    more(6)
    assert _count(client, url) == few


@pytest.mark.parametrize("who", [None, "member"])
def test_you_said_we_did_by_meeting_costs_the_same_as_meetings_fill_up(who: str | None) -> None:
    cast = make_cast()
    client = Client()
    if who:
        client.force_login(getattr(cast, who))
    base = reverse("contributions:you_said_we_did", args=[cast.project.pk])
    meetings = [held_meeting(cast, days_ago=d, title=f"Meeting {d}") for d in (2, 9, 16)]

    def grow(n: int) -> None:
        _grow(cast, n)
        for i in range(n):
            meeting = meetings[i % 3]
            say(
                cast.project,
                cast.member,
                text=f"At {meeting.title}",
                sharing=Contribution.Sharing.PUBLIC,
                meeting=meeting,
                agenda_item=meeting.agenda.first() if i % 2 else None,
            )

    urls = [base + "?by=meeting", base + f"?meeting={meetings[0].pk}"]
    grow(2)
    few = [_count(client, url) for url in urls]
    grow(8)
    assert [_count(client, url) for url in urls] == few
    assert max(few) <= 12, few


def test_a_meeting_page_costs_the_same_however_much_was_said_there() -> None:
    cast = make_cast()
    meeting = held_meeting(cast)
    client = Client()
    client.force_login(cast.member)
    url = reverse("meetings:detail", args=[cast.project.pk, meeting.pk])
    say(cast.project, cast.member, meeting=meeting)
    few = _count(client, url)
    for i in range(6):
        say(cast.project, cast.carer, text=f"T{i}", agenda_item=meeting.agenda.first())
    assert _count(client, url) == few
