"""The checks inside the quality services, called directly (the pages check first,
so a page test would not notice a service that forgot its own check). Each refused
call leaves everything as it was."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from ustogether.core.testing import Cast, make_cast
from ustogether.quality import services
from ustogether.quality.models import AnsweredMark, Check, OwnStatement, Rung
from ustogether.quality.tests.helpers import answer_all, open_check, open_follow_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast() -> Cast:
    return make_cast()


@pytest.mark.parametrize(
    ("principle", "text", "field", "words"),
    [
        ("rockets", "There was a quiet room.", "principle", "Choose a group for the statement."),
        ("accessibility", "   ", "text", "Write the statement."),
    ],
    ids=["no group", "no words"],
)
def test_a_statement_needs_its_group_and_its_words_in_plain_words(
    cast: Cast, principle: str, text: str, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.own_statement_add(
            organisation=cast.organisation, by=cast.org_admin, principle=principle, text=text
        )
    assert refused.value.message_dict == {field: [words]}
    assert not OwnStatement.objects.exists()


@pytest.mark.parametrize("who", ["lead", "finance", "member"])
def test_only_admins_stop_asking_a_statement(cast: Cast, who: str) -> None:
    own = services.own_statement_add(
        organisation=cast.organisation,
        by=cast.org_admin,
        principle="accessibility",
        text="There was a quiet room.",
    )
    with pytest.raises(PermissionDenied):
        services.own_statement_retire(statement=own, by=getattr(cast, who))
    own.refresh_from_db()
    assert own.retired_at is None
    services.own_statement_retire(statement=own, by=cast.org_admin)
    own.refresh_from_db()
    assert own.retired_at is not None


def test_nobody_answers_a_closed_check_nor_anyone_not_signed_in(cast: Cast) -> None:
    check = open_check(cast.project, cast.lead)
    assert services.can_answer(check, cast.member)
    assert not services.can_answer(check, AnonymousUser())
    assert not services.can_answer(check, None)  # not a person at all
    services.check_close(check=check, by=cast.lead)
    check.refresh_from_db()
    assert not services.can_answer(check, cast.member)


def _answered(check: Check) -> tuple[int, int]:
    check.refresh_from_db()
    return check.answer_count, AnsweredMark.objects.filter(survey=check).count()


def test_a_step_on_the_ladder_must_be_one_of_its_steps(cast: Cast) -> None:
    check = open_check(cast.project, cast.lead)
    with pytest.raises(ValidationError):
        answer_all(check, cast.member, rung=99)
    assert _answered(check) == (0, 0)
    answer_all(check, cast.member, rung=Rung.COERCION)
    assert _answered(check) == (1, 1)


def test_a_follow_up_does_not_ask_for_a_step_on_the_ladder(cast: Cast) -> None:
    follow_up = open_follow_up(open_check(cast.project, cast.lead), cast.lead)
    with pytest.raises(ValidationError):
        answer_all(follow_up, cast.member, rung=Rung.COERCION)
    assert _answered(follow_up) == (0, 0)


@pytest.mark.parametrize("who", ["member", "observer", "finance", "outsider"])
def test_only_organisers_close_a_check(cast: Cast, who: str) -> None:
    check = open_check(cast.project, cast.lead)
    with pytest.raises(PermissionDenied):
        services.check_close(check=check, by=getattr(cast, who))
    check.refresh_from_db()
    assert check.closed_at is None
    services.check_close(check=check, by=cast.lead)
    check.refresh_from_db()
    assert check.closed_at is not None
