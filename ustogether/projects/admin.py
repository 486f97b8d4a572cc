from django.contrib import admin

from ustogether.projects.models import Membership, Project


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ("person",)
    readonly_fields = ("joined_at",)
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "visibility", "joining", "current_stage", "created_at")
    list_filter = ("visibility", "joining")
    search_fields = ("title",)
    raw_id_fields = ("created_by", "current_stage")
    inlines = [MembershipInline]
