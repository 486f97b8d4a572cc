"""What Us Together holds about a person, app by app: the registry behind "your data".

Every model with a link to a person must say, here or in its own app's
`personal_data.py` (found automatically, like `admin.py`):

- how it reaches the person's data download: an `@exporter` section that lists
  it, or `not_exported(Model, reason=...)`;
- what is kept when the person closes their account: any text field that still
  holds what they typed must be named in `kept_after_closing(Model, ...)` with a
  reason; everything else is blanked by `person_erase` or an `@eraser`;
- one `@example` that makes a row of it for a person, so the tests in
  core/tests/test_personal_data.py can put a unique value in each of its text
  fields, download the data and find them, then close the account and find them
  nowhere.

The tests fail naming any model that links to a person and is missing here, so an
app that lands later is held to the same bar the day it lands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models

Section = dict[str, Any] | list[dict[str, Any]] | None


@dataclass(frozen=True)
class Exporter:
    """One section of the data download."""

    name: str
    title: str
    models: tuple[type[models.Model], ...]
    function: Callable[[Any], Section]
    # Text fields of these models the section leaves out, and why (field name: reason).
    leaves_out: dict[str, str] = field(default_factory=dict)


EXPORTERS: list[Exporter] = []
NOT_EXPORTED: dict[type[models.Model], str] = {}


@dataclass(frozen=True)
class Kept:
    reason: str
    keeps_text: dict[str, str]


KEPT: dict[type[models.Model], Kept] = {}
EXAMPLES: dict[type[models.Model], Callable[..., None]] = {}


def exporter(
    name: str,
    title: str,
    *covers: type[models.Model],
    leaves_out: dict[str, str] | None = None,
) -> Callable[[Callable[[Any], Section]], Callable[[Any], Section]]:
    """Register a section of the download: `function(person)` returns plain data
    (dicts, lists, text, numbers, dates) about the rows of `covers` for that person."""

    def register(function: Callable[[Any], Section]) -> Callable[[Any], Section]:
        if any(e.name == name for e in EXPORTERS):
            raise ValueError(f"Two sections of the data download are called {name!r}.")
        EXPORTERS.append(Exporter(name, title, tuple(covers), function, dict(leaves_out or {})))
        return function

    return register


def not_exported(model: type[models.Model], *, reason: str) -> None:
    NOT_EXPORTED[model] = reason


def kept_after_closing(
    model: type[models.Model], *, reason: str, keeps_text: dict[str, str] | None = None
) -> None:
    """Say why rows of `model` stay when a person closes their account. Text fields in
    `keeps_text` may still hold what was typed (each with its reason); every other text
    field linked to the person is blanked. Rows of models not named here are deleted."""
    if not reason:
        raise ValueError("Say why the rows are kept.")
    KEPT[model] = Kept(reason, dict(keeps_text or {}))


def example(*covers: type[models.Model]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a function `(person, cast)` that gives `person` a row in each of `covers`.

    Tests use it; it goes through the app's services, as a person would. `cast` is a
    `core.testing.Cast`, and `person` is a co-lead (with lived experience) of
    `cast.project` and has two-step sign-in."""

    def register(function: Callable[..., None]) -> Callable[..., None]:
        for model in covers:
            EXAMPLES[model] = function
        return function

    return register


def person_links(model: type[models.Model]) -> list[str]:
    """The names of `model`'s fields that point at a person (the model itself counts)."""
    from django.apps import apps

    person_model = apps.get_model(settings.AUTH_USER_MODEL)
    if model is person_model:
        return ["pk"]
    return [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, models.ForeignKey | models.OneToOneField)
        and f.related_model is person_model
        and f.concrete
    ]


def models_linked_to_a_person() -> list[type[models.Model]]:
    """Every model with a link to a person, in every installed app, the person included
    (many-to-many tables such as the person's permission groups count too)."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if person_links(model) and not model._meta.proxy
    ]


def rows_for(model: type[models.Model], person: Any) -> models.QuerySet[Any]:
    q = models.Q(pk__in=[])
    for name in person_links(model):
        q |= models.Q(**{name: person.pk})
    return model._default_manager.filter(q)


def export(person: Any) -> dict[str, Section]:
    """Everything Us Together holds about a person, section by section."""
    return {e.name: e.function(person) for e in EXPORTERS}


def sections(person: Any) -> list[tuple[str, Section]]:
    """The same, with each section's title, for the readable page."""
    return [(e.title, e.function(person)) for e in EXPORTERS]


def covered_by_export() -> set[type[models.Model]]:
    return {model for e in EXPORTERS for model in e.models}


def leaves_out(model: type[models.Model]) -> dict[str, str]:
    found: dict[str, str] = {}
    for e in EXPORTERS:
        if model in e.models:
            found.update(e.leaves_out)
    return found


def text_fields(model: type[models.Model]) -> Iterable[models.Field[Any, Any]]:
    """The fields a person's own words or details could be typed into.

    A field with choices, or too short for a word (a three-letter currency code), holds
    a code the site sets, not something a person wrote."""
    for f in model._meta.concrete_fields:
        is_text = isinstance(f, models.CharField | models.TextField) and not f.choices
        if is_text and (f.max_length is None or f.max_length >= 8):
            yield f


@dataclass(frozen=True)
class Card:
    """One thing in a section of the readable page: its details as (label, text) rows."""

    rows: list[tuple[str, str]]


@dataclass(frozen=True)
class ReadableSection:
    title: str
    cards: list[Card]
    parts: list[ReadableSection]


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _text(value: Any) -> str:
    import datetime as dt

    from django.utils import timezone
    from django.utils.formats import date_format

    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "j F Y, g:i a")
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _cards(data: Any) -> list[Card]:
    if isinstance(data, dict):
        return [Card([(_label(k), _text(v)) for k, v in data.items()])]
    if isinstance(data, list):
        return [c for item in data for c in _cards(item)]
    return []


def readable(title: str, data: Section) -> ReadableSection:
    """A section of the download as the readable page shows it."""
    if isinstance(data, dict) and data and all(isinstance(v, list) for v in data.values()):
        # A section made of parts, each a list of things (as agreements are).
        return ReadableSection(
            title, [], [ReadableSection(_label(k), _cards(v), []) for k, v in data.items()]
        )
    return ReadableSection(title, _cards(data), [])


def readable_sections(person: Any) -> list[ReadableSection]:
    return [readable(e.title, e.function(person)) for e in EXPORTERS]


# Evidence for organisations (a data protection impact assessment, the NHS Data
# Security and Protection Toolkit): every kind of data the site stores, why, where,
# for how long, who sees it, how it is protected, and how people get or erase it.
# Every model of every app belongs to exactly one kind (core/tests/test_evidence.py),
# so the page /about/data-protection/ and docs/data-protection.md stay true.


@dataclass(frozen=True)
class DataKind:
    name: str
    models: tuple[str, ...]  # model labels, such as "people.NeedsProfile"
    what: str
    why: str
    how_long: str
    who_sees: str
    protection: str
    get_or_erase: str
    sensitive: bool = False
    where: str = "In the site's database."

    def rows(self) -> list[tuple[str, str]]:
        return [
            ("What it is", self.what),
            ("Why we keep it", self.why),
            ("Where", self.where),
            ("For how long", self.how_long),
            ("Who can see it", self.who_sees),
            ("How it is kept safe", self.protection),
            ("How to get a copy or remove it", self.get_or_erase),
        ]


DATA_KINDS: list[DataKind] = []


def data_kind(**fields: Any) -> DataKind:
    kind = DataKind(**fields)
    if any(k.name == kind.name for k in DATA_KINDS):
        raise ValueError(f"Two kinds of data are called {kind.name!r}.")
    DATA_KINDS.append(kind)
    return kind


def evidence_markdown() -> str:
    """docs/data-protection.md, from the same list as the page."""
    lines = [
        "# Data protection: what Us Together keeps",
        "",
        "For a data protection impact assessment (DPIA) and the NHS Data Security and",
        "Protection Toolkit (DSPT). Made by `manage.py data_protection_doc` from the list",
        "in `ustogether/*/personal_data.py`; a test fails if this file or that list is out",
        "of date, or if any table the site keeps is missing from it. The same list is on",
        "the site at /about/data-protection/.",
        "",
        "Backups: `manage.py backup FILE` and `manage.py restore FILE` (docs/backup.md).",
        "A person's own data: the profile page lets them get a copy (a page and a file)",
        "and close their account (core/tests/test_personal_data.py checks both).",
    ]
    for kind in DATA_KINDS:
        lines += [
            "",
            f"## {kind.name}" + (" (special category: private)" if kind.sensitive else ""),
        ]
        lines += ["", f"Tables: {', '.join(f'`{m}`' for m in kind.models)}", ""]
        lines += [f"- **{label}:** {value}" for label, value in kind.rows()]
    return "\n".join(lines) + "\n"
