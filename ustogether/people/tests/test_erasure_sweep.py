"""The sweep after closing an account: what is left in the audit log and the admin's log.

Each test pins one rule of `people.erasure`: which strings count as the person's
identity, the order they are taken out in, and every place they are taken out of.
"""

from __future__ import annotations

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from ustogether.core.audit import record_event
from ustogether.core.models import AuditEvent
from ustogether.core.testing import make_person
from ustogether.people import services
from ustogether.people.erasure import Identity, identity_of
from ustogether.people.models import Person

pytestmark = pytest.mark.django_db


def quentin() -> Person:
    """Someone whose preferred name and email name are exactly 4 letters long."""
    person = make_person("Quentin Arbuckle", email="qzxy@example.org")
    person.preferred_name = "Zoya"
    person.save()
    return person


def test_names_of_exactly_four_letters_are_looked_for() -> None:
    needles = identity_of(quentin()).needles
    assert "Zoya" in needles  # the shortest name that is looked for
    assert "qzxy" in needles  # the part of the email before the @, also 4 letters
    # Shorter is too common to hunt for as text.
    assert Identity(
        person_id=1, emails=frozenset({"abc@x.org"}), words=frozenset({"Mo"})
    ).needles == ["abc@x.org"]


def test_the_longest_names_are_looked_for_first() -> None:
    needles = identity_of(quentin()).needles
    assert [len(n) for n in needles] == sorted((len(n) for n in needles), reverse=True)
    assert needles[-1] in {"Zoya", "qzxy"}


def test_closing_takes_the_persons_names_out_of_the_audit_data() -> None:
    person = quentin()
    event = record_event(
        None,
        "test.note",
        actor=None,
        data={"said": "Zoya", "to": "qzxy@example.org", "from": "qzxy", "kept": "blue"},
    )

    services.person_erase(person=person, by=person)

    event.refresh_from_db()
    # The whole email goes as one, not its first part and then "@example.org" left behind.
    assert event.data == {
        "said": "a former member",
        "to": "a former member",
        "from": "a former member",
        "kept": "blue",
    }


def test_an_audit_label_with_nothing_behind_it_keeps_its_words_without_the_name() -> None:
    person = quentin()
    # What the event was about is gone; only its label is left.
    event = AuditEvent.objects.create(verb="test.gone", subject_label="Quentin Arbuckle's note")

    services.person_erase(person=person, by=person)

    event.refresh_from_db()
    assert event.subject_label == "A former member's note"


def test_closing_takes_the_persons_names_out_of_the_admins_log() -> None:
    person = quentin()
    admin = make_person()
    entry = LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr="Quentin Arbuckle",
        action_flag=CHANGE,
        change_message="Changed the phone of Quentin Arbuckle.",
    )

    services.person_erase(person=person, by=person)

    entry.refresh_from_db()
    assert entry.object_repr == "A former member"
    assert entry.change_message == "Changed the phone of a former member."
