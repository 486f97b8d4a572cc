"""Contribution pages. Each loads the project through projects.access, checks
contributions.rules, then hands writes to services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from ustogether.contributions import queries, rules, services
from ustogether.contributions.forms import (
    ContributionForm,
    ReasonForm,
    ReplyForm,
    ResponseForm,
    RulesForm,
)
from ustogether.contributions.models import Contribution, Response
from ustogether.contributions.passing_on import to_pass_on
from ustogether.core.forms import apply_errors, form_status
from ustogether.core.paging import page_of
from ustogether.core.plaincheck import checked_form
from ustogether.people.http import person_of
from ustogether.people.models import Person
from ustogether.projects.access import (
    ProjectAccess,
    get_project_for_member,
    get_project_for_viewer,
)
from ustogether.projects.models import Membership

PAGE_SIZE = 25
FILTERS = {
    "all": gettext_lazy("All"),
    "waiting": gettext_lazy("Waiting for an answer"),
    "overdue": gettext_lazy("Late"),
    "answered": gettext_lazy("Answered"),
    "hidden": gettext_lazy("Hidden"),
}


def _contribution(access: ProjectAccess, pk: int) -> Contribution:
    """One contribution of this project, if the person may see it; else a 404."""
    contribution = get_object_or_404(
        Contribution.objects.select_related(
            "author", "recorded_by", "hidden_by", "meeting", "agenda_item"
        ),
        project=access.project,
        pk=pk,
    )
    contribution.project = access.project
    if not rules.can_see(access, contribution):
        raise Http404("No such contribution.")
    return contribution


@login_required
@require_GET
def contribution_list(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id)
    project = access.project
    show = request.GET.get("show", "all")
    if show not in FILTERS or (show == "hidden" and not access.can_manage):
        show = "all"
    contributions = queries.visible_to(access)
    if show == "waiting":
        contributions = contributions.awaiting()
    elif show == "overdue":
        contributions = contributions.overdue()
    elif show == "answered":
        contributions = contributions.shown().filter(state=Contribution.State.ANSWERED)
    elif show == "hidden":
        contributions = contributions.filter(hidden_at__isnull=False)
    page = page_of(queries.for_list(contributions), PAGE_SIZE, request.GET.get("page"))
    person = person_of(request)
    rows = [{"c": c, "author": c.author_shown_to(person)} for c in page.object_list]
    filters = [
        (key, label) for key, label in FILTERS.items() if key != "hidden" or access.can_manage
    ]
    return render(
        request,
        "contributions/list.html",
        {
            "access": access,
            "project": project,
            "page": page,
            "rows": rows,
            "show": show,
            "filters": filters,
            "figures": queries.figures(project),
            "to_tell": list(queries.to_tell(project)[:50]) if access.can_manage else [],
            "to_pass_on": to_pass_on(project) if access.can_manage else [],
            "can_contribute": rules.can_contribute(access),
            "keep": f"show={show}",
        },
    )


def _new(request: HttpRequest, project_id: int, *, on_behalf: bool) -> HttpResponse:
    access = get_project_for_member(request.user, project_id)
    project = access.project
    if not rules.can_contribute(access):
        if project.is_closed:
            raise PermissionDenied(_("This project is closed, so it takes no new contributions."))
        raise PermissionDenied(_("Observers can read contributions but not add them."))
    person = person_of(request)
    members = project.memberships.filter(left_at__isnull=True).exclude(person=person)
    form, saving = checked_form(
        request,
        ContributionForm,
        ["text"],
        organisation_id=project.organisation_id,
        person=person,
        on_behalf=on_behalf,
        members=_people(members),
        meetings=queries.meetings_to_choose(project),
        files=request.FILES or None,
    )
    if saving:
        if form.is_valid():
            data = form.cleaned_data
            try:
                contribution = services.contribution_create(
                    project=project,
                    by=person,
                    kind=data["kind"],
                    text=data["text"],
                    file=form.checked_file if data["kind"] in services.FILE_KIND_FOR else None,
                    description=data["description"],
                    transcript=data["transcript"],
                    topic=data["topic"],
                    sharing=data["sharing"],
                    anonymous=data["anonymous"],
                    route=data.get("route", Contribution.Route.ONLINE),
                    on_behalf_of=data.get("on_behalf_of"),
                    author_name=data.get("author_name", ""),
                    consent=data.get("consent", False),
                    created_at=_start_of(data.get("said_on")),
                    meeting=form.meeting,
                    agenda_item=form.agenda_item,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you. It is saved, and the team will answer it."),
                )
                return redirect("contributions:detail", project_id=project.pk, pk=contribution.pk)
        if form.errors:
            form.hold_file()
    return render(
        request,
        "contributions/new.html",
        {
            "access": access,
            "project": project,
            "form": form,
            "on_behalf": on_behalf,
            "held_name": form.held_file_name(),
        },
        status=form_status(form),
    )


def _people(memberships: QuerySet[Membership]) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=memberships.values("person_id")).order_by("full_name")


def _start_of(day: dt.date | None) -> dt.datetime | None:
    """Something said on an earlier day counts from midday then; today's from now."""
    if day is None:
        return None
    if day == timezone.localdate():
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


@login_required
def new(request: HttpRequest, project_id: int) -> HttpResponse:
    return _new(request, project_id, on_behalf=False)


@login_required
def new_on_behalf(request: HttpRequest, project_id: int) -> HttpResponse:
    return _new(request, project_id, on_behalf=True)


def _detail_context(
    request: HttpRequest, access: ProjectAccess, contribution: Contribution
) -> dict[str, object]:
    person = person_of(request) if request.user.is_authenticated else None
    responses = list(contribution.responses.select_related("by"))
    replies = list(contribution.replies.all())
    decisions = list(
        contribution.decisions.all()
        if access.can_see_members_area
        else contribution.decisions.filter(published_at__isnull=False)
    )
    own = rules.is_own(person, contribution)
    return {
        "access": access,
        "project": access.project,
        "contribution": contribution,
        "author": contribution.author_shown_to(person),
        # Who recorded an anonymous contribution would point to who said it.
        "show_recorder": contribution.on_behalf and (not contribution.anonymous or own),
        "responses": responses,
        "replies": replies,
        "decisions": decisions,
        "moderations": list(contribution.moderations.select_related("by"))
        if access.can_manage
        else [],
        "can_answer": rules.can_answer(access) and not contribution.is_hidden,
        "can_reply": rules.can_reply(access, contribution) and bool(responses),
        "can_moderate": rules.can_moderate(access),
        "is_own": own,
        "is_overdue": contribution.is_overdue(),
        "response_form": None,
        "reply_form": None,
    }


def detail(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    access = get_project_for_viewer(request.user, project_id)
    contribution = _contribution(access, pk)
    context = _detail_context(request, access, contribution)
    if context["can_answer"]:
        context["response_form"] = checked_form(
            request, ResponseForm, ["text"], organisation_id=access.project.organisation_id
        )[0]
    if context["can_reply"]:
        context["reply_form"] = ReplyForm()
    return render(request, "contributions/detail.html", context)


@login_required
def respond(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    contribution = _contribution(access, pk)
    form, saving = checked_form(
        request, ResponseForm, ["text"], organisation_id=access.project.organisation_id
    )
    if saving and form.is_valid():
        try:
            services.contribution_respond(
                contribution=contribution,
                by=person_of(request),
                outcome=form.cleaned_data["outcome"],
                text=form.cleaned_data["text"],
                come_back_by=form.cleaned_data["come_back_by"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your answer is saved, and they are being told."))
            return redirect("contributions:detail", project_id=project_id, pk=pk)
    if request.method == "GET":
        return redirect("contributions:detail", project_id=project_id, pk=pk)
    context = _detail_context(request, access, contribution)
    context["response_form"] = form
    return render(request, "contributions/detail.html", context, status=form_status(form))


@login_required
@require_POST
def reply(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    access = get_project_for_viewer(request.user, project_id)
    contribution = _contribution(access, pk)
    if not rules.can_reply(access, contribution):
        raise PermissionDenied(_("Only the person who made this contribution can reply to it."))
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.contribution_reply(
                contribution=contribution, by=person_of(request), text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your reply is sent. The team will answer again."))
            return redirect("contributions:detail", project_id=project_id, pk=pk)
    context = _detail_context(request, access, contribution)
    context["reply_form"] = form
    return render(request, "contributions/detail.html", context, status=422)


def _moderate(request: HttpRequest, project_id: int, pk: int, *, hide: bool) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    contribution = _contribution(access, pk)
    if contribution.is_hidden == hide:
        return redirect("contributions:detail", project_id=project_id, pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = services.contribution_hide if hide else services.contribution_show
        try:
            action(
                contribution=contribution, by=person_of(request), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("It is hidden. Nothing was deleted, and they have been told.")
                if hide
                else _("It is shown again."),
            )
            return redirect("contributions:detail", project_id=project_id, pk=pk)
    return render(
        request,
        "contributions/moderate.html",
        {
            "access": access,
            "project": access.project,
            "contribution": contribution,
            "form": form,
            "hide": hide,
            "author": contribution.author_shown_to(person_of(request)),
        },
        status=form_status(form),
    )


@login_required
def hide(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    return _moderate(request, project_id, pk, hide=True)


@login_required
def show(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    return _moderate(request, project_id, pk, hide=False)


@login_required
@require_POST
def told(request: HttpRequest, project_id: int, response_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    response = get_object_or_404(
        Response.objects.select_related("contribution"),
        contribution__project=access.project,
        pk=response_id,
    )
    services.response_mark_told(response=response, by=person_of(request))
    messages.success(request, _("Marked as told."))
    return redirect("contributions:list", project_id=project_id)


@require_GET
def file(request: HttpRequest, project_id: int, pk: int) -> FileResponse:
    """A contribution's file, for those who may see the contribution."""
    access = get_project_for_viewer(request.user, project_id)
    contribution = _contribution(access, pk)
    if not contribution.file:
        raise Http404("No file.")
    # Pictures and sound play in the page; documents are downloaded, never opened here.
    inline = contribution.file_type.startswith(("image/", "audio/"))
    response = FileResponse(
        contribution.file.open("rb"),
        content_type=contribution.file_type,
        as_attachment=not inline,
        filename=contribution.file_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def settings(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    project = access.project
    current = services.rules_for(project)
    form = RulesForm(
        request.POST or None,
        initial={"response_days": current.response_days, "joint_sign_off": current.joint_sign_off},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rules_update(
                project=project,
                by=person_of(request),
                response_days=form.cleaned_data["response_days"],
                joint_sign_off=form.cleaned_data["joint_sign_off"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("contributions:list", project_id=project.pk)
    return render(
        request,
        "contributions/settings.html",
        {"access": access, "project": project, "form": form},
        status=form_status(form),
    )


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    page = Paginator(queries.with_responses(queries.mine(person)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {"c": c, "author": c.author_shown_to(person), "responses": list(c.responses.all())}
        for c in page.object_list
    ]
    return render(request, "contributions/mine.html", {"page": page, "rows": rows})
