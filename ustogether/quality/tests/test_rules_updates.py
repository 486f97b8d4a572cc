"""Rule 5, second half: nothing shared on "You said, we did" within 28 days of a meeting
(no answer to anything said there, and no decision made there shown)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ustogether.contributions import services as said
from ustogether.contributions.models import Contribution, Response
from ustogether.contributions.testing import say
from ustogether.core.testing import Cast, make_cast
from ustogether.decisions import services as decisions
from ustogether.decisions.models import Decision
from ustogether.meetings.models import Invitee, Meeting
from ustogether.quality import services
from ustogether.quality.facts import load_facts
from ustogether.quality.flags import AMBER, RedFlag, run_rules
from ustogether.quality.tests.test_rules_meetings import at, meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("either_way")]
CODE = "no_update_after_meeting"


def flags(cast: Cast) -> list[RedFlag]:
    return run_rules(load_facts([cast.project]), codes=[CODE])


def said_at(cast: Cast, held: Meeting, *, answered_after_days: int | None) -> None:
    """Someone said something at the meeting; answered that many days after it ended."""
    contribution = say(cast.project, cast.member, meeting=held)
    if answered_after_days is None:
        return
    said.contribution_respond(
        contribution=contribution,
        by=cast.lead,
        outcome=Response.Outcome.TAKEN_FORWARD,
        text="We asked the bus company to move the stop.",
    )
    assert held.ends_at is not None
    Response.objects.filter(contribution=contribution).update(
        created_at=held.ends_at + dt.timedelta(days=answered_after_days)
    )


def test_a_meeting_with_nothing_shared_after_28_days_is_a_warning() -> None:
    cast = make_cast()
    held = meeting(cast, starts=at(-30), title="Bus stop day")
    said_at(cast, held, answered_after_days=None)
    [flag] = flags(cast)
    assert flag.level == AMBER and flag.fix_view == "contributions:list"
    assert flag.evidence == (
        "Nothing was shared on “You said, we did” within 28 days of “Bus stop day”: no "
        "answer to what people said there, and no decision made there."
    )


def test_an_answer_in_time_passes_and_one_too_late_does_not() -> None:
    cast = make_cast()
    said_at(cast, meeting(cast, starts=at(-40), title="In time"), answered_after_days=20)
    assert flags(cast) == []
    said_at(cast, meeting(cast, starts=at(-60), title="Too late"), answered_after_days=35)
    [flag] = flags(cast)
    assert "“Too late”" in flag.evidence and "In time" not in flag.evidence


def test_a_decision_made_there_counts_once_it_is_shown() -> None:
    cast = make_cast()
    held = meeting(cast, starts=at(-30), title="Deciding day")
    decision = decisions.decision_create(
        project=cast.project,
        by=cast.lead,
        title="Move the bus stop",
        details="We will ask for the bus stop to move.",
        decided_on=timezone.localdate(held.starts_at),
        method=Decision.Method.CONSENSUS,
        meeting=held,
    )
    assert held.ends_at is not None
    # A draft waiting for the other side to agree is not shared with anyone yet.
    Decision.objects.filter(pk=decision.pk).update(published_at=None)
    assert len(flags(cast)) == 1
    Decision.objects.filter(pk=decision.pk).update(published_at=held.ends_at + dt.timedelta(days=2))
    assert flags(cast) == []


def test_a_recent_or_cancelled_meeting_is_not_late() -> None:
    cast = make_cast()
    said_at(cast, meeting(cast, starts=at(-20), title="Recent"), answered_after_days=None)
    called_off = meeting(cast, starts=at(-50), title="Called off")
    said_at(cast, called_off, answered_after_days=None)
    Meeting.objects.filter(pk=called_off.pk).update(status=Meeting.Status.CANCELLED)
    assert flags(cast) == []


def test_only_a_meeting_the_records_show_people_at_can_be_late() -> None:
    """Nothing written down at all is the notes rule's to flag; someone written down
    as taking part is enough for this one, even if nothing they said was recorded."""
    cast = make_cast()
    meeting(cast, starts=at(-40), title="Nobody written down")
    assert flags(cast) == []
    came = meeting(cast, starts=at(-45), title="People came")
    Invitee.objects.create(
        meeting=came, person=cast.member, invited_by=cast.lead, attended=Invitee.Attended.ONLINE
    )
    absent = meeting(cast, starts=at(-50), title="Nobody came")
    Invitee.objects.create(
        meeting=absent, person=cast.carer, invited_by=cast.lead, attended=Invitee.Attended.ABSENT
    )
    [flag] = flags(cast)
    assert "“People came”" in flag.evidence and "Nobody" not in flag.evidence


def test_an_answer_to_something_hidden_is_not_shared() -> None:
    cast = make_cast()
    held = meeting(cast, starts=at(-40), title="Hidden answer")
    Invitee.objects.create(
        meeting=held, person=cast.member, invited_by=cast.lead, attended=Invitee.Attended.IN_PERSON
    )
    said_at(cast, held, answered_after_days=3)
    assert flags(cast) == []
    Contribution.objects.filter(meeting=held).update(hidden_at=timezone.now())
    [flag] = flags(cast)
    assert "“Hidden answer”" in flag.evidence


def test_an_organisation_can_ask_for_it_sooner() -> None:
    cast = make_cast()
    said_at(cast, meeting(cast, starts=at(-10), title="Last week"), answered_after_days=None)
    assert flags(cast) == []
    services.policy_update(
        organisation=cast.organisation, by=cast.org_admin, limits={"update_days": 7}, pledge=""
    )
    [flag] = flags(cast)
    assert "within 7 days" in flag.evidence


def test_few_queries_however_many_meetings_and_projects(either_way: str) -> None:
    casts = [make_cast() for _ in range(2)]
    for cast in casts:
        for n in range(4):
            said_at(cast, meeting(cast, starts=at(-60 - n), title=f"M{n}"), answered_after_days=40)
    facts = load_facts([c.project for c in casts])
    with CaptureQueriesContext(connection) as queries:
        found = run_rules(facts, codes=[CODE])
    # Counted in the database: each project's first three meetings named, the rest
    # counted; after asking how many meetings there are (which the meeting rules ask
    # too). In Python: the meetings, who came, the decisions and what was answered.
    assert len(queries) == (2 if either_way == "database" else 5)
    assert sorted(f.project_id for f in found) == sorted(c.project.pk for c in casts)
    assert all("“M3”, “M2”, “M1” and 1 more" in f.evidence for f in found)
