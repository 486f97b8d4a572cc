"""The pages that need more than a project to find them (a proposal, a version, a
member), and the forms that only take POST, tried as every kind of person."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from ustogether.core.testing import SHORT_AGREEMENT, Cast, agree_agreement, make_cast
from ustogether.projects import agreements
from ustogether.projects.models import Membership, Project
from ustogether.projects.tests.test_permissions import MANAGERS, PEOPLE, READERS, _private

ArgsFor = Callable[[Cast], list[int]]


def _proposal(cast: Cast) -> int:
    return cast.project.agreement_proposals.get(status="open").pk


def _carer_membership(cast: Cast) -> int:
    return Membership.objects.get(project=cast.project, person=cast.carer).pk


GET_PAGES: dict[str, tuple[ArgsFor, dict[str, int]]] = {
    "proposal": (lambda c: [c.project.pk, _proposal(c)], READERS),
    "agreement_version": (lambda c: [c.project.pk, 1], READERS),
    "member": (lambda c: [c.project.pk, _carer_membership(c)], MANAGERS),
    "close": (lambda c: [c.project.pk], MANAGERS),
}
VOTERS = {**READERS, "observer": 403, "org_admin": 403}
POSTS: dict[str, tuple[ArgsFor, dict[str, str], dict[str, int]]] = {
    # After a good POST each page sends the person on (302); the status is what matters.
    "proposal_answer": (
        lambda c: [c.project.pk, _proposal(c)],
        {"answer": "not_yet"},
        {**VOTERS, "member": 302, "lead": 302},
    ),
    "proposal_comment": (
        lambda c: [c.project.pk, _proposal(c)],
        {"text": "Can we talk about it?"},
        {who: 302 if code == 200 else code for who, code in READERS.items()},
    ),
    "proposal_withdraw": (
        lambda c: [c.project.pk, _proposal(c)],
        {},
        {who: 302 if code == 200 else code for who, code in MANAGERS.items()},
    ),
    "remove_member": (
        lambda c: [c.project.pk, _carer_membership(c)],
        {"reason": "You asked to stop."},
        {who: 302 if code == 200 else code for who, code in MANAGERS.items()},
    ),
}


def _ready(visibility: str) -> Cast:
    cast = make_cast(visibility=visibility)
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    agreements.agreement_propose(
        project=cast.project,
        by=cast.carer,
        reason="Shorter.",
        **{**SHORT_AGREEMENT, "ground_rules": "We listen."},
    )
    return cast


def _expected(visibility: str, page: str, who: str, expected: int) -> int:
    if visibility == "public":
        return expected
    return _private(expected, page, who)


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", ["public", "members"])
@pytest.mark.parametrize("page", list(GET_PAGES))
def test_who_gets_which_page(visibility: str, page: str) -> None:
    cast = _ready(visibility)
    args_for, row = GET_PAGES[page]
    url = reverse(f"projects:{page}", args=args_for(cast))
    for who in PEOPLE:
        client = Client()
        if who != "anonymous":
            client.force_login(getattr(cast, who))
        expected = _expected(visibility, page, who, row[who])
        got = client.get(url).status_code
        assert got == expected, f"{who} on {visibility} {page}: got {got}, expected {expected}"


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", ["public", "members"])
@pytest.mark.parametrize("page", list(POSTS))
def test_who_may_post_which_form(visibility: str, page: str) -> None:
    cast = _ready(visibility)
    args_for, data, row = POSTS[page]
    url = reverse(f"projects:{page}", args=args_for(cast))
    for who in PEOPLE:
        # Each person tries on the same project, so each try is undone after it.
        with transaction.atomic():
            client = Client()
            if who != "anonymous":
                client.force_login(getattr(cast, who))
            expected = _expected(visibility, page, who, row[who])
            got = client.post(url, data).status_code
            transaction.set_rollback(True)
        assert got == expected, f"{who} posting {visibility} {page}: got {got}, expected {expected}"


@pytest.mark.django_db
def test_the_person_who_proposed_a_change_may_withdraw_it() -> None:
    cast = _ready(Project.Visibility.PUBLIC)
    client = Client()
    client.force_login(cast.carer)
    url = reverse("projects:proposal_withdraw", args=[cast.project.pk, _proposal(cast)])
    assert client.post(url).status_code == 302
    assert not cast.project.agreement_proposals.filter(status="open").exists()


@pytest.mark.django_db
def test_a_member_of_another_project_sees_no_proposal_here() -> None:
    cast, other = _ready(Project.Visibility.PUBLIC), _ready(Project.Visibility.PUBLIC)
    client = Client()
    client.force_login(cast.member)
    url = reverse("projects:proposal", args=[cast.project.pk, _proposal(other)])
    assert client.get(url).status_code == 404
