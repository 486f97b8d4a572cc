"""Query budgets for list pages: the count must not grow with the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ustogether.core.testing import add_member, make_cast, make_person, make_project
from ustogether.projects import services

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
    assert few <= 14


def test_audit_trail_costs_the_same_for_many_events() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.lead)
    url = reverse("projects:events", args=[cast.project.pk])
    few = _count(client, url)
    for n in range(10):
        services.invitation_create(project=cast.project, by=cast.lead, email=f"p{n}@example.org")
    assert _count(client, url) == few


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
