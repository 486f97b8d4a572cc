"""Query budgets for the quality pages: the count must not grow with checks, answers or projects."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ustogether.core.testing import add_member, make_cast, make_person, make_project
from ustogether.quality.statements import Choice
from ustogether.quality.tests.helpers import answered_check, open_check

pytestmark = pytest.mark.django_db


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_of_checks_costs_the_same_for_many_checks() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.member)
    url = reverse("quality:checks", args=[cast.project.pk])
    open_check(cast.project, cast.lead)
    few = _count(client, url)
    for n in range(6):
        open_check(cast.project, cast.lead, title=f"Meeting {n}")
    assert _count(client, url) == few
    # Session, person, project, membership, the checks, and which of them you answered.
    assert few <= 7


def test_a_check_with_results_costs_the_same_for_many_answers() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.lead)
    small = answered_check(cast.project, cast.lead, [Choice.AGREE] * 5)
    big = answered_check(cast.project, cast.lead, [Choice.AGREE, Choice.DISAGREE] * 6)
    few = _count(client, reverse("quality:check", args=[cast.project.pk, small.pk]))
    assert _count(client, reverse("quality:check", args=[cast.project.pk, big.pk])) == few
    assert few <= 8


def test_the_project_scorecard_costs_the_same_for_many_checks_and_members() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.lead)
    url = reverse("quality:project_scorecard", args=[cast.project.pk])
    answered_check(cast.project, cast.lead, [Choice.AGREE] * 5)
    few = _count(client, url)
    for _ in range(3):
        answered_check(cast.project, cast.lead, [Choice.DISAGREE] * 5)
    assert _count(client, url) == few
    # Four to load the facts; one per rule or ladder test that needs more (the
    # meetings, you-said and payments rules read their own facts); two for scores.
    assert few <= 19


def test_the_organisation_scorecard_costs_the_same_for_many_projects() -> None:
    cast = make_cast()
    client = Client()
    client.force_login(cast.org_admin)
    url = reverse("quality:org_scorecard", args=[cast.organisation.slug])
    answered_check(cast.project, cast.lead, [Choice.AGREE] * 5)
    few = _count(client, url)
    for n in range(5):
        project = make_project(lead=cast.lead, organisation=cast.organisation, title=f"P{n}")
        add_member(project, make_person())
        answered_check(project, cast.lead, [Choice.AGREE] * 5)
    assert _count(client, url) == few
    assert few <= 22  # as above, for every project of the organisation at once


def test_an_open_check_costs_the_co_lead_the_same_for_many_people_to_tell() -> None:
    from ustogether.people.models import Person
    from ustogether.quality.notify import check_tell

    cast = make_cast()
    client = Client()
    client.force_login(cast.lead)

    def told_by_phone(count: int) -> str:
        people = [make_person(contact_by=Person.ContactBy.PHONE) for _ in range(count)]
        for person in people:
            add_member(cast.project, person)
        check = open_check(cast.project, cast.lead, title=f"With {count}")
        check_tell(check=check, what="asked")
        return reverse("quality:check", args=[cast.project.pk, check.pk])

    few = _count(client, told_by_phone(2))
    assert _count(client, told_by_phone(12)) == few
    # As for any check, and one to count the people to tell by hand.
    assert few <= 8
