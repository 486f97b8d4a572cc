"""The admin site is for system administrators only. Access and communication
needs are deliberately not registered here: nobody but the person sees them."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from ustogether.people.models import Organisation, OrganisationMembership, Person


@admin.register(Person)
class PersonAdmin(UserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "is_staff", "date_joined")
    search_fields = ("email", "full_name", "preferred_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "preferred_name", "pronouns", "contact_by")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ("groups",)
    list_filter = ("is_active", "is_staff")


class StaffInline(admin.TabularInline):
    model = OrganisationMembership
    raw_id_fields = ("person",)
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "created_at")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [StaffInline]
