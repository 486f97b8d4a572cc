"""Recording and reading audit events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ustogether.core.models import AuditEvent


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
