"""The audit log: who did what, when, to what, within which project or organisation.

Every write in Us Together goes through a service function that calls
`record_event`, so that a project's co-leads can see its history.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Raised on any change to an audit event outside `core.audit.audit_redaction`."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Events are only ever added. On PostgreSQL a trigger (migration 0003) refuses
    UPDATE and DELETE as well, whatever code or person tries it."""

    def update(self, **kwargs: Any) -> int:
        _require_redaction()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        _require_redaction()
        return super().delete()


def _require_redaction() -> None:
    from ustogether.core.audit import redacting

    if not redacting():
        raise AuditLogIsAppendOnly(
            "The audit log is append-only. Change it only through core.audit.audit_redaction."
        )


class AuditEvent(models.Model):
    # The scope is the project or organisation the event belongs to: pages that
    # show "this project's events" filter on it. It is generic because core sits
    # below the apps that define projects and organisations.
    scope_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    scope_id = models.PositiveBigIntegerField(null=True, blank=True)
    scope = GenericForeignKey("scope_type", "scope_id")

    verb = models.CharField(max_length=80)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    # A short, readable description of the subject at the time, so the log
    # still reads well if the subject changes later. Never sensitive data.
    subject_label = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["scope_type", "scope_id", "-created_at"])]
        verbose_name = _("audit event")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _require_redaction()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _require_redaction()
        return super().delete(*args, **kwargs)
