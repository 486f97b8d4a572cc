"""The co-leads' list of things to pass on by hand: people who asked to hear by
post, by phone or through someone who supports them.

Answers to what people said are this app's own (queries.to_tell). Other apps
above this one (news of a decisions, asking people to answer a check) add their
own kinds of thing to pass on by registering a source in their AppConfig.ready():
a function that, for one project, gives what is still to tell, each with the
address of its own "We have told them" button. So the list and its button are
made once, here, while each app keeps its own records and its own permission
check behind the button.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.db import models
from django.utils import timezone

from ustogether.core.audit import record_event
from ustogether.people.models import Person
from ustogether.projects.models import Project

Told = TypeVar("Told", bound=models.Model)

# The most of each kind the list shows at once, as for answers to pass on.
LIMIT = 50


@dataclass(frozen=True)
class ToPassOn:
    link: str  # where to read what it is about
    link_text: str
    what: str  # what to tell them, in a few words
    how: str  # by post, by phone, through their supporter
    told_url: str  # the "We have told them" button posts here
    hidden: str  # said after the button's words to screen readers, so each differs
    who: str = ""  # their name, when the link does not lead to it
    contact: str = ""  # the address, number or supporter to use, when known
    words_link: str = ""  # a page with the words to send or say (a letter to print)
    words_link_text: str = ""


Source = Callable[[Project], list[ToPassOn]]
_sources: list[Source] = []


def register(source: Source) -> Source:
    """Add a kind of thing to pass on (once, however often ready() runs)."""
    if source not in _sources:
        _sources.append(source)
    return source


def to_pass_on(project: Project) -> list[ToPassOn]:
    """Everything from other apps still to pass on for this project, oldest kind first.
    One query or so for each kind."""
    return [item for source in _sources for item in source(project)]


def mark_told(
    row: Told,
    *,
    by: Person,
    project: Project,
    verb: str,
    subject: models.Model,
    data: dict[str, Any],
    day_only: bool = False,
) -> Told:
    """Say a thing on the list was passed on: once, however often the button is
    pressed (two presses at once take turns on the row). The caller checks who may.
    `row` has `told_at` and `told_by`; the audit event says how, never what.
    With `day_only`, `told_at` keeps the day (at midnight, local time), not the time."""
    locked: Any = type(row)._default_manager.select_for_update().get(pk=row.pk)
    if locked.told_at is None:
        now = timezone.now()
        if day_only:
            now = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        locked.told_at = now
        locked.told_by = by
        locked.save(update_fields=["told_at", "told_by"])
        record_event(project, verb, actor=by, subject=subject, data=data)
    return cast(Told, locked)
