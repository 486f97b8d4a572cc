"""Decision pages: the log, the timeline of one decision, and the co-leads' writes."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ustogether.contributions.models import Contribution
from ustogether.contributions.passing_on import LIMIT, ToPassOn
from ustogether.core.choices import label
from ustogether.core.forms import apply_errors, form_status
from ustogether.core.paging import page_of
from ustogether.core.plaincheck import checked_form
from ustogether.decisions import services
from ustogether.decisions.forms import DecisionForm, LinkForm, UpdateForm
from ustogether.decisions.models import Decision, News
from ustogether.meetings.models import Meeting
from ustogether.people.http import person_of
from ustogether.people.models import Person
from ustogether.projects.access import (
    ProjectAccess,
    get_project_for_member,
    get_project_for_viewer,
)
from ustogether.projects.models import Membership, Project

PAGE_SIZE = 25
# How many recent contributions a co-lead can pick from on one page.
CHOOSABLE = 200
CHOOSABLE_MEETINGS = 30


def _visible(access: ProjectAccess) -> QuerySet[Decision]:
    decisions = Decision.objects.filter(project=access.project)
    if not access.can_see_members_area:
        decisions = decisions.filter(published_at__isnull=False)
    return decisions


def _decision(access: ProjectAccess, pk: int) -> Decision:
    decision = get_object_or_404(_visible(access).select_related("created_by", "meeting"), pk=pk)
    decision.project = access.project
    return decision


def _choosable(access: ProjectAccess) -> QuerySet[Contribution]:
    ids = list(
        Contribution.objects.filter(project=access.project, hidden_at__isnull=True)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[:CHOOSABLE]
    )
    return Contribution.objects.filter(pk__in=ids).order_by("-created_at", "-id")


def _meetings(access: ProjectAccess) -> QuerySet[Meeting]:
    """The project's meetings a decision can be made at: started, not cancelled, the
    most recent first."""
    ids = list(
        Meeting.objects.filter(
            project=access.project, status=Meeting.Status.FIXED, starts_at__lte=timezone.now()
        )
        .order_by("-starts_at", "-id")
        .values_list("pk", flat=True)[:CHOOSABLE_MEETINGS]
    )
    return Meeting.objects.filter(pk__in=ids).order_by("-starts_at", "-id")


def _meeting_asked(request: HttpRequest, access: ProjectAccess) -> Meeting | None:
    """The meeting in `?meeting=`: one of this project's that has started, or a 404."""
    asked = request.GET.get("meeting", "")
    if not asked:
        return None
    if not asked.isdigit():
        raise Http404("No such meeting.")
    return get_object_or_404(_meetings(access), pk=int(asked))


def _people(access: ProjectAccess) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=access.project.memberships.values("person_id")).order_by(
        "full_name"
    )


@require_GET
def decision_list(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_viewer(request.user, project_id)
    decisions = (
        _visible(access)
        .annotate(
            informed=Count("links", filter=Q(links__contribution__hidden_at__isnull=True)),
            signed=Count("sign_offs", distinct=True),
        )
        .order_by("-decided_on", "-id")
    )
    page = page_of(decisions, PAGE_SIZE, request.GET.get("page"))
    return render(
        request,
        "decisions/list.html",
        {"access": access, "project": access.project, "page": page},
    )


def detail(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    """The timeline: what people said, the decision, who agreed it, what happened since."""
    access = get_project_for_viewer(request.user, project_id)
    decision = _decision(access, pk)
    sign_offs = list(decision.sign_offs.select_related("person"))
    progress = services.sign_off_progress(sign_offs)
    contributions = Contribution.objects.filter(
        decision_links__decision=decision, hidden_at__isnull=True
    ).select_related("author")
    if not access.can_see_members_area:
        contributions = contributions.filter(sharing=Contribution.Sharing.PUBLIC)
    viewer = person_of(request) if request.user.is_authenticated else None
    said = [
        {"c": c, "author": c.author_shown_to(viewer) if access.can_see_members_area else ""}
        for c in contributions.order_by("created_at")
    ]
    is_co_lead = access.membership is not None and access.membership.role == Membership.Role.CO_LEAD
    context = {
        "access": access,
        "project": access.project,
        "decision": decision,
        "participants": list(decision.participants.select_related("person"))
        if access.can_see_members_area
        else [],
        "participant_count": decision.participants.count(),
        "sign_offs": [(s, services.side_of(s.perspective)) for s in sign_offs],
        "still_needed": progress.still_needed() if decision.needs_joint_sign_off else [],
        "can_sign": is_co_lead
        and all(s.person_id != access.person.pk for s in sign_offs)  # type: ignore[union-attr]
        and not decision.is_published,
        "updates": list(decision.updates.select_related("by")),
        "said": said,
    }
    if access.can_manage:
        context["update_form"] = UpdateForm(initial={"status": decision.status})
    return render(request, "decisions/detail.html", context)


@login_required
def new(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    project = access.project
    initial: dict[str, object] = {}
    if request.GET.get("contribution", "").isdigit():
        initial["informed_by"] = [int(request.GET["contribution"])]
    at = _meeting_asked(request, access)
    if at is not None:
        # Decided at a meeting: who took part starts as who was there.
        initial["meeting"] = at.pk
        initial["participants"] = [p.pk for p in services.who_was_there(at)]
        if at.starts_at is not None:
            initial["decided_on"] = timezone.localdate(at.starts_at)
    form, saving = checked_form(
        request,
        DecisionForm,
        ["details", "options", "dissent"],
        organisation_id=project.organisation_id,
        people=_people(access),
        contributions=_choosable(access),
        meetings=_meetings(access),
        from_meeting=at is not None,
        initial=initial,
    )
    if saving and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_create(
                project=project,
                by=person_of(request),
                title=data["title"],
                details=data["details"],
                decided_on=data["decided_on"],
                method=data["method"],
                options=data["options"],
                votes_for=data["votes_for"],
                votes_against=data["votes_against"],
                votes_abstained=data["votes_abstained"],
                dissent=data["dissent"],
                participants=list(data["participants"]),
                informed_by=list(data["informed_by"]),
                meeting=data.get("meeting"),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if decision.is_published:
                messages.success(request, _("The decision is saved and shown."))
            else:
                messages.success(
                    request,
                    _("The decision is saved as a draft. It is shown when the co-leads agree it."),
                )
            return redirect("decisions:detail", project_id=project.pk, pk=decision.pk)
    return render(
        request,
        "decisions/new.html",
        {"access": access, "project": project, "form": form},
        status=form_status(form),
    )


@login_required
@require_POST
def sign(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    decision = _decision(access, pk)
    try:
        services.decision_sign_off(decision=decision, by=person_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        decision.refresh_from_db()
        messages.success(
            request,
            _("You agreed it. It is now shown.")
            if decision.is_published
            else _("You agreed it. It still needs another co-lead."),
        )
    return redirect("decisions:detail", project_id=project_id, pk=pk)


@login_required
@require_POST
def update(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    decision = _decision(access, pk)
    form = UpdateForm(request.POST)
    if form.is_valid():
        try:
            services.decision_update(
                decision=decision,
                by=person_of(request),
                status=form.cleaned_data["status"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The news is saved. People who helped are being told."))
            return redirect("decisions:detail", project_id=project_id, pk=pk)
    # The form again, with what was typed and what to put right.
    return render(
        request,
        "decisions/update_error.html",
        {"access": access, "project": access.project, "decision": decision, "update_form": form},
        status=422,
    )


@login_required
def link(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    decision = _decision(access, pk)
    already = decision.links.values("contribution_id")
    form = LinkForm(request.POST or None, contributions=_choosable(access).exclude(pk__in=already))
    if request.method == "POST" and form.is_valid():
        try:
            answered = services.decision_link(
                decision=decision,
                by=person_of(request),
                contributions=list(form.cleaned_data["contributions"]),
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Linked. %(n)d of them were answered.") % {"n": len(answered)},
            )
            return redirect("decisions:detail", project_id=project_id, pk=pk)
    return render(
        request,
        "decisions/link.html",
        {"access": access, "project": access.project, "decision": decision, "form": form},
        status=form_status(form),
    )


@login_required
@require_GET
def export(request: HttpRequest, project_id: int) -> HttpResponse:
    """Every decision with its status, for the project's members."""
    access = get_project_for_member(request.user, project_id)
    decisions = (
        _visible(access)
        .select_related("meeting")
        .annotate(
            informed=Count("links", distinct=True), people=Count("participants", distinct=True)
        )
        .order_by("decided_on", "id")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="decisions-project-{access.project.pk}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            "id",
            "decided on",
            "meeting",
            "what was decided",
            "details",
            "how",
            "votes for",
            "votes against",
            "did not vote",
            "views of people who did not agree",
            "people who took part",
            "contributions that helped",
            "shown",
            "status",
            "why dropped",
        ]
    )
    for d in decisions:
        writer.writerow(
            [
                d.pk,
                d.decided_on.isoformat(),
                _safe(d.meeting.title) if d.meeting else "",
                _safe(d.title),
                _safe(d.details),
                d.get_method_display(),
                d.votes_for if d.votes_for is not None else "",
                d.votes_against if d.votes_against is not None else "",
                d.votes_abstained if d.votes_abstained is not None else "",
                _safe(d.dissent),
                d.people,
                d.informed,
                "yes" if d.is_published else "draft",
                d.get_status_display(),
                _safe(d.dropped_reason),
            ]
        )
    return response


def _safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@login_required
@require_POST
def news_told(request: HttpRequest, project_id: int, news_id: int) -> HttpResponse:
    """A co-lead told someone news of a decision by post or phone: as contributions:told."""
    access = get_project_for_member(request.user, project_id, manage=True)
    news = get_object_or_404(
        News.objects.select_related("decision"), decision__project=access.project, pk=news_id
    )
    news.decision.project = access.project
    services.news_mark_told(news=news, by=person_of(request))
    messages.success(request, _("Marked as told."))
    return redirect("contributions:list", project_id=project_id)


def news_to_tell(project: Project) -> QuerySet[News]:
    """News of decisions someone still has to pass on by post or phone."""
    return (
        News.objects.filter(decision__project=project, told_at__isnull=True, person__is_active=True)
        .select_related("decision")
        .order_by("created_at", "id")
    )


def news_to_pass_on(project: Project) -> list[ToPassOn]:
    """The news to pass on, for the co-leads' list (see contributions.passing_on)."""
    return [
        ToPassOn(
            link=reverse("contributions:detail", args=[project.pk, n.contribution_id]),
            link_text=_("Contribution %(n)s") % {"n": n.contribution_id},
            what=_("news of the decision “%(title)s”") % {"title": n.decision.title},
            how=label(n, "tell_by"),  # core.choices: cheaper per row
            told_url=reverse("decisions:news_told", args=[project.pk, n.pk]),
            hidden=_("news of “%(title)s”") % {"title": n.decision.title},
        )
        # Only the columns used above: the whole decision (its details and options
        # too) cost more to read than the rest of the list.
        for n in news_to_tell(project).only(
            "contribution_id", "tell_by", "decision", "decision__title"
        )[:LIMIT]
    ]
