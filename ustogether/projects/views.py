"""Project pages. Each view loads the project through projects.access, then hands writes to services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ustogether.core.audit import events_for
from ustogether.core.forms import apply_errors, form_status
from ustogether.core.plaincheck import checked_form
from ustogether.people.http import person_of
from ustogether.people.models import Organisation, OrganisationMembership
from ustogether.people.services import owns_verified_email
from ustogether.projects import queries, services
from ustogether.projects.access import get_project_for_member, get_project_for_viewer
from ustogether.projects.forms import (
    AgreementForm,
    InvitationForm,
    JoinForm,
    ProjectCreateForm,
    ProjectEditForm,
    RoleForm,
    StagesForm,
)
from ustogether.projects.models import Invitation


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.public_projects(), 25).get_page(request.GET.get("page"))
    return render(request, "projects/public_list.html", {"page": page})


@login_required
def new(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    organisations = Organisation.objects.filter(
        staff__person=person,
        staff__role__in=[OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.LEAD],
    ).order_by("name")
    if not organisations.exists():
        return render(request, "projects/new_needs_organisation.html")
    initial = {"organisation": request.GET.get("organisation") or organisations[0].pk}
    form, saving = checked_form(
        request, ProjectCreateForm, ["purpose"], organisations=organisations, initial=initial
    )
    if saving and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_create(
                organisation=data["organisation"],
                by=person,
                title=data["title"],
                purpose=data["purpose"],
                perspective=data["perspective"],
                visibility=data["visibility"],
                joining=data["joining"],
                needed_perspectives=form.needed_perspectives(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your project has started. Now invite people to join it."))
            return redirect("projects:detail", project_id=project.pk)
    return render(request, "projects/new.html", {"form": form}, status=form_status(form))


def detail(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_viewer(request.user, project_id)
    project = access.project
    context = {
        "access": access,
        "project": project,
        "stages": list(project.stages.all()),
        "member_count": project.memberships.filter(left_at__isnull=True).count(),
    }
    if access.can_see_members_area:
        context["flags"] = queries.power_sharing_flags(project)
        agreement = queries.current_agreement(project)
        context["agreement"] = agreement
        context["needs_signature"] = (
            agreement is not None
            and access.is_member
            and not agreement.signatures.filter(person=person_of(request)).exists()
        )
    return render(request, "projects/detail.html", context)


@login_required
def edit(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    project = access.project
    initial = {
        "title": project.title,
        "purpose": project.purpose,
        "visibility": project.visibility,
        "joining": project.joining,
        "current_stage": project.current_stage_id,
        "invitation_days": project.invitation_days,
    }
    form, saving = checked_form(
        request,
        ProjectEditForm,
        ["purpose"],
        organisation_id=project.organisation_id,
        project=project,
        initial=initial,
    )
    if saving and form.is_valid():
        data = form.cleaned_data
        try:
            services.project_update(
                project=project,
                by=person_of(request),
                title=data["title"],
                purpose=data["purpose"],
                visibility=data["visibility"],
                joining=data["joining"],
                current_stage=data["current_stage"],
                needed_perspectives=form.needed_perspectives(),
                invitation_days=data["invitation_days"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The project is saved."))
            return redirect("projects:detail", project_id=project.pk)
    return render(
        request, "projects/edit.html", {"form": form, "project": project}, status=form_status(form)
    )


@login_required
@require_GET
def members(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id)
    project = access.project
    first_stage = project.stages.order_by("order").first()
    rows = [
        {"membership": m, "joined_late": queries.joined_late(m, first_stage)}
        for m in queries.active_members(project)
    ]
    return render(
        request,
        "projects/members.html",
        {
            "access": access,
            "project": project,
            "rows": rows,
            "flags": queries.power_sharing_flags(project),
            "role_form": RoleForm(),
        },
    )


@login_required
@require_POST
def change_role(request: HttpRequest, project_id: int, membership_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    membership = get_object_or_404(
        access.project.memberships, pk=membership_id, left_at__isnull=True
    )
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(
                membership=membership, by=person_of(request), role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s is now a %(role)s.")
                % {
                    "name": membership.person.display_name,
                    "role": membership.get_role_display().lower(),
                },
            )
    else:
        messages.error(request, _("Choose a role."))
    return redirect("projects:members", project_id=project_id)


@login_required
def join(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_viewer(request.user, project_id)
    project = access.project
    if access.is_member:
        return redirect("projects:detail", project_id=project.pk)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_join(
                project=project,
                person=person_of(request),
                perspective=form.cleaned_data["perspective"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("You have joined the project. Welcome."))
            return redirect("projects:detail", project_id=project.pk)
    return render(
        request, "projects/join.html", {"form": form, "project": project}, status=form_status(form)
    )


@login_required
def leave(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id)
    if access.membership is None:
        return redirect("projects:detail", project_id=project_id)
    error = None
    if request.method == "POST":
        try:
            services.membership_leave(membership=access.membership, by=person_of(request))
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            messages.success(
                request, _("You have left the project. What you said stays on record.")
            )
            return redirect("people:home")
    return render(
        request,
        "projects/leave.html",
        {"project": access.project, "error": error},
        status=422 if error else 200,
    )


@login_required
def invite(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    project = access.project
    form, saving = checked_form(
        request, InvitationForm, ["message"], organisation_id=project.organisation_id
    )
    if saving and form.is_valid():
        try:
            invitation = services.invitation_create(
                project=project, by=person_of(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("We have sent an invitation to %(email)s.") % {"email": invitation.email}
            )
            return redirect("projects:invite", project_id=project.pk)
    invitations = list(project.invitations.select_related("invited_by")[:50])
    failures = queries.failed_invitation_emails(invitations)
    for inv in invitations:
        inv.failure = failures.get(inv.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "projects/invite.html",
        {
            "form": form,
            "project": project,
            "invitations": invitations,
            "failed": [inv for inv in invitations if inv.failure],  # type: ignore[attr-defined]
        },
        status=form_status(form),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, project_id: int, invitation_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    invitation = get_object_or_404(access.project.invitations, pk=invitation_id)
    services.invitation_withdraw(invitation=invitation, by=person_of(request))
    messages.success(
        request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
    )
    return redirect("projects:invite", project_id=project_id)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation email links to. Only the owner of the address can say yes;
    anyone with the link can say no, without an account."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("project__organisation", "invited_by"), token=token
    )
    project = invitation.project
    person = person_of(request) if request.user.is_authenticated else None
    is_theirs = person is not None and owns_verified_email(person, invitation.email)
    form = JoinForm(request.POST or None, initial={"perspective": invitation.perspective or None})
    if request.method == "POST" and invitation.is_open and (person is None or is_theirs):
        if "decline" in request.POST:
            try:
                services.invitation_decline(invitation=invitation, person=person)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("projects:invitation", token=token)
            messages.success(
                request, _("You said no to this invitation. Thank you for letting us know.")
            )
            return redirect("people:home" if person else "home")
        if person is not None and form.is_valid():
            try:
                services.invitation_accept(
                    invitation=invitation,
                    person=person,
                    perspective=form.cleaned_data["perspective"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("You have joined the project. Welcome."))
                return redirect("projects:detail", project_id=project.pk)
    return render(
        request,
        "projects/invitation.html",
        {
            "invitation": invitation,
            "project": project,
            "form": form,
            "is_theirs": is_theirs,
            "signed_in_as_someone_else": person is not None and not is_theirs,
        },
        status=form_status(form),
    )


@login_required
@require_POST
def resend(request: HttpRequest, project_id: int, invitation_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    invitation = get_object_or_404(access.project.invitations, pk=invitation_id)
    try:
        services.invitation_resend(invitation=invitation, by=person_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("We have sent the invitation to %(email)s again.") % {"email": invitation.email},
        )
    return redirect("projects:invite", project_id=project_id)


@login_required
def agreement(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id)
    project = access.project
    current = queries.current_agreement(project)
    if request.method == "POST":
        if current is None or str(current.pk) != request.POST.get("version"):
            messages.error(
                request,
                _(
                    "The agreement has changed since you opened it. Read the new version, then sign."
                ),
            )
            return redirect("projects:agreement", project_id=project.pk)
        try:
            services.agreement_sign(version=current, person=person_of(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You have signed the agreement."))
        return redirect("projects:agreement", project_id=project.pk)
    signed_ids = set(current.signatures.values_list("person_id", flat=True)) if current else set()
    active = list(queries.active_members(project))
    return render(
        request,
        "projects/agreement.html",
        {
            "access": access,
            "project": project,
            "agreement": current,
            "signed": [m for m in active if m.person_id in signed_ids],
            "not_signed": [m for m in active if m.person_id not in signed_ids],
            "member_total": len(active),
            "has_signed": request.user.pk in signed_ids,
            "versions": project.agreement_versions.select_related("written_by")[:20],
        },
    )


@login_required
def agreement_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, write_agreement=True)
    project = access.project
    current = queries.current_agreement(project)
    initial = (
        {name: getattr(current, name) for name in services.AGREEMENT_SECTIONS}
        if current
        else {"purpose": project.purpose}
    )
    form, saving = checked_form(
        request,
        AgreementForm,
        services.AGREEMENT_SECTIONS,
        organisation_id=project.organisation_id,
        initial=initial,
    )
    if saving and form.is_valid():
        try:
            services.agreement_write(project=project, by=person_of(request), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The agreement is saved. Everyone will be asked to read and sign it again."),
            )
            return redirect("projects:agreement", project_id=project.pk)
    return render(
        request,
        "projects/agreement_edit.html",
        {"form": form, "project": project, "agreement": current},
        status=form_status(form),
    )


@login_required
@require_GET
def events(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    page = Paginator(events_for(access.project), 50).get_page(request.GET.get("page"))
    rows = [
        {"event": event, "label": queries.event_label(event.verb)} for event in page.object_list
    ]
    return render(
        request, "projects/events.html", {"project": access.project, "page": page, "rows": rows}
    )


@login_required
def stages(request: HttpRequest, project_id: int) -> HttpResponse:
    """Co-leads name the project's stages and add new ones."""
    access = get_project_for_member(request.user, project_id, manage=True)
    project = access.project
    form = StagesForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.stages_update(
                project=project,
                by=person_of(request),
                names=form.names(),
                new_name=form.cleaned_data["new_name"],
                new_kind=form.cleaned_data["new_kind"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The stages are saved."))
            return redirect("projects:detail", project_id=project.pk)
    return render(
        request,
        "projects/stages.html",
        {"form": form, "project": project},
        status=form_status(form),
    )
