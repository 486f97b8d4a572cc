"""Check Us Together's own words on every page a person can reach.

:func:`crawl` signs in as each kind of person (or none), starts from the
pages they land on, and follows every link on the site, one page per kind
of address (``/projects/3/`` and ``/projects/8/`` are one kind), like a
person clicking through. New pages in any app are found the same way, as
long as something links to them.

What people typed is taken out before checking (see
:func:`database_strings` and :mod:`.pagetext`), so the findings are about
words in templates and code: the words we can rewrite.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import unescape
from urllib.parse import urldefrag, urlsplit

from django.apps import apps
from django.db import models
from django.test import Client

from .glossary import load_shipped_glossary
from .pagetext import PageCheck, check_page, main_text

# Addresses no crawl should open: they sign out, are for admins only, or are
# files rather than pages.
SKIP_PREFIXES: tuple[str, ...] = ("/admin/", "/accounts/logout/", "/static/", "/media/")
_ID_RE = re.compile(r"/\d+(?=/|$)")
_TOKEN_RE = re.compile(r"/[A-Za-z0-9_-]{20,}(?=/|$)")


def database_strings() -> set[str]:
    """Every piece of text stored in the database by a person or the demo.

    Each text and character field of every model in our apps is read; long
    texts are split into lines, since a page shows them as paragraphs.
    Fields with choices are left out: their labels are our words, and the
    stored value is only a code. Email addresses live in allauth's table, so
    they are added from there.
    """
    strings: set[str] = set()
    for model in apps.get_models():
        # Only our apps hold what people typed; Django's own tables hold names
        # of models and permissions ("project", "Can add person"), which are
        # words of the page too and must not be taken out.
        if model._meta.proxy or not model.__module__.startswith("ustogether."):
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if not value:
                    continue
                for line in str(value).splitlines():
                    line = line.strip(" \t-*•")
                    if len(line) >= 3:
                        strings.add(line)
    email_address = apps.get_model("account", "EmailAddress")
    strings.update(email_address._default_manager.values_list("email", flat=True))
    # The glossary's own entries are data shown on its pages (and offered as a
    # starting point when someone answers a question); test_glossary_data checks
    # their words.
    for entry in load_shipped_glossary():
        # Only the longer texts: plain words such as "about", "home" or "agreement"
        # are also words of our pages, and taking them out everywhere would
        # hide those pages' own words from the check.
        strings.update(s for s in (entry.plain, entry.definition) if len(s.split()) >= 3)
        # The names of the public word lists that name an entry are names, like a person's.
        note = entry.lists_note()
        if note:
            strings.add(note)
    return strings


_HREF_RE = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def links_in(html: str) -> list[str]:
    """The site paths a page links to (no query strings, no other sites)."""
    paths: list[str] = []
    for href in _HREF_RE.findall(html):
        url, _fragment = urldefrag(unescape(href))
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https"):
            continue
        if parts.netloc and parts.netloc not in ("testserver", "localhost", "127.0.0.1"):
            continue
        path = parts.path
        if not path.startswith("/") or path.startswith(SKIP_PREFIXES):
            continue
        paths.append(path)
    return paths


def kind_of_address(path: str) -> str:
    """``/projects/3/members/`` -> ``/projects/N/members/``, so one page stands for its kind."""
    return _TOKEN_RE.sub("/T", _ID_RE.sub("/N", path))


@dataclass(frozen=True, slots=True)
class Visitor:
    """Someone to crawl as: a label and a signed-in client (or an anonymous one)."""

    label: str
    client: Client
    start: tuple[str, ...]


def crawl(
    visitors: Iterable[Visitor], *, strings: set[str] | None = None, limit: int = 400
) -> Iterator[PageCheck]:
    """Check every kind of page each visitor can reach, once per kind for each visitor.

    Each visitor sees a page their own way (a co-lead sees more buttons than
    a member), so the same kind of page is checked once for each of them.
    ``limit`` caps the pages checked for one visitor.
    """
    known = database_strings() if strings is None else strings
    checked_texts: set[str] = set()
    for visitor in visitors:
        seen_kinds: set[str] = set()
        queue: deque[str] = deque(visitor.start)
        visited: set[str] = set()
        while queue and len(seen_kinds) < limit:
            path = queue.popleft()
            kind = kind_of_address(path)
            if path in visited or kind in seen_kinds:
                continue
            visited.add(path)
            response = visitor.client.get(path)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith(
                "text/html"
            ):
                continue
            seen_kinds.add(kind)
            html = response.content.decode()
            queue.extend(links_in(html))
            page = main_text(html)
            if page.text in checked_texts:
                continue  # the same words for another visitor: checked already
            checked_texts.add(page.text)
            yield check_page(f"{visitor.label}: {kind}", path, page, known)


def demo_visitors() -> list[Visitor]:
    """Someone not signed in, then each demo account, for a crawl of the demo site.

    Imported here, not at the top, so the module loads without the demo.
    """
    from ustogether.people.models import Person
    from ustogether.projects import demo_data

    visitors = [Visitor("visitor", Client(), ("/", "/projects/", "/about/", "/glossary/"))]
    for account in demo_data.ACCOUNTS:
        person = Person.objects.filter(email=account.email).first()
        if person is None:
            continue
        client = Client()
        client.force_login(person)
        visitors.append(Visitor(account.key, client, ("/home/",)))
    return visitors
