"""Recording and reading audit events."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction

from ustogether.core.models import AuditEvent

_redacting: ContextVar[bool] = ContextVar("audit_redaction", default=False)
# The PostgreSQL setting the trigger in core/migrations/0003 looks for.
REDACTION_SETTING = "ustogether.audit_redaction"


def record_event(
    scope: models.Model | None,
    verb: str,
    *,
    actor: Any,
    subject: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one entry in the audit log. `data` must never hold sensitive details."""
    event = AuditEvent(verb=verb, data=data or {})
    if actor is not None and getattr(actor, "is_authenticated", False):
        event.actor = actor
    if scope is not None:
        event.scope_type = ContentType.objects.get_for_model(scope)
        event.scope_id = scope.pk
    if subject is not None:
        event.subject_type = ContentType.objects.get_for_model(subject)
        event.subject_id = subject.pk
        event.subject_label = str(subject)[:200]
    event.save()
    return event


def events_for(scope: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        scope_type=ContentType.objects.get_for_model(scope), scope_id=scope.pk
    ).select_related("actor")


def failed_emails(objects: Sequence[models.Model], *, sent_at: str) -> dict[int, str]:
    """For each object whose latest email could not be sent: what went wrong.

    A failure counts only if it came after the object's `sent_at` (so an email
    sent again, and delivered, clears it)."""
    if not objects:
        return {}
    sent = {obj.pk: getattr(obj, sent_at) for obj in objects}
    events = AuditEvent.objects.filter(
        verb="email.failed",
        subject_type=ContentType.objects.get_for_model(objects[0]),
        subject_id__in=list(sent),
    ).order_by("created_at")
    return {
        e.subject_id: str(e.data.get("error", ""))
        for e in events
        if e.subject_id is not None and e.created_at >= sent[e.subject_id]
    }


def record_view(
    scope: models.Model | None, what: str, *, actor: Any, subject: models.Model
) -> None:
    """Record that someone saw sensitive data (access needs; later claims and receipts):
    who, whose, which kind, when; never the data itself."""
    record_event(scope, "sensitive.viewed", actor=actor, subject=subject, data={"what": what})


@dataclass
class Redaction:
    reason: str
    changed: int = 0
    deleted: int = 0


def redacting() -> bool:
    return _redacting.get()


def _set_database_flag(on: bool) -> None:
    if connection.vendor == "postgresql":
        # Only sets our own setting, with parameters; the ORM has no way to call set_config.
        with connection.cursor() as cursor:  # nosemgrep: ustogether-no-raw-sql
            # Local to this transaction: it ends with the block, even on an error.
            cursor.execute(
                "SELECT set_config(%s, %s, true)", [REDACTION_SETTING, "on" if on else "off"]
            )


@contextmanager
def audit_redaction(reason: str, *, actor: Any = None) -> Iterator[Redaction]:
    """The one sanctioned way to change or remove audit events, itself recorded.

    Closing an account takes the person's name out of labels; resetting the demo
    removes the demo's own history. Inside the block, code may change an event's
    label, data and actor, or delete it; on PostgreSQL the trigger still refuses any
    change to what happened, when, or to what. Callers count what they did in the
    Redaction they are given, and an "audit.redacted" event records it and why."""
    if not reason.strip():
        raise ValueError("Say why the audit log is being redacted.")
    with transaction.atomic():
        token = _redacting.set(True)
        _set_database_flag(True)
        try:
            redaction = Redaction(reason)
            yield redaction
        finally:
            _set_database_flag(False)
            _redacting.reset(token)
        record_event(
            None,
            "audit.redacted",
            actor=actor,
            data={
                "reason": reason,
                "changed": redaction.changed,
                "deleted": redaction.deleted,
            },
        )
