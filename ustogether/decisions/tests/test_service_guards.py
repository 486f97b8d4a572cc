"""Each decision service checks who may use it itself, not only the page in front of it:
called directly by someone who may not, it refuses and changes nothing. And what does
not make sense is refused the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.utils import timezone

from ustogether.contributions.models import Response
from ustogether.contributions.testing import say
from ustogether.core.models import AuditEvent
from ustogether.core.testing import Cast, make_cast
from ustogether.decisions import services
from ustogether.decisions.models import Decision, DecisionContribution, News, SignOff, Update

pytestmark = pytest.mark.django_db

Call = Callable[[Cast, dict[str, Any], Any], object]

CALLS: dict[str, Call] = {
    "decision_create": lambda c, w, by: services.decision_create(
        project=c.project,
        by=by,
        title="Close on Mondays",
        details="The centre closes on Mondays.",
        decided_on=timezone.localdate(),
        method=Decision.Method.CONSENSUS,
    ),
    "decision_update": lambda c, w, by: services.decision_update(
        decision=w["decision"], by=by, status=Decision.Status.DONE, text="Done."
    ),
    "decision_link": lambda c, w, by: services.decision_link(
        decision=w["decision"], by=by, contributions=[w["contribution"]]
    ),
    "news_mark_told": lambda c, w, by: services.news_mark_told(news=w["news"], by=by),
    "decision_sign_off": lambda c, w, by: services.decision_sign_off(decision=w["decision"], by=by),
}


def _world(cast: Cast) -> dict[str, Any]:
    told = say(cast.project, cast.carer, text="Post me the rota.")
    decision = services.decision_create(
        project=cast.project,
        by=cast.lead,
        title="Send the rota a week ahead",
        details="Everyone gets the rota a week ahead.",
        decided_on=timezone.localdate(),
        method=Decision.Method.CONSENSUS,
        informed_by=[told],
    )
    news = News.objects.create(
        decision=decision, contribution=told, person=cast.carer, tell_by=Response.TellBy.POST
    )
    return {
        "decision": decision,
        "news": news,
        "contribution": say(cast.project, cast.member, text="Open earlier."),
    }


def _state(world: dict[str, Any]) -> object:
    decision = world["decision"]
    return (
        model_to_dict(Decision.objects.get(pk=decision.pk)),
        Decision.objects.count(),
        sorted(SignOff.objects.values_list("decision_id", "person_id")),
        sorted(Update.objects.values_list("decision_id", "status")),
        sorted(DecisionContribution.objects.values_list("decision_id", "contribution_id")),
        list(News.objects.values_list("pk", "told_at")),
        Response.objects.count(),
        AuditEvent.objects.count(),
    )


# Everyone who may not: people in the project who do not lead it, and people outside.
NOT_LEADS = ["member", "carer", "observer", "finance", "outsider"]


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("who", NOT_LEADS)
def test_only_co_leads_can_and_a_refusal_changes_nothing(name: str, who: str) -> None:
    cast = make_cast()
    world = _world(cast)
    before = _state(world)
    with pytest.raises(PermissionDenied):
        CALLS[name](cast, world, getattr(cast, who))
    assert _state(world) == before


def test_an_organisation_admin_manages_decisions_but_does_not_agree_them() -> None:
    cast = make_cast()
    world = _world(cast)
    before = _state(world)
    with pytest.raises(PermissionDenied):
        CALLS["decision_sign_off"](cast, world, cast.org_admin)
    assert _state(world) == before
    CALLS["decision_update"](cast, world, cast.org_admin)
    assert Decision.objects.get(pk=world["decision"].pk).status == Decision.Status.DONE


@pytest.mark.parametrize("status", ["", "forgotten"])
def test_news_must_say_where_things_are_now(status: str) -> None:
    cast = make_cast()
    world = _world(cast)
    before = _state(world)
    with pytest.raises(ValidationError) as error:
        services.decision_update(
            decision=world["decision"], by=cast.lead, status=status, text="Something."
        )
    assert list(error.value.message_dict) == ["status"]
    assert _state(world) == before
