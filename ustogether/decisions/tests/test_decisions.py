"""The decision log: joint sign-off, dissent, what happened next, and the people told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ustogether.contributions.models import Contribution, Response
from ustogether.contributions.services import rules_update
from ustogether.contributions.testing import say
from ustogether.core.audit import events_for
from ustogether.core.testing import add_member, make_cast, make_person
from ustogether.decisions import services
from ustogether.decisions.models import Decision
from ustogether.projects.models import Membership, Perspective

pytestmark = pytest.mark.django_db


def _decide(cast, by=None, **extra):
    fields: dict = {
        "title": "Open the centre on Saturdays",
        "details": "From March the centre opens 10 to 4 on Saturdays.",
        "decided_on": timezone.localdate(),
        "method": Decision.Method.CONSENSUS,
    }
    fields.update(extra)
    return services.decision_create(project=cast.project, by=by or cast.lead, **fields)


def _lived_experience_co_lead(cast):
    person = make_person("Lee Lived")
    add_member(
        cast.project, person, role=Membership.Role.CO_LEAD, perspective=Perspective.LIVED_EXPERIENCE
    )
    return person


def test_a_decision_waits_for_both_kinds_of_co_lead_before_it_is_shown() -> None:
    cast = make_cast()
    decision = _decide(cast)
    assert not decision.is_published
    progress = services.sign_off_progress(decision.sign_offs.all())
    assert progress.professional and not progress.lived_experience
    assert progress.still_needed() == ["a co-lead who uses the services"]
    second = _lived_experience_co_lead(cast)
    services.decision_sign_off(decision=decision, by=second)
    decision.refresh_from_db()
    assert decision.is_published
    verbs = list(events_for(cast.project).values_list("verb", flat=True))
    assert {"decision.created", "decision.signed_off", "decision.published"} <= set(verbs)


def test_a_project_without_joint_sign_off_shows_a_decision_at_once() -> None:
    cast = make_cast()
    rules_update(project=cast.project, by=cast.lead, response_days=28, joint_sign_off=False)
    assert _decide(cast).is_published


@pytest.mark.parametrize("who", ["member", "observer", "outsider", "org_admin"])
def test_only_co_leads_agree_a_decision(who: str) -> None:
    cast = make_cast()
    decision = _decide(cast)
    with pytest.raises(PermissionDenied):
        services.decision_sign_off(decision=decision, by=getattr(cast, who))


def test_agreeing_twice_is_refused() -> None:
    cast = make_cast()
    decision = _decide(cast)
    with pytest.raises(ValidationError):
        services.decision_sign_off(decision=decision, by=cast.lead)


@pytest.mark.parametrize("who", ["member", "carer", "observer", "outsider"])
def test_only_co_leads_write_decisions(who: str) -> None:
    cast = make_cast()
    with pytest.raises(PermissionDenied):
        _decide(cast, by=getattr(cast, who))
    assert not Decision.objects.exists()


def test_a_vote_needs_its_count_and_dissent_is_kept() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        _decide(cast, method=Decision.Method.VOTE)
    assert "votes_for" in error.value.message_dict
    decision = _decide(
        cast,
        method=Decision.Method.VOTE,
        votes_for=5,
        votes_against=2,
        votes_abstained=1,
        dissent="Two people said Saturday staff cost too much. We agreed to disagree.",
        participants=[cast.lead, cast.member, cast.carer],
    )
    assert (decision.votes_for, decision.votes_against, decision.votes_abstained) == (5, 2, 1)
    assert "agreed to disagree" in decision.dissent
    assert {p.person_id: p.perspective for p in decision.participants.all()} == {
        cast.lead.pk: Perspective.PROFESSIONAL,
        cast.member.pk: Perspective.LIVED_EXPERIENCE,
        cast.carer.pk: Perspective.CARER,
    }


def test_people_outside_the_project_cannot_be_named_as_taking_part() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError) as error:
        _decide(cast, participants=[cast.outsider])
    assert "participants" in error.value.message_dict


def test_a_date_in_the_future_is_refused() -> None:
    cast = make_cast()
    with pytest.raises(ValidationError):
        _decide(cast, decided_on=timezone.localdate() + dt.timedelta(days=2))


def test_linking_a_contribution_offers_to_answer_it() -> None:
    cast = make_cast()
    contribution = say(cast.project, cast.member, text="Please open on Saturdays.")
    answered_already = say(cast.project, cast.carer, text="Weekends please.")
    from ustogether.contributions.services import contribution_respond

    contribution_respond(
        contribution=answered_already,
        by=cast.lead,
        outcome=Response.Outcome.CONSIDERING,
        text="We are looking at it.",
        come_back_by=timezone.localdate() + dt.timedelta(days=3),
    )
    decision = _decide(cast)
    responses = services.decision_link(
        decision=decision, by=cast.lead, contributions=[contribution, answered_already], answer=True
    )
    # Both were waiting (one 'still thinking'), so both are answered.
    assert len(responses) == 2
    contribution.refresh_from_db()
    assert contribution.state == Contribution.State.ANSWERED
    assert (
        contribution.responses.get().text
        == "Taken forward: see the decision “Open the centre on Saturdays”."
    )
    assert set(decision.informed_by.all()) == {contribution, answered_already}
    # Linking again adds nothing and answers nothing.
    assert (
        services.decision_link(
            decision=decision, by=cast.lead, contributions=[contribution], answer=True
        )
        == []
    )


def test_a_contribution_from_another_project_cannot_inform_a_decision() -> None:
    cast = make_cast()
    other = make_cast()
    elsewhere = say(other.project, other.member)
    decision = _decide(cast)
    with pytest.raises(ValidationError):
        services.decision_link(decision=decision, by=cast.lead, contributions=[elsewhere])
    with pytest.raises(ValidationError):
        _decide(cast, informed_by=[elsewhere])


def test_dropping_needs_a_reason_and_the_people_who_helped_are_told() -> None:
    cast = make_cast()
    rules_update(project=cast.project, by=cast.lead, response_days=28, joint_sign_off=False)
    contribution = say(cast.project, cast.member, anonymous=True)
    decision = _decide(cast, informed_by=[contribution])
    with pytest.raises(ValidationError) as error:
        services.decision_update(
            decision=decision, by=cast.lead, status=Decision.Status.DROPPED, text=""
        )
    assert error.value.message_dict == {"text": ["Say why it was dropped."]}
    mail.outbox.clear()
    services.decision_update(
        decision=decision,
        by=cast.lead,
        status=Decision.Status.DROPPED,
        text="The building is being sold.",
    )
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DROPPED
    assert decision.dropped_reason == "The building is being sold."
    assert [m.to for m in mail.outbox] == [[cast.member.email]]
    assert "The building is being sold." in mail.outbox[0].body
    services.decision_update(
        decision=decision, by=cast.lead, status=Decision.Status.IN_PROGRESS, text="A new building."
    )
    decision.refresh_from_db()
    assert decision.dropped_reason == ""
    assert list(decision.updates.values_list("status", flat=True)) == ["dropped", "in_progress"]


def test_only_co_leads_give_news() -> None:
    cast = make_cast()
    decision = _decide(cast)
    with pytest.raises(PermissionDenied):
        services.decision_update(
            decision=decision, by=cast.member, status=Decision.Status.DONE, text="Done."
        )
