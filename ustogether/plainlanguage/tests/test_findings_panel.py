"""The findings panel says something useful for short, empty and repetitive text."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from ustogether.core.testing import make_cast, make_person
from ustogether.plainlanguage.checker import check

pytestmark = pytest.mark.django_db


def signed_in(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def fragment(client: Client, text: str, **extra: str) -> str:
    data = {"field": "purpose", "purpose": text, **extra}
    return client.post(reverse("plaincheck_fragment"), data).content.decode()


@pytest.mark.parametrize("text", ["Come and talk to us", "Yes", "Hi there"])
def test_short_easy_text_has_a_reading_age_not_zero(text: str) -> None:
    # A short line with no full stop is split as a heading; it is still words to read.
    report = check(text)
    assert report.words > 0
    assert report.reading_age >= 5


def test_short_easy_text_shows_a_reading_age_in_the_panel() -> None:
    html = fragment(signed_in(make_person()), "Come and talk to us")
    assert "Reading age: about 0" not in html
    assert re.search(r"Reading age: about ([5-9]|1\d)\.", html)


def test_text_with_no_words_shows_no_reading_age() -> None:
    html = fragment(signed_in(make_person()), "... !!")
    assert "Reading age" not in html


def test_checking_an_empty_box_says_there_is_nothing_to_check() -> None:
    client = signed_in(make_person())
    html = fragment(client, "   ")
    assert "There is nothing to check yet" in html
    # The same without JavaScript: the "Check my text" button on the project form.
    cast = make_cast()
    client = signed_in(cast.lead)
    response = client.post(
        reverse("projects:edit", args=[cast.project.pk]),
        {"title": "T", "purpose": "", "plain_check": "purpose"},
    )
    assert "There is nothing to check yet" in response.content.decode()


def test_the_check_page_does_not_talk_about_saving() -> None:
    client = signed_in(make_person())
    text = "We will leverage it."
    page = client.post(reverse("plainlanguage:check"), {"text": text, "plain_check": "text"})
    assert "to look at" in page.content.decode()
    assert "You can still save" not in page.content.decode()
    live = fragment(client, text, check_only="1")
    assert "to look at" in live
    assert "You can still save" not in live
    # Where there is something to save, people are told checks do not stop them.
    assert "You can still save" in fragment(client, text)


def test_a_sentence_repeated_many_times_is_one_finding_with_a_count() -> None:
    html = fragment(signed_in(make_person()), "It was decided by us. " * 250)
    assert html.count('class="ut-finding ') == 1
    assert "This appears 250 times." in html
    assert "1 thing to look at" in html


def test_using_a_suggestion_swaps_every_use_in_its_group() -> None:
    cast = make_cast()
    client = signed_in(cast.lead)
    text = "We leverage money. We leverage time. Leverage is hard."
    response = client.post(
        reverse("projects:edit", args=[cast.project.pk]),
        {"title": "T", "purpose": text, "plain_apply": "purpose:0"},
    )
    html = response.content.decode()
    assert "We use money. We use time. Leverage is hard." in html
