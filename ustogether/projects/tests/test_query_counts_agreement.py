"""Query budgets for the agreement pages: the count must not grow with members,
answers, comments or versions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ustogether.core.testing import (
    SHORT_AGREEMENT,
    Cast,
    add_member,
    agree_agreement,
    make_cast,
    make_person,
)
from ustogether.projects import agreements

pytestmark = pytest.mark.django_db


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(cast: Cast, proposal_id: int, n: int) -> None:
    proposal = cast.project.agreement_proposals.get(pk=proposal_id)
    for i in range(n):
        person = make_person()
        add_member(cast.project, person)
        agreements.agreement_answer(proposal=proposal, by=person, answer="not_yet")
        agreements.agreement_comment(proposal=proposal, by=person, text=f"Comment {i}")


def test_proposal_pages_cost_the_same_for_many_answers_and_comments() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    proposal = agreements.agreement_propose(
        project=cast.project, by=cast.carer, reason="x", **{**SHORT_AGREEMENT, "ground_rules": "y"}
    )
    client = Client()
    client.force_login(cast.member)
    urls = [
        reverse("projects:agreement", args=[cast.project.pk]),
        reverse("projects:proposal", args=[cast.project.pk, proposal.pk]),
        reverse("projects:events", args=[cast.project.pk]),
    ]
    few = [_count(client, url) for url in urls]
    _grow(cast, proposal.pk, 8)
    assert [_count(client, url) for url in urls] == few


def test_agreement_and_version_pages_cost_the_same_for_many_versions() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    agree_agreement(cast.project, cast.lead, **{**SHORT_AGREEMENT, "disagreements": "v2"})
    client = Client()
    client.force_login(cast.member)
    urls = [
        reverse("projects:agreement", args=[cast.project.pk]),
        reverse("projects:agreement_version", args=[cast.project.pk, 2]),
    ]
    few = [_count(client, url) for url in urls]
    for n in range(3, 9):
        agree_agreement(cast.project, cast.lead, **{**SHORT_AGREEMENT, "disagreements": f"v{n}"})
    assert [_count(client, url) for url in urls] == few
