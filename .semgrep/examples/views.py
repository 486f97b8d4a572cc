# Examples that each rule must find (`ruleid:`) or must not (`ok:`), checked by
# bin/check-semgrep on every run. Named views.py so the view rule looks at it too.
from django.db import connection
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.csrf import csrf_exempt

from ustogether.projects.access import get_project_for_member
from ustogether.projects.models import Membership, Project


def shows_what_they_typed(text):
    # ruleid: ustogether-no-mark-safe
    return mark_safe("<p>" + text + "</p>")


def shows_it_as_trusted_text(text):
    # ruleid: ustogether-no-mark-safe
    return SafeString(text)


def shows_it_escaped(text):
    # ok: ustogether-no-mark-safe
    return format_html("<p>{}</p>", text)


def fixed_markup():
    # ok: ustogether-no-mark-safe
    return mark_safe("<br>")


def counts_by_hand(project_id):
    # ruleid: ustogether-no-raw-sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM projects_project WHERE id = %s", [project_id])


def sorts_by_hand():
    # ruleid: ustogether-no-raw-sql
    Project.objects.raw("SELECT * FROM projects_project")
    # ruleid: ustogether-no-raw-sql
    Project.objects.all().extra(where=["id > 3"])
    # ruleid: ustogether-no-raw-sql
    return Project.objects.annotate(n=RawSQL("SELECT 1", []))


# ruleid: ustogether-no-csrf-exempt
@csrf_exempt
def webhook(request):
    return None


# ruleid: ustogether-no-csrf-exempt
hook = csrf_exempt(webhook)

attributes = {
    # ruleid: ustogether-htmx-attribute-without-data
    "hx-post": "/check-my-writing/fragment/",
    # ok: ustogether-htmx-attribute-without-data
    "data-hx-target": "#plain-purpose",
}


def member_page(request, project_id, membership_id):
    # ruleid: ustogether-unscoped-load-in-view
    membership = get_object_or_404(Membership, pk=membership_id)
    # ruleid: ustogether-unscoped-load-in-view
    project = Project.objects.get(pk=project_id)
    return membership, project


def member_page_scoped(request, project_id, membership_id):
    access = get_project_for_member(request.user, project_id)
    # ok: ustogether-unscoped-load-in-view
    membership = get_object_or_404(access.project.memberships, pk=membership_id)
    return membership


def member_page_scoped_by_its_project(request, project_id, membership_id):
    access = get_project_for_member(request.user, project_id)
    # ok: ustogether-unscoped-load-in-view
    return get_object_or_404(Membership, pk=membership_id, project=access.project)


def member_page_scoped_by_a_number_too(request, project_id, membership_id):
    # ruleid: ustogether-unscoped-load-in-view
    return get_object_or_404(Membership, pk=membership_id, project_id=project_id)


def my_memberships(request, project_id):
    # ok: ustogether-unscoped-load-in-view
    return Membership.objects.filter(person=request.user)


def proposal_page(request, project_id, proposal_id):
    # ruleid: ustogether-unscoped-load-in-view
    return get_object_or_404(Membership.objects.select_related("project"), pk=proposal_id)
