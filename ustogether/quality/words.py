"""Translations for the red-flag rules, looked up once for each language.

An organisation's scorecard writes hundreds of flags from the same few sentences,
and each translation walks the catalogues (some 5 µs, more with several catalogues):
each sentence is looked up once for each language (and number), then read from a
cache (under 2 µs). On the bench (200 projects) the rules ask for some 2,500
sentences a page.
"""

from __future__ import annotations

import functools

from django.utils.translation import get_language, gettext
from django.utils.translation import ngettext as django_ngettext


@functools.lru_cache(maxsize=256)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


@functools.lru_cache(maxsize=1024)
def _translated_plural(language: str | None, singular: str, plural: str, count: int) -> str:
    return django_ngettext(singular, plural, count)


def _(message: str) -> str:
    """`gettext`, cached for each language."""
    return _translated(get_language(), message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """`ngettext`, cached for each language and number."""
    return _translated_plural(get_language(), singular, plural, count)
