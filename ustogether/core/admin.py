from django.contrib import admin
from django.http import HttpRequest

from ustogether.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is never edited."""

    list_display = ("created_at", "verb", "actor", "subject_label")
    list_filter = ("verb",)
    search_fields = ("verb", "subject_label")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
