"""page_answers() finds what with_responses() finds, for more than one batch of ids."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ustogether.contributions import queries
from ustogether.contributions.models import Contribution, Response
from ustogether.contributions.testing import say
from ustogether.core.testing import make_cast
from ustogether.decisions.models import Decision, DecisionContribution

pytestmark = pytest.mark.django_db


def test_page_answers_match_with_responses_across_batches() -> None:
    cast = make_cast()
    said = [say(cast.project, cast.member, text=f"Point {n}") for n in range(30)]
    now = timezone.now()
    for n, contribution in enumerate(said):
        for k in range(n % 3):  # none, one or two answers, the later one newer
            Response.objects.create(
                contribution=contribution,
                by=cast.lead,
                outcome=Response.Outcome.CONSIDERING,
                text=f"Answer {k}",
                created_at=now + dt.timedelta(minutes=k),
                tell_by=Response.TellBy.EMAIL,
            )
    decisions = [
        Decision.objects.create(
            project=cast.project,
            title=f"Decision {n}",
            details="What we decided.",
            decided_on=dt.date(2026, 1, 1 + n),
            method=Decision.Method.CONSENSUS,
            created_by=cast.lead,
            published_at=now if n != 1 else None,  # the second is not published
        )
        for n in range(3)
    ]
    for n, contribution in enumerate(said):
        for decision in decisions[: n % 4]:
            DecisionContribution.objects.create(
                decision=decision, contribution=contribution, linked_by=cast.lead
            )

    shown = list(Contribution.objects.filter(pk__in=[c.pk for c in said]).order_by("-id"))
    answers = queries.page_answers(shown)
    expected = queries.with_responses(Contribution.objects.filter(pk__in=[c.pk for c in said]))
    assert len(shown) > queries.ANSWERS_BATCH
    for contribution in expected:
        assert answers.responses[contribution.pk] == list(contribution.responses.all())
        assert answers.decisions[contribution.pk] == list(contribution.decisions.all())
    assert sum(map(len, answers.responses.values())) == 30
    assert any(len(found) == 2 for found in answers.decisions.values())


def test_public_page_count_is_what_the_page_lists_for_members_and_everyone_else() -> None:
    from ustogether.projects.access import project_access

    cast = make_cast()
    for n in range(4):
        say(cast.project, cast.member, text=f"Team {n}")
    public = [
        say(cast.project, cast.member, text=f"Public {n}", sharing=Contribution.Sharing.PUBLIC)
        for n in range(3)
    ]
    Contribution.objects.filter(pk=public[0].pk).update(hidden_at=timezone.now())
    for person in (cast.member, cast.outsider, cast.lead):
        access = project_access(person, cast.project)
        assert queries.public_page_count(access) == queries.public_page(access).count()
    assert queries.public_page_count(project_access(cast.member, cast.project)) == 6
    assert queries.public_page_count(project_access(cast.outsider, cast.project)) == 2
