"""Our own words on every page of the demo site: no unexplained jargon, easy to read.

The crawl follows links as each demo account (and as someone not signed in),
so a page any app adds is checked here as soon as something links to it.
What people typed is taken out first: the findings are words in templates
and code. ``bench/plainlanguage_pages.py`` prints the same figures page by page.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from ustogether.plainlanguage.ui_words import (
    crawl,
    database_strings,
    demo_visitors,
    kind_of_address,
    links_in,
)

# The highest reading age (Flesch-Kincaid + 5) a page's own words may have.
READING_AGE_CEILING = 9.0
# Pages allowed above it, each at most the age it reached, and why. The picture
# credits, the glossary, the project agreement and the data protection page (which
# read at 10.2 until its long sentences were split) were rewritten to read at 9 or below.
EXCEPTIONS: dict[str, tuple[float, str]] = {}


def test_links_are_site_paths_without_queries_fragments_or_sign_out() -> None:
    html = """<a href="/projects/3/#top">a</a> <a href="https://example.org/x">b</a>
    <a href="/accounts/logout/">c</a> <a href="mailto:a@b.c">d</a> <a href="/glossary/?q=x">e</a>
    <a href="http://testserver/about/">f</a> <a>g</a> <a href="/admin/">h</a>"""
    assert links_in(html) == ["/projects/3/", "/glossary/", "/about/"]


def test_one_page_stands_for_its_kind() -> None:
    assert kind_of_address("/projects/3/members/") == "/projects/N/members/"
    assert kind_of_address("/projects/12/") == kind_of_address("/projects/7/")
    assert kind_of_address("/invitations/k9Jx2mQ7tZ4wR8vY1pL0aB3cD/") == "/invitations/T/"


@pytest.mark.django_db
def test_every_page_in_the_demo_speaks_plainly_in_our_own_words() -> None:
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    strings = database_strings()
    assert "Amara Okafor" in strings, "people's names count as typed text"
    pages = list(crawl(demo_visitors(), strings=strings))
    kinds = {page.name.split(": ", 1)[1] for page in pages}
    assert len(kinds) >= 25, sorted(kinds)

    unexplained = {page.name: page.findings for page in pages if page.findings}
    assert not unexplained, (
        "These pages use words many people will not know, without explaining them. "
        "Say it plainly, or put the plain words first and the term in brackets: "
        f"{unexplained}"
    )
    too_hard = {
        page.name: (page.reading_age, page.worst_sentences())
        for page in pages
        if page.reading_age > ceiling_for(page.name.split(": ", 1)[1])
    }
    assert not too_hard, (
        f"These pages read above age {READING_AGE_CEILING}. Split the hardest sentences "
        f"and use shorter words: {too_hard}"
    )


def ceiling_for(kind: str) -> float:
    return EXCEPTIONS[kind][0] if kind in EXCEPTIONS else READING_AGE_CEILING
