from django.contrib import admin

from ustogether.payments.models import Claim, Policy


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("organisation", "days_to_pay", "updated_at")


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    """For system administrators only; everyone else uses the claim pages."""

    list_display = ("pk", "organisation", "project", "status", "activity_date", "due_on")
    list_filter = ("status",)
    readonly_fields = ("status", "submitted_at", "approved_at", "due_on")
