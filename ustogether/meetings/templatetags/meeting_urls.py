"""`{% meeting_url %}`: `{% url %}` for the meeting pages, reversed once per process.

The meeting page links to about twenty of a meeting's pages, and each `{% url %}`
cost more than a tenth of a plain page's time, as the project menu's did (see
projects/menu.py). An address depends only on the page's name and ids (and the script
prefix, which reverse() puts in front), and never changes while the site runs, so each
process reverses each one once.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

register = template.Library()


@lru_cache(maxsize=8192)
def _address(script_prefix: str, name: str, ids: tuple[int, ...]) -> str:
    return reverse(name, args=ids)


@receiver(setting_changed)
def _forget_addresses(*, setting: str, **kwargs: object) -> None:
    """A test that changes the URLconf makes the addresses reversed before wrong."""
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _address.cache_clear()


@register.simple_tag
def meeting_url(name: str, *ids: int) -> str:
    """The address of page `name` ("meetings:edit") for these ids, as `{% url %}` gives
    it: `{% meeting_url 'meetings:edit' project.pk meeting.pk %}`. Ids only (numbers)."""
    return _address(get_script_prefix(), name, tuple(int(i) for i in ids))
