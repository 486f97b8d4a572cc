from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ustogether.core.audit import failed_emails, record_view
from ustogether.core.forms import apply_errors, form_status
from ustogether.core.vocabulary import AccessFeature, CommunicationFormat
from ustogether.people import services
from ustogether.people.forms import NeedsForm, OrganisationForm, ProfileForm, StaffForm
from ustogether.people.http import person_of
from ustogether.people.models import (
    NeedsProfile,
    Organisation,
    OrganisationMembership,
    StaffInvitation,
    has_two_step,
)
from ustogether.projects.access import visible_projects
from ustogether.projects.queries import projects_for_person, waiting_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    memberships = list(projects_for_person(person))
    roles = list(
        OrganisationMembership.objects.filter(person=person)
        .with_in_force()
        .select_related("organisation")
    )
    for r in roles:
        r.waiting_for_two_step = not r.is_in_force  # type: ignore[attr-defined]
    can_start = any(
        r.role in (OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.LEAD)
        and r.is_in_force  # type: ignore[attr-defined]
        for r in roles
    )
    return render(
        request,
        "people/home.html",
        {
            "memberships": memberships,
            "organisation_roles": roles,
            "can_start": can_start,
            "waiting": waiting_for(person),
        },
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    needs = (
        NeedsProfile.objects.filter(person=person)
        .prefetch_related("access_needs", "communication_needs")
        .first()
    )
    # Shown in the vocabulary's order, the same order as on the form.
    access: list[str] = []
    communication: list[str] = []
    if needs is not None:
        record_view(person, "access_needs", actor=request.user, subject=person)
        access = [
            str(label) for code, label in AccessFeature.choices if code in needs.access_features
        ]
        communication = [
            str(label)
            for code, label in CommunicationFormat.choices
            if code in needs.communication_formats
        ]
    return render(
        request,
        "people/profile.html",
        {
            "person": person,
            "needs": needs,
            "access": access,
            "communication": communication,
            "two_step": has_two_step(person),
        },
    )


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update_profile(
                person=person,
                by=person,
                **{name: form.cleaned_data[name] for name in services.PROFILE_FIELDS},
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("people:profile")
    status = form_status(form)
    return render(request, "people/profile_edit.html", {"form": form}, status=status)


@login_required
def needs_edit(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    existing = NeedsProfile.objects.filter(person=person).first()
    initial = {}
    if existing is not None:
        record_view(person, "access_needs", actor=request.user, subject=person)
        initial = {
            "access_features": existing.access_features,
            "communication_formats": existing.communication_formats,
            "interpreter_language": existing.interpreter_language,
            "dietary_needs": existing.dietary_needs,
            "other_needs": existing.other_needs,
            "consent": True,
        }
    form = NeedsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_save_needs(person=person, by=person, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your needs are saved. You can change them at any time."))
            return redirect("people:profile")
    status = form_status(form)
    return render(
        request, "people/needs_edit.html", {"form": form, "existing": existing}, status=status
    )


@login_required
def needs_remove(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    if request.method == "POST":
        services.person_remove_needs(person=person, by=person)
        messages.success(request, _("We have removed your access and communication needs."))
        return redirect("people:profile")
    return render(request, "people/needs_remove.html")


@login_required
def organisation_new(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(by=person, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your organisation is added. You are its admin."))
            return redirect("people:organisation", slug=organisation.slug)
    status = form_status(form)
    return render(request, "people/organisation_new.html", {"form": form}, status=status)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    role = services.organisation_role(request.user, organisation)  # type: ignore[arg-type]
    is_admin = role == OrganisationMembership.Role.ADMIN
    form = StaffForm(request.POST or None) if is_admin else None
    if request.method == "POST":
        if not is_admin or form is None:
            raise PermissionDenied("Only an organisation's admins can add staff.")
        if form.is_valid():
            try:
                added = services.organisation_add_staff(
                    organisation=organisation, by=person_of(request), **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if isinstance(added, StaffInvitation):
                    # The same words whether or not the address has an account.
                    messages.success(
                        request,
                        _("We have emailed %(email)s. They get their role when they say yes.")
                        % {"email": added.email},
                    )
                else:
                    messages.success(request, _("Their role is saved."))
                return redirect("people:organisation", slug=slug)
    waiting = (
        list(organisation.staff_invitations.filter(status=StaffInvitation.Status.PENDING))
        if is_admin
        else []
    )
    failures = failed_emails(waiting, sent_at="sent_at")
    for invitation in waiting:
        invitation.failure = failures.get(invitation.pk)  # type: ignore[attr-defined]
    staff = (
        organisation.staff.select_related("person").order_by("person__full_name") if role else None
    )
    status = 422 if form is not None and form.errors else 200
    waiting_role = None
    if request.user.is_authenticated and role is None:
        waiting_role = (
            OrganisationMembership.objects.filter(organisation=organisation, person=request.user)
            .exclude(pk__in=OrganisationMembership.objects.in_force().values("pk"))
            .first()
        )
    return render(
        request,
        "people/organisation.html",
        {
            "organisation": organisation,
            "role": role,
            "waiting_role": waiting_role,
            "staff": staff,
            "waiting": waiting,
            "failed": [w for w in waiting if w.failure],  # type: ignore[attr-defined]
            "now": timezone.now(),
            "form": form,
            "projects": visible_projects(request.user, organisation).order_by("title"),
        },
        status=status,
    )


@login_required
@require_POST
def staff_invitation_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    invitation = get_object_or_404(organisation.staff_invitations, pk=pk)
    services.staff_invitation_cancel(invitation=invitation, by=person_of(request))
    messages.success(
        request,
        _("The invitation to %(email)s is cancelled.") % {"email": invitation.email},
    )
    return redirect("people:organisation", slug=slug)


def staff_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page a staff invitation email links to. Only the address's owner can say yes."""
    invitation = get_object_or_404(
        StaffInvitation.objects.select_related("organisation", "invited_by"), token=token
    )
    person = person_of(request) if request.user.is_authenticated else None
    is_theirs = person is not None and services.owns_verified_email(person, invitation.email)
    if request.method == "POST" and invitation.is_open:
        try:
            if "decline" in request.POST and (person is None or is_theirs):
                services.staff_invitation_decline(invitation=invitation, person=person)
                messages.success(
                    request, _("You said no to this invitation. Thank you for letting us know.")
                )
                return redirect("people:home" if person else "home")
            if "accept" in request.POST and person is not None and is_theirs:
                services.staff_invitation_accept(invitation=invitation, person=person)
                messages.success(
                    request,
                    _("You are now %(role)s at %(organisation)s.")
                    % {
                        "role": invitation.get_role_display().lower(),
                        "organisation": invitation.organisation.name,
                    },
                )
                return redirect("people:organisation", slug=invitation.organisation.slug)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("people:staff_invitation", token=token)
    return render(
        request,
        "people/staff_invitation.html",
        {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "is_theirs": is_theirs,
            "signed_in_as_someone_else": person is not None and not is_theirs,
        },
    )


@login_required
def download(request: HttpRequest) -> HttpResponse:
    """Everything we keep about the person: a page to read, or (format=json) a file."""
    person = person_of(request)
    record_view(person, "all_their_data", actor=request.user, subject=person)
    if request.GET.get("format") == "json":
        data = services.person_data_export(person=person)
        response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
        response["Content-Disposition"] = 'attachment; filename="us-together-my-data.json"'
        return response
    from ustogether.core.personal_data import readable_sections

    return render(request, "people/my_data.html", {"sections": readable_sections(person)})


@login_required
def close_account(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            return render(request, "people/close.html", {"error": True}, status=422)
        services.person_erase(person=person, by=person)
        logout(request)
        messages.success(request, _("Your account is closed and your details are removed."))
        return redirect("home")
    return render(request, "people/close.html", {"error": False})


def two_step_guide(request: HttpRequest) -> HttpResponse:
    """A plain-language guide to two-step sign-in, for anyone, signed in or not."""
    return render(request, "people/two_step_guide.html")
