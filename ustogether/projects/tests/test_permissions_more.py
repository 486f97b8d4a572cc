"""Proposals: who may withdraw one, and that another project's stays out of sight.

Who gets each page and form is in the permission table (test_permissions.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from ustogether.core.testing import SHORT_AGREEMENT, Cast, agree_agreement, make_cast
from ustogether.projects import agreements
from ustogether.projects.models import Membership, Project

ArgsFor = Callable[[Cast], list[int]]


def _proposal(cast: Cast) -> int:
    return cast.project.agreement_proposals.get(status="open").pk


def _carer_membership(cast: Cast) -> int:
    return Membership.objects.get(project=cast.project, person=cast.carer).pk


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
