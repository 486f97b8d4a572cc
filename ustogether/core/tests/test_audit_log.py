"""The audit log cannot be rewritten, and records who saw sensitive data, who signed
in, who failed to, and who was refused."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from ustogether.core.audit import audit_redaction, record_event
from ustogether.core.models import AuditEvent, AuditLogIsAppendOnly
from ustogether.core.testing import PASSWORD, make_cast, make_person
from ustogether.people import services

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's"
)


def an_event() -> AuditEvent:
    person = make_person("Ada Audit")
    return record_event(person, "person.example", actor=person, subject=person)


def test_the_site_cannot_change_or_delete_an_audit_event() -> None:
    event = an_event()
    event.verb = "something.else"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(subject_label="changed")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    event.refresh_from_db()
    assert event.verb == "person.example"


@on_postgresql
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditevent SET verb = 'x' WHERE id = %s",
        "UPDATE core_auditevent SET subject_label = 'x' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ],
)
def test_the_database_refuses_any_change_to_an_audit_event(sql: str) -> None:
    event = an_event()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, verb="person.example", subject_label="Ada Audit")


@on_postgresql
def test_a_redaction_changes_labels_but_never_what_happened() -> None:
    event = an_event()
    with audit_redaction("A test takes a name out."), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET subject_label = 'a former member' WHERE id = %s",
            [event.pk],
        )
        with pytest.raises(DatabaseError, match="only the label"), transaction.atomic():
            cursor.execute("UPDATE core_auditevent SET verb = 'x' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert (event.subject_label, event.verb) == ("a former member", "person.example")
    # Once the redaction is over, the trigger refuses again.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])


def test_a_redaction_is_itself_recorded_with_its_reason() -> None:
    event = an_event()
    with audit_redaction("A test takes a name out.") as redaction:
        event.subject_label = "a former member"
        event.save(update_fields=["subject_label"])
        redaction.changed += 1
    record = AuditEvent.objects.filter(verb="audit.redacted").latest("id")
    assert record.data == {"reason": "A test takes a name out.", "changed": 1, "deleted": 0}
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(ValueError):  # noqa: SIM117 - the block must not even start
        with audit_redaction(" "):
            pass


def test_closing_an_account_redacts_through_the_one_way_and_says_so() -> None:
    cast = make_cast()
    services.person_update_profile(person=cast.member, by=cast.member, pronouns="he/him")
    assert AuditEvent.objects.filter(subject_label="Mo Member").exists()
    services.person_erase(person=cast.member, by=cast.member)
    redaction = AuditEvent.objects.filter(verb="audit.redacted").latest("id")
    assert "closed their account" in redaction.data["reason"]
    assert redaction.data["changed"] >= 1
    assert not AuditEvent.objects.filter(subject_label__icontains="Mo Member").exists()


def test_seeing_access_needs_is_recorded_without_the_needs() -> None:
    person = make_person("Nia Needs")
    services.person_save_needs(
        person=person,
        by=person,
        consent=True,
        access_features=["step_free"],
        communication_formats=[],
        other_needs="Needs a quiet room after 3pm",
    )
    client = Client()
    client.force_login(person)
    for name in ("people:profile", "people:needs", "people:download"):
        assert client.get(reverse(name)).status_code == 200
    views = AuditEvent.objects.filter(verb="sensitive.viewed", actor=person, subject_id=person.pk)
    assert sorted(e.data["what"] for e in views) == [
        "access_needs",
        "access_needs",
        "all_their_data",
    ]
    for event in views:
        assert "quiet room" not in str(event.data) + event.subject_label
        assert "step_free" not in str(event.data)


def test_signing_in_failing_to_and_being_refused_are_recorded() -> None:
    cast = make_cast()
    client = Client()
    login = reverse("account_login")
    client.post(login, {"login": cast.member.email, "password": "not-the-password"})
    failed = AuditEvent.objects.filter(verb="person.sign_in_failed").latest("id")
    assert failed.subject_id == cast.member.pk and failed.actor is None
    assert "not-the-password" not in str(failed.data) + failed.subject_label

    client.post(login, {"login": "nobody-here@example.org", "password": "whatever-it-is"})
    unknown = AuditEvent.objects.filter(verb="person.sign_in_failed").latest("id")
    assert unknown.subject_id is None and "nobody-here" not in str(unknown.data)

    client.post(login, {"login": cast.member.email, "password": PASSWORD})
    assert AuditEvent.objects.filter(verb="person.signed_in", actor=cast.member).exists()

    response = client.get(reverse("projects:edit", args=[cast.project.pk]))
    assert response.status_code == 403
    refused = AuditEvent.objects.filter(verb="access.refused").latest("id")
    assert refused.actor == cast.member
    assert refused.data == {"page": "projects:edit", "method": "GET"}
