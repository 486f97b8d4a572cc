"""core.choices.label gives what get_FOO_display gives; core.paging.page_of gives
the page Paginator gives."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ustogether.core.choices import label
from ustogether.core.paging import page_of
from ustogether.core.testing import make_person
from ustogether.people.models import Person


@pytest.mark.django_db
def test_label_is_the_choice_label_or_the_value_itself() -> None:
    person = make_person()
    for way in Person.ContactBy.values:
        person.contact_by = way
        assert label(person, "contact_by") == person.get_contact_by_display()
    person.contact_by = "pigeon"  # not one of the choices: shown as it is, as Django does
    assert label(person, "contact_by") == person.get_contact_by_display() == "pigeon"


@pytest.mark.django_db
@pytest.mark.parametrize("people", [0, 3, 5, 6, 13])
@pytest.mark.parametrize("number", [None, "1", "2", "3", "x", "99"])
def test_page_of_is_the_page_paginator_gives(people: int, number: str | None) -> None:
    for n in range(people):
        make_person(f"Person {n}")
    everyone = Person.objects.order_by("pk")
    ours = page_of(everyone, 5, number)
    theirs = Paginator(everyone, 5).get_page(number)
    assert list(ours) == list(theirs)
    assert (ours.number, ours.paginator.count, ours.paginator.num_pages) == (
        theirs.number,
        theirs.paginator.count,
        theirs.paginator.num_pages,
    )
    assert (ours.has_next(), ours.has_previous()) == (theirs.has_next(), theirs.has_previous())


@pytest.mark.django_db
def test_a_first_page_that_fits_is_one_query() -> None:
    for n in range(3):
        make_person(f"Person {n}")
    with CaptureQueriesContext(connection) as queries:
        page = page_of(Person.objects.order_by("pk"), 5, None)
        assert len(page.object_list) == 3
        assert not page.has_other_pages()
    assert len(queries) == 1
