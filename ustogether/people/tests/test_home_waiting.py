"""Someone's home page lists what waits for them: invitations, proposals to answer,
agreements to sign. It costs the same however much is waiting."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ustogether.core.testing import (
    SHORT_AGREEMENT,
    add_member,
    agree_agreement,
    make_cast,
    make_person,
    make_project,
)
from ustogether.projects import agreements, services

pytestmark = pytest.mark.django_db


def home(person: object) -> str:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client.get(reverse("people:home")).content.decode()


def test_the_home_page_lists_what_waits_for_the_person() -> None:
    cast = make_cast()
    agree_agreement(cast.project, cast.lead, **SHORT_AGREEMENT)
    agreements.agreement_propose(
        project=cast.project,
        by=cast.lead,
        reason="x",
        **{**SHORT_AGREEMENT, "ground_rules": "We listen."},
    )
    other = make_project(lead=make_person(), title="Safer streets")
    services.invitation_create(project=other, by=other.created_by, email=cast.carer.email)
    html = home(cast.carer)
    assert "Waiting for you" in html
    assert "Say yes or no to joining “Safer streets”" in html
    assert f"Say what you think of a change to the agreement for “{cast.project.title}”" in html
    assert f"Read and sign the agreement for “{cast.project.title}”" in html
    # The observer only reads proposals, so is not asked to answer; the lead proposed it.
    assert "Say what you think" not in home(cast.observer)
    assert "Say what you think" not in home(cast.lead)
    assert "Read and sign" in home(cast.observer)


def test_nothing_waiting_shows_nothing() -> None:
    assert "Waiting for you" not in home(make_person())


def _count(person: object) -> int:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("people:home")).status_code == 200
    return len(queries)


def test_the_home_page_costs_the_same_however_much_waits(settings: Any) -> None:
    # One address is invited to many projects here, more than a day's usual limit.
    settings.RATE_LIMITS = {"invitations.address.day": "100/d"}
    person = make_person()
    lead = make_person()

    def one_more(n: int) -> None:
        project = make_project(lead=lead, title=f"Project {n}")
        add_member(project, make_person())  # agrees before the person is asked
        add_member(project, person)
        agree_agreement(project, lead, **SHORT_AGREEMENT)
        agreements.agreement_propose(
            project=project, by=lead, reason="x", **{**SHORT_AGREEMENT, "ground_rules": "y"}
        )
        services.invitation_create(
            project=make_project(lead=lead, title=f"Other {n}"), by=lead, email=person.email
        )

    one_more(0)
    few = _count(person)
    for n in range(1, 6):
        one_more(n)
    html = home(person)
    assert "Other 5" in html and "Read and sign the agreement for “Project 5”" in html
    assert _count(person) == few
