"""Query budgets for list pages: the count must not grow with the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ustogether.core.testing import (
    add_member,
    agree_agreement,
    make_cast,
    make_person,
    make_project,
)
from ustogether.plainlanguage.models import LocalTerm
from ustogether.projects import agreements, services
from ustogether.projects.models import AGREEMENT_SECTIONS, Perspective

pytestmark = pytest.mark.django_db


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_public_project_list_costs_the_same_for_many_projects(django_assert_num_queries) -> None:
    lead = make_person()
    for n in range(3):
        make_project(lead=lead, title=f"Project {n}")
    client = Client()
    few = _count(client, reverse("projects:public_list"))
    for n in range(12):
        make_project(lead=lead, title=f"More {n}")
    with django_assert_num_queries(few):
        client.get(reverse("projects:public_list"))
    assert few <= 3


def test_members_page_costs_the_same_for_many_members() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.lead)
    url = reverse("projects:members", args=[cast.project.pk])
    few = _count(client, url)
    for _ in range(15):
        add_member(cast.project, make_person())
    assert _count(client, url) == few
    # Session, person, project with the viewer's membership, stages, members, needs,
    # and the agreement, whose clauses the power-sharing check reads.
    assert few <= 7


def test_audit_trail_costs_the_same_for_many_events() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.lead)
    url = reverse("projects:events", args=[cast.project.pk])
    few = _count(client, url)
    for n in range(10):
        services.invitation_create(project=cast.project, by=cast.lead, email=f"p{n}@example.org")
    assert _count(client, url) == few
    # Session, person, project with the co-lead's membership, how many events, the events.
    assert few <= 5


def test_your_projects_page_costs_the_same_for_many_projects() -> None:
    person = make_person()
    client = Client()
    client.force_login(person)
    lead = make_person()
    add_member(make_project(lead=lead, title="One"), person)
    few = _count(client, reverse("people:home"))
    for n in range(8):
        add_member(make_project(lead=lead, title=f"P{n}"), person)
    assert _count(client, reverse("people:home")) == few
    # Session, person, projects, organisation roles (with whether each works yet),
    # and what waits: agreements to sign, changes to answer, invitations.
    assert few <= 7


def _grow(cast) -> None:
    """More of everything a project page reads: members (some left), stages,
    needs, agreement versions and signatures, and the organisation's own words."""
    for n in range(6):
        membership = add_member(cast.project, make_person(), perspective=Perspective.CARER)
        if n % 2:
            membership.left_at = timezone.now()
            membership.save(update_fields=["left_at"])
    for n in range(3):
        services.stages_update(
            project=cast.project, by=cast.lead, names={}, new_name=f"Stage {n}", new_kind="other"
        )
    for n in range(3):
        version = agree_agreement(
            cast.project,
            cast.lead,
            **{name: f"Version {n} of {name}." for name in AGREEMENT_SECTIONS},
        )
        agreements.agreement_sign(version=version, person=cast.member)
    for n in range(4):
        LocalTerm.objects.create(
            organisation=cast.organisation,
            term=f"local word {n}",
            plain="plain words",
            definition="What it means.",
            status=LocalTerm.Status.ACCEPTED,
            written_by=cast.lead,
        )


@pytest.mark.parametrize("who", ["lead", "member", "outsider", None])
def test_project_page_costs_the_same_as_the_project_grows(who) -> None:
    cast = make_cast()
    client = Client()
    if who:
        client.force_login(getattr(cast, who))
    url = reverse("projects:detail", args=[cast.project.pk])
    few = _count(client, url)
    _grow(cast)
    assert _count(client, url) == few
    # A member: session, person, project with their membership, organisation role (a co-lead's
    # rights never need it), stages, memberships, needs, agreement, Easy Read, glossary;
    # someone signed in who is not a member also asks whether they belong to the
    # organisation, which decides whether its unpublished words are shown; anyone
    # who is not a member is shown the agreement's main points (one query); a co-lead
    # also sees how many contributions wait for an answer and are late (one query).
    assert few <= {"lead": 10, "member": 10, "outsider": 11, None: 6}[who]
