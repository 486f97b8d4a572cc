"""The contribution and decision actions the first table (test_permissions.py) leaves
out, in the shared form (core/gates/permission_table.py): each also gets the checks
on headers, no changes on GET, and other projects' objects."""

from __future__ import annotations

import pytest

# The contributions and decisions apps land on main beside these rows.
pytest.importorskip("ustogether.contributions.testing", reason="contributions not landed yet")

import datetime as dt

import ustogether.contributions.services as services
import ustogether.decisions.services as decision_services
from ustogether.contributions.models import Response
from ustogether.contributions.testing import say
from ustogether.core.gates.permission_table import POST_ONLY, SIGNED_IN, Case, Row, cases
from ustogether.core.testing import Cast
from ustogether.decisions.models import Decision


def _said(cast: Cast) -> list[int]:
    """Something the member said."""
    return [cast.project.pk, say(cast.project, cast.member).pk]


def _answer(cast: Cast) -> list[int]:
    contribution = say(cast.project, cast.member)
    response = services.contribution_respond(
        contribution=contribution,
        by=cast.lead,
        outcome=Response.Outcome.TAKEN_FORWARD,
        text="We moved the stop.",
    )
    return [cast.project.pk, response.pk]


def _decided(cast: Cast) -> list[int]:
    decision = decision_services.decision_create(
        project=cast.project,
        by=cast.lead,
        title="Meet on Tuesdays",
        details="Most people can come on a Tuesday morning.",
        decided_on=dt.date(2026, 11, 2),
        method=Decision.Method.CONSENSUS,
    )
    return [cast.project.pk, decision.pk]


def _news(cast: Cast) -> list[int]:
    """News of a decision for the member, who chose to hear by post."""
    from ustogether.decisions.models import News
    from ustogether.people.models import Person

    Person.objects.filter(pk=cast.member.pk).update(contact_by=Person.ContactBy.POST)
    services.rules_update(
        project=cast.project, by=cast.lead, response_days=28, joint_sign_off=False
    )
    decision = decision_services.decision_create(
        project=cast.project,
        by=cast.lead,
        title="Post the papers",
        details="Papers go by post to anyone who asks.",
        decided_on=dt.date(2026, 11, 2),
        method=Decision.Method.CONSENSUS,
        informed_by=[say(cast.project, cast.member)],
    )
    return [cast.project.pk, News.objects.get(decision=decision).pk]


ROWS = [
    Row("contributions:reply", args=_said, get=POST_ONLY),
    Row("contributions:told", args=_answer, get=POST_ONLY),
    Row("contributions:mine", get=SIGNED_IN),
    Row("decisions:sign", args=_decided, get=POST_ONLY),
    Row("decisions:update", args=_decided, get=POST_ONLY),
    Row("decisions:news_told", args=_news, get=POST_ONLY),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", cases(ROWS), ids=str)
def test_who_gets_the_other_contribution_and_decision_actions(case: Case) -> None:
    case.run()
