"""Each red-flag rule about contributions and decisions on its own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ustogether.contributions.models import Contribution, Response
from ustogether.core.testing import Cast, make_cast
from ustogether.decisions.models import Decision, DecisionContribution, Participant
from ustogether.projects import services as project_services
from ustogether.projects.models import Perspective
from ustogether.quality.facts import load_facts
from ustogether.quality.flags import AMBER, RED, RedFlag, run_rules

pytestmark = pytest.mark.django_db


def flags(cast: Cast, code: str) -> list[RedFlag]:
    cast.project.refresh_from_db()
    return run_rules(load_facts([cast.project]), codes=[code])


def said(cast: Cast, *, due_in_days: int = 20, state: str = Contribution.State.NEW) -> Contribution:
    return Contribution.objects.create(
        project=cast.project,
        author=cast.member,
        recorded_by=cast.member,
        kind=Contribution.Kind.TEXT,
        text="Buses stop at six, so evening meetings are no good for me.",
        state=state,
        due_at=timezone.now() + dt.timedelta(days=due_in_days),
    )


def turned_down(cast: Cast, reason: str) -> Response:
    contribution = said(cast, state=Contribution.State.ANSWERED)
    return Response.objects.create(
        contribution=contribution,
        by=cast.lead,
        outcome=Response.Outcome.NOT_TAKEN_FORWARD,
        text=reason,
        tell_by=Response.TellBy.EMAIL,
    )


def decision(
    cast: Cast, *, method: str = Decision.Method.CONSENSUS, with_lived: bool = True
) -> Decision:
    made = Decision.objects.create(
        project=cast.project,
        title="Meet in the afternoon",
        details="We meet from 1 to 3.",
        decided_on=timezone.localdate(),
        method=method,
        created_by=cast.lead,
    )
    Participant.objects.create(
        decision=made, person=cast.lead, perspective=Perspective.PROFESSIONAL
    )
    if with_lived:
        Participant.objects.create(
            decision=made, person=cast.member, perspective=Perspective.LIVED_EXPERIENCE
        )
    return made


def test_nothing_waiting_past_its_date_raises_nothing() -> None:
    cast = make_cast()
    said(cast, due_in_days=5)
    assert flags(cast, "unanswered") == []


@pytest.mark.parametrize(("late", "level"), [(3, AMBER), (40, RED)])
def test_contributions_past_their_date_are_amber_then_red_at_28_days(late: int, level: str) -> None:
    cast = make_cast()
    said(cast, due_in_days=-late)
    said(cast, due_in_days=-1)
    [flag] = flags(cast, "unanswered")
    assert flag.level == level
    assert "2 things people said wait" in flag.evidence


def test_a_hidden_or_answered_contribution_is_not_waiting() -> None:
    cast = make_cast()
    said(cast, due_in_days=-5, state=Contribution.State.ANSWERED)
    hidden = said(cast, due_in_days=-5)
    Contribution.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    assert flags(cast, "unanswered") == []


def test_turning_something_down_without_a_real_reason_is_red() -> None:
    cast = make_cast()
    turned_down(cast, "No.")
    turned_down(cast, "We looked at bus times, and the hall is only free in the morning.")
    [flag] = flags(cast, "no_reason")
    assert flag.level == RED
    assert "1 time" in flag.evidence


def test_most_things_turned_down_for_the_same_reason_is_a_warning() -> None:
    cast = make_cast()
    for _ in range(2):
        turned_down(cast, "It does not fit the model.")
    turned_down(cast, "We have no money for it this year, but we will look again in April.")
    turned_down(cast, "The hall is booked on Fridays, so we cannot meet then.")
    assert flags(cast, "same_reason") == []  # 2 of 4 is not most
    turned_down(cast, "It does not fit the model!")
    [flag] = flags(cast, "same_reason")
    assert "3 of 5" in flag.evidence
    assert "it does not fit the model" in flag.evidence


def test_a_decision_with_nobody_with_lived_experience_is_red() -> None:
    cast = make_cast()
    decision(cast)
    assert flags(cast, "decided_without_us") == []
    decision(cast, with_lived=False)
    [flag] = flags(cast, "decided_without_us")
    assert "1 decision was made with nobody with lived experience" in flag.evidence


def test_a_decision_by_the_organisation_alone_is_red() -> None:
    cast = make_cast()
    decision(cast, method=Decision.Method.ORGANISATION)
    [flag] = flags(cast, "decided_without_us")
    assert "by the organisation alone" in flag.evidence


def test_a_dropped_decision_is_not_judged() -> None:
    cast = make_cast()
    made = decision(cast, with_lived=False)
    Decision.objects.filter(pk=made.pk).update(status=Decision.Status.DROPPED)
    assert flags(cast, "decided_without_us") == []


def test_a_project_closed_with_no_contribution_in_any_decision_is_red() -> None:
    cast = make_cast()
    made = decision(cast)
    project_services.project_close(project=cast.project, by=cast.lead, summary="Done.")
    [flag] = flags(cast, "closed_without_trace")
    assert flag.level == RED
    DecisionContribution.objects.create(decision=made, contribution=said(cast), linked_by=cast.lead)
    assert flags(cast, "closed_without_trace") == []


def test_an_open_project_is_not_judged_for_traces() -> None:
    cast = make_cast()
    decision(cast)
    assert flags(cast, "closed_without_trace") == []
