"""Project pages. Each view loads the project through projects.access, then hands writes to services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ustogether.core.audit import events_for
from ustogether.core.dates import day_month_year_time
from ustogether.core.forms import apply_errors, form_status
from ustogether.core.plaincheck import checked_form
from ustogether.people.http import person_of
from ustogether.people.models import Organisation, OrganisationMembership, Person
from ustogether.people.services import owns_verified_email
from ustogether.projects import queries, services
from ustogether.projects.access import get_project_for_member, get_project_for_viewer
from ustogether.projects.forms import (
    InvitationForm,
    JoinForm,
    ProjectCreateForm,
    ProjectEditForm,
    RoleForm,
    StagesForm,
)
from ustogether.projects.models import Invitation, Membership, Perspective
from ustogether.projects.views_agreement import agreement_points


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.public_projects(), 25).get_page(request.GET.get("page"))
    return render(request, "projects/public_list.html", {"page": page})


@login_required
def new(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    organisations = Organisation.objects.filter(
        pk__in=OrganisationMembership.objects.in_force()
        .filter(
            person=person,
            role__in=[OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.LEAD],
        )
        .values("organisation_id")
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
                time_needed=data["time_needed"],
                meetings=data["meetings"],
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
    context: dict[str, object] = {"access": access, "project": project}
    agreement = queries.current_agreement(
        project, signed_by=person_of(request) if access.is_member else None
    )
    context["agreement"] = agreement
    if not access.is_member:
        context["agreement_points"] = agreement_points(agreement)
    if access.can_see_members_area:
        people = queries.project_people(project)
        context["stages"] = people.stages
        context["member_count"] = len(people.active)
        context["flags"] = queries.power_sharing_flags(project, people, agreement=agreement)
        context["needs_signature"] = (
            agreement is not None
            and access.is_member
            and not getattr(agreement, "viewer_signed", False)
        )
    else:
        context["stages"] = queries.project_stages(project)
        context["member_count"] = queries.member_count(project)
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
        "time_needed": project.time_needed,
        "meetings": project.meetings,
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
                time_needed=data["time_needed"],
                meetings=data["meetings"],
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
    people = queries.project_people(project, with_person=True)
    # Choice labels are translated once for the page, not once for every row.
    roles = dict(Membership.Role.choices)
    perspectives = dict(Perspective.choices)
    rows = [
        {
            "membership": m,
            "name": m.person.display_name,
            # Made here rather than by {% url %} in each row, which cost more to render.
            "change_url": (
                reverse("projects:member", args=[project.pk, m.pk]) if access.can_manage else ""
            ),
            "role": str(roles[m.role]),
            "perspective": str(perspectives[m.perspective]),
            "joined_late": queries.joined_late(m, people.first_stage),
        }
        for m in people.active
    ]
    return render(
        request,
        "projects/members.html",
        {
            "access": access,
            "project": project,
            "rows": rows,
            "flags": queries.power_sharing_flags(project, people),
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
    if project.is_closed:
        messages.error(request, _("This project is closed, so nobody can join it now."))
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
    agreement = queries.current_agreement(project)
    return render(
        request,
        "projects/join.html",
        {
            "form": form,
            "project": project,
            "agreement": agreement,
            "agreement_points": agreement_points(agreement),
        },
        status=form_status(form),
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
    agreement = queries.current_agreement(project)
    return render(
        request,
        "projects/invitation.html",
        {
            "invitation": invitation,
            "project": project,
            "agreement": agreement,
            "agreement_points": agreement_points(agreement),
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
@require_GET
def events(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id)
    # Only the columns the table shows, as plain tuples: not each event's data (JSON,
    # decoded row by row) nor the rest of each person's row, and no model objects,
    # which cost more to make for 50 rows than the rest of the page's query.
    events_shown = events_for(access.project).values_list(
        "created_at",
        "verb",
        "subject_label",
        "actor_id",
        "actor__preferred_name",
        "actor__full_name",
        "actor__email",
    )
    if not access.can_manage:
        # Who was invited, and who said no, is for the co-leads only.
        events_shown = events_shown.exclude(verb__in=queries.CO_LEAD_ONLY_EVENTS)
    page = Paginator(events_shown, 50).get_page(request.GET.get("page"))
    events = list(page.object_list)
    # Each kind of event's label is translated once for the page, not once for every row.
    labels = {verb: queries.event_label(verb) for verb in {event[1] for event in events}}
    nobody = _("The system")
    # Each row's four cells as text, made here: looking each one up through the
    # template's variables and filters cost more than a tenth of a plain page for 50 rows.
    rows = [
        {
            "when": day_month_year_time(created_at),
            "who": (Person.name_to_show(preferred, full, email) if actor_id else "") or nobody,
            "what": labels[verb],
            "on": subject_label,
        }
        for created_at, verb, subject_label, actor_id, preferred, full, email in events
    ]
    return render(
        request,
        "projects/events.html",
        {"project": access.project, "access": access, "page": page, "rows": rows},
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
                dates=form.dates(),
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
