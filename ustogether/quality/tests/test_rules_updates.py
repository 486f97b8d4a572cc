"""Rule 5, second half: nothing shared on "You said, we did" within 28 days of a meeting
(no answer to anything said there, and no decision made there shown)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ustogether.contributions import services as said
from ustogether.contributions.models import Response
from ustogether.contributions.testing import say
from ustogether.core.testing import Cast, make_cast
from ustogether.decisions import services as decisions
from ustogether.decisions.models import Decision
from ustogether.meetings.models import Meeting
from ustogether.quality import services
from ustogether.quality.facts import load_facts
from ustogether.quality.flags import AMBER, RedFlag, run_rules
from ustogether.quality.tests.test_rules_meetings import at, meeting

pytestmark = pytest.mark.django_db
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
        "Nothing people said at “Bus stop day” was answered on “You said, we did” within "
        "28 days, and no decision made there was shared."
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
    meeting(cast, starts=at(-20), title="Recent")
    called_off = meeting(cast, starts=at(-50), title="Called off")
    Meeting.objects.filter(pk=called_off.pk).update(status=Meeting.Status.CANCELLED)
    assert flags(cast) == []


def test_an_organisation_can_ask_for_it_sooner() -> None:
    cast = make_cast()
    meeting(cast, starts=at(-10), title="Last week")
    assert flags(cast) == []
    services.policy_update(
        organisation=cast.organisation, by=cast.org_admin, limits={"update_days": 7}, pledge=""
    )
    [flag] = flags(cast)
    assert "within 7 days" in flag.evidence


def test_one_query_however_many_meetings_and_projects() -> None:
    casts = [make_cast() for _ in range(2)]
    for cast in casts:
        for n in range(4):
            said_at(cast, meeting(cast, starts=at(-60 - n), title=f"M{n}"), answered_after_days=40)
    facts = load_facts([c.project for c in casts])
    with CaptureQueriesContext(connection) as queries:
        found = run_rules(facts, codes=[CODE])
    # Counted in the database: each project's first three meetings named, the rest counted.
    assert len(queries) == 1
    assert sorted(f.project_id for f in found) == sorted(c.project.pk for c in casts)
    assert all("“M3”, “M2”, “M1” and 1 more" in f.evidence for f in found)
