"""The checks inside the contribution services, called directly (a page in front of
them may check first, so a page test would not notice a service that forgot its own):
the limits hold to the edge, what does not make sense is refused, and each refused
call leaves everything as it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict

from ustogether.contributions import services
from ustogether.contributions.models import (
    TEXT_MAX_LENGTH,
    Contribution,
    Moderation,
    Reply,
    Response,
)
from ustogether.contributions.testing import checked_photo, say
from ustogether.core.models import AuditEvent
from ustogether.core.testing import Cast, make_cast
from ustogether.people.models import Person
from ustogether.people.services import person_erase

pytestmark = pytest.mark.django_db

TOO_LONG = "a" * (TEXT_MAX_LENGTH + 1)
LONGEST = "a" * TEXT_MAX_LENGTH


def _world(cast: Cast) -> dict[str, Any]:
    """A contribution by the member, answered by the lead; the carer, who asked to
    hear by post, has an answer still to pass on."""
    Person.objects.filter(pk=cast.carer.pk).update(contact_by=Person.ContactBy.POST)
    answered = say(cast.project, cast.member)
    services.contribution_respond(
        contribution=answered, by=cast.lead, outcome=Response.Outcome.PARTLY, text="Some."
    )
    by_post = say(cast.project, cast.carer, text="Post me the answer.")
    to_tell = services.contribution_respond(
        contribution=by_post, by=cast.lead, outcome=Response.Outcome.PARTLY, text="Some."
    )
    return {"answered": answered, "to_tell": to_tell}


def _state(cast: Cast) -> object:
    return (
        sorted(
            tuple(model_to_dict(c, exclude=["file"]).items())
            for c in Contribution.objects.filter(project=cast.project)
        ),
        sorted(Response.objects.values_list("contribution_id", "outcome", "told_at")),
        Reply.objects.count(),
        Moderation.objects.count(),
        services.rules_for(cast.project).response_days,
        AuditEvent.objects.count(),
    )


def _hidden(cast: Cast, world: dict[str, Any]) -> None:
    services.contribution_hide(contribution=world["answered"], by=cast.lead, reason="Unkind.")
    world["answered"].refresh_from_db()


def _nothing(cast: Cast, world: dict[str, Any]) -> None:
    pass


Call = Callable[[Cast, dict[str, Any]], object]

# What is refused: (how the world is made ready, the call, the field or words the
# refusal names).
REFUSALS: dict[str, tuple[Callable[[Cast, dict[str, Any]], None], Call, str]] = {
    "words one character too long": (
        _nothing,
        lambda c, w: say(c.project, c.member, text=TOO_LONG),
        "characters or fewer",
    ),
    "a description one character too long": (
        _nothing,
        lambda c, w: services.contribution_create(
            project=c.project,
            by=c.member,
            kind=Contribution.Kind.PHOTO,
            file=checked_photo(),
            description=TOO_LONG,
        ),
        "characters or fewer",
    ),
    "an answer one character too long": (
        _nothing,
        lambda c, w: services.contribution_respond(
            contribution=w["answered"], by=c.lead, outcome=Response.Outcome.PARTLY, text=TOO_LONG
        ),
        "characters or fewer",
    ),
    "a reply one character too long": (
        _nothing,
        lambda c, w: services.contribution_reply(
            contribution=w["answered"], by=c.member, text=TOO_LONG
        ),
        "characters or fewer",
    ),
    "an empty reply": (
        _nothing,
        lambda c, w: services.contribution_reply(contribution=w["answered"], by=c.member, text=" "),
        "Write your reply",
    ),
    "a reason to hide one character too long": (
        _nothing,
        lambda c, w: services.contribution_hide(
            contribution=w["answered"], by=c.lead, reason=TOO_LONG
        ),
        "characters or fewer",
    ),
    "answering a hidden contribution": (
        _hidden,
        lambda c, w: services.contribution_respond(
            contribution=w["answered"], by=c.lead, outcome=Response.Outcome.PARTLY, text="More."
        ),
        "hidden",
    ),
    "hiding it twice": (
        _hidden,
        lambda c, w: services.contribution_hide(
            contribution=w["answered"], by=c.lead, reason="Again."
        ),
        "already hidden",
    ),
    "showing one that is not hidden": (
        _nothing,
        lambda c, w: services.contribution_show(
            contribution=w["answered"], by=c.lead, reason="Why not."
        ),
        "not hidden",
    ),
    "0 days to answer": (
        _nothing,
        lambda c, w: services.rules_update(
            project=c.project, by=c.lead, response_days=0, joint_sign_off=True
        ),
        "from 1 to 365",
    ),
    "366 days to answer": (
        _nothing,
        lambda c, w: services.rules_update(
            project=c.project, by=c.lead, response_days=366, joint_sign_off=True
        ),
        "from 1 to 365",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_what_does_not_make_sense_is_refused_and_changes_nothing(name: str) -> None:
    ready, call, words = REFUSALS[name]
    cast = make_cast()
    world = _world(cast)
    ready(cast, world)
    before = _state(cast)
    with pytest.raises(ValidationError) as error:
        call(cast, world)
    assert words in " ".join(error.value.messages)
    assert _state(cast) == before


@pytest.mark.parametrize("days", [1, 365])
def test_the_days_to_answer_may_be_from_1_to_365(days: int) -> None:
    cast = make_cast()
    services.rules_update(
        project=cast.project, by=cast.lead, response_days=days, joint_sign_off=True
    )
    assert services.rules_for(cast.project).response_days == days


def test_words_may_be_as_long_as_the_limit() -> None:
    cast = make_cast()
    said = say(cast.project, cast.member, text=LONGEST)
    assert Contribution.objects.get(pk=said.pk).text == LONGEST


@pytest.mark.parametrize("who", ["member", "carer", "observer", "finance", "outsider"])
def test_only_co_leads_say_an_answer_was_passed_on(who: str) -> None:
    cast = make_cast()
    world = _world(cast)
    before = _state(cast)
    with pytest.raises(PermissionDenied):
        services.response_mark_told(response=world["to_tell"], by=getattr(cast, who))
    assert _state(cast) == before
    services.response_mark_told(response=world["to_tell"], by=cast.lead)
    assert Response.objects.get(pk=world["to_tell"].pk).told_by == cast.lead


def test_closing_an_account_removes_only_its_own_file_names() -> None:
    cast = make_cast()
    theirs, others = (
        services.contribution_create(
            project=cast.project,
            by=person,
            kind=Contribution.Kind.PHOTO,
            file=checked_photo(),
            description="The ramp at the back door.",
        )
        for person in (cast.member, cast.carer)
    )
    person_erase(person=cast.member, by=cast.member)
    assert Contribution.objects.get(pk=theirs.pk).file_name == ""
    assert Contribution.objects.get(pk=others.pk).file_name == others.file_name != ""
