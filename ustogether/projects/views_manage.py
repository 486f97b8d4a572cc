"""Pages where co-leads look after the project: one member's role or removal, and closing it.

Each view loads the project through projects.access, then hands writes to services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ustogether.core.forms import apply_errors, form_status
from ustogether.core.plaincheck import checked_form
from ustogether.people.http import person_of
from ustogether.projects import services
from ustogether.projects.access import ProjectAccess, get_project_for_member
from ustogether.projects.forms import CloseForm, RemoveMemberForm, RoleForm
from ustogether.projects.models import Membership


def _member_page(
    request: HttpRequest,
    access: ProjectAccess,
    membership: Membership,
    remove_form: RemoveMemberForm,
) -> HttpResponse:
    return render(
        request,
        "projects/member.html",
        {
            "access": access,
            "project": access.project,
            "membership": membership,
            "role_form": RoleForm(initial={"role": membership.role}),
            "remove_form": remove_form,
            "is_self": membership.person_id == request.user.pk,
        },
        status=form_status(remove_form),
    )


def _load_member(access: ProjectAccess, membership_id: int) -> Membership:
    return get_object_or_404(
        access.project.memberships.select_related("person", "stage_joined"),
        pk=membership_id,
        left_at__isnull=True,
    )


@login_required
def member(request: HttpRequest, project_id: int, membership_id: int) -> HttpResponse:
    """A co-lead changes one member's role, or removes them with a reason."""
    access = get_project_for_member(request.user, project_id, manage=True)
    membership = _load_member(access, membership_id)
    return _member_page(request, access, membership, RemoveMemberForm())


@login_required
@require_POST
def remove(request: HttpRequest, project_id: int, membership_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    membership = _load_member(access, membership_id)
    form = RemoveMemberForm(request.POST)
    if form.is_valid():
        try:
            services.membership_remove(
                membership=membership, by=person_of(request), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(name)s is no longer a member. We have emailed them your reason. "
                    "What they did in the project stays on record."
                )
                % {"name": membership.person.display_name},
            )
            return redirect("projects:members", project_id=project_id)
    return _member_page(request, access, membership, form)


@login_required
def close(request: HttpRequest, project_id: int) -> HttpResponse:
    """Close a finished project with a summary, or open a closed one again."""
    access = get_project_for_member(request.user, project_id, manage=True)
    project = access.project
    if request.method == "POST" and "reopen" in request.POST:
        services.project_reopen(project=project, by=person_of(request))
        messages.success(request, _("The project is open again."))
        return redirect("projects:detail", project_id=project.pk)
    form, saving = checked_form(
        request, CloseForm, ["summary"], organisation_id=project.organisation_id
    )
    if saving and not project.is_closed and form.is_valid():
        try:
            services.project_close(
                project=project, by=person_of(request), summary=form.cleaned_data["summary"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The project is closed. We have sent members your summary.")
            )
            return redirect("projects:detail", project_id=project.pk)
    return render(
        request,
        "projects/close.html",
        {"form": form, "project": project, "access": access},
        status=form_status(form),
    )
