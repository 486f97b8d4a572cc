"""Your data, complete: every model with a link to a person is in the data download
and is cleared when the person closes their account, in every app, including
apps that land later (they say how in their personal_data.py; see
core.personal_data)."""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from typing import Any

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.test import Client
from django.urls import reverse

from ustogether.core import personal_data as registry
from ustogether.core.models import AuditEvent
from ustogether.core.testing import add_member, give_two_step, make_cast, make_person
from ustogether.people.services import person_data_export
from ustogether.projects.models import Membership, Perspective

# Rows the test cannot write its own values into, and why. Their real values are
# still looked for in the download.
NOT_SEEDED: dict[type[models.Model], str] = {
    AuditEvent: "the audit log refuses changes (on PostgreSQL a trigger stops them)",
}


def label(model: type[models.Model]) -> str:
    return model._meta.label


def test_every_model_linked_to_a_person_is_in_the_download_or_says_why_not() -> None:
    missing = [
        label(m)
        for m in registry.models_linked_to_a_person()
        if m not in registry.covered_by_export() and m not in registry.NOT_EXPORTED
    ]
    assert not missing, (
        f"These models link to a person but are in no section of the data download: {missing}. "
        "Add them to an @exporter in the app's personal_data.py, or say why not with "
        "not_exported(Model, reason=...)."
    )


def test_every_model_linked_to_a_person_has_an_example_for_these_tests() -> None:
    missing = [label(m) for m in registry.models_linked_to_a_person() if m not in registry.EXAMPLES]
    assert not missing, (
        f"These models link to a person but have no @example in their app's personal_data.py, "
        f"so nothing checks that their rows are downloaded and erased: {missing}"
    )


def test_every_reason_given_names_real_fields() -> None:
    for model, kept in registry.KEPT.items():
        names = {f.name for f in registry.text_fields(model)}
        assert set(kept.keeps_text) <= names, (label(model), set(kept.keeps_text) - names)
        assert kept.reason.strip()
    for e in registry.EXPORTERS:
        names = {f.name for m in e.models for f in registry.text_fields(m)}
        assert set(e.leaves_out) <= names, (e.name, set(e.leaves_out) - names)


def rows_mentioning(needle: str) -> list[tuple[str, tuple[object, ...]]]:
    """Every row, in every table of the database, with `needle` anywhere in it."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                if any(needle in str(value) for value in row):
                    hits.append((table, row))
    return hits


@pytest.fixture
def person_with_everything(settings: Any, tmp_path: Any) -> Any:
    """A person with at least one row in every model that links to a person, made by each
    app's @example, and a unique value written into each text field of those rows."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cast = make_cast()
    person = make_person("Tyler Quillon", email=f"tyler.{uuid.uuid4().hex[:8]}@example.org")
    add_member(cast.project, person, role=Membership.Role.CO_LEAD)
    assert cast.project.memberships.get(person=person).perspective == Perspective.LIVED_EXPERIENCE
    give_two_step(person)
    done = set()
    for model in registry.models_linked_to_a_person():
        function = registry.EXAMPLES.get(model)
        if function is not None and function not in done:
            done.add(function)
            function(person, cast)
    person.refresh_from_db()
    without_rows = [
        label(m)
        for m in registry.models_linked_to_a_person()
        if m in registry.EXAMPLES and not registry.rows_for(m, person).exists()
    ]
    assert not without_rows, f"These models' @example made no row for the person: {without_rows}"

    tag = uuid.uuid4().hex[:5]  # a canary must fit the shortest field (12)
    canaries: dict[str, tuple[type[models.Model], str]] = {}
    for model in registry.models_linked_to_a_person():
        if model in NOT_SEEDED:
            continue
        for pk in registry.rows_for(model, person).values_list("pk", flat=True):
            changes = {}
            for f in registry.text_fields(model):
                canary = f"Zq{tag}x{len(canaries):03d}"
                canaries[canary] = (model, f.name)
                changes[f.attname] = canary
            if changes:
                model._default_manager.filter(pk=pk).update(**changes)
    return person, cast, canaries


@pytest.mark.django_db
def test_the_download_holds_everything_linked_to_the_person_and_reads_as_a_page(
    person_with_everything: Any,
) -> None:
    person, _cast, _canaries = person_with_everything
    person.refresh_from_db()
    download = json.dumps(person_data_export(person=person), cls=DjangoJSONEncoder)
    missing: dict[str, set[str]] = defaultdict(set)
    for model in registry.models_linked_to_a_person():
        left_out = registry.leaves_out(model)
        for row in registry.rows_for(model, person):
            for f in registry.text_fields(model):
                value = getattr(row, f.attname)
                if value and f.name not in left_out and json.dumps(value)[1:-1] not in download:
                    missing[label(model)].add(f.name)
    assert not missing, (
        "The data download leaves out these fields of rows linked to the person. Add them to "
        f"the app's @exporter, or to its leaves_out with a reason: {dict(missing)}"
    )

    client = Client()
    client.force_login(person)
    page = client.get(reverse("people:download"))
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    for e in registry.EXPORTERS:
        assert e.title in html.replace("&#x27;", "'"), e.title
    # What the person typed shows on the page too, not only in the file.
    needs = person.needs
    for value in (person.phone, person.postal_address, needs.other_needs, needs.dietary_needs):
        assert value.startswith("Zq") and value in html
    as_file = client.get(reverse("people:download"), {"format": "json"})
    assert as_file["Content-Disposition"] == 'attachment; filename="us-together-my-data.json"'
    assert json.loads(as_file.content)["needs"]["other_needs"].startswith("Zq")


@pytest.mark.django_db
def test_closing_the_account_leaves_what_the_person_typed_nowhere(
    person_with_everything: Any,
) -> None:
    person, _cast, canaries = person_with_everything
    person.refresh_from_db()
    client = Client()
    client.force_login(person)
    closed = client.post(reverse("people:close"), {"confirm": "yes"})
    assert closed.status_code == 302 and closed["Location"] == reverse("home")

    left: dict[str, set[str]] = defaultdict(set)
    tables = {m._meta.db_table: m for m in registry.models_linked_to_a_person()}
    for canary, (model, name) in canaries.items():
        kept = registry.KEPT.get(model)
        for table, _row in rows_mentioning(canary):
            allowed = kept is not None and name in kept.keeps_text and tables.get(table) is model
            if not allowed:
                left[f"{label(model)}.{name}"].add(table)
    assert not left, (
        "After closing the account, what the person typed is still here (field: tables). "
        "Blank it in person_erase or an @eraser, or keep it with a reason in "
        f"kept_after_closing(..., keeps_text=...): {dict(left)}"
    )
    rows_left = [
        label(m)
        for m in registry.models_linked_to_a_person()
        if m not in registry.KEPT and registry.rows_for(m, person).exists()
    ]
    assert not rows_left, (
        f"Rows linked to the person are still here after they closed their account: {rows_left}. "
        "Delete them when the account closes, or say why they stay with kept_after_closing()."
    )
