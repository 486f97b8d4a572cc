"""Meeting pages: the list, one meeting, planning and changing it, cancelling, taking part.

Each view loads the project and meeting through meetings.access (which goes
through projects.access), then hands writes to services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from ustogether.core.forms import apply_errors, form_status
from ustogether.core.plaincheck import checked_form
from ustogether.people.http import person_of
from ustogether.projects.access import get_project_for_member

from . import checks, queries, services
from .access import MeetingAccess, get_meeting_for_member, organisation_role, with_invitee_from
from .forms import CancelForm, MeetingForm, WayForm
from .models import Invitee, Meeting, Venue

CHECKED_FIELDS = ["purpose", "already_decided", "can_change"]


@login_required
@require_GET
def meeting_list(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id)
    project = access.project
    now = timezone.now()
    meetings = list(
        project.meeting_set.select_related("venue").order_by("starts_at", "created_at", "id")
    )
    upcoming = [
        m
        for m in meetings
        if not m.is_cancelled
        and (m.starts_at is None or (m.ends_at is not None and m.ends_at > now))
    ]
    past = [m for m in meetings if not m.is_cancelled and m.ends_at and m.ends_at <= now]
    past.reverse()
    cancelled = [m for m in meetings if m.is_cancelled]
    return render(
        request,
        "meetings/list.html",
        {
            "access": access,
            "project": project,
            "upcoming": upcoming,
            "past": past,
            "cancelled": cancelled,
        },
    )


def _venues_for(project_organisation_id: int, current: Venue | None = None) -> list[Venue]:
    venues = list(
        Venue.objects.filter(organisation_id=project_organisation_id, archived_at__isnull=True)
    )
    if current is not None and current not in venues:
        venues.append(current)
    return venues


@login_required
def new(request: HttpRequest, project_id: int) -> HttpResponse:
    access = get_project_for_member(request.user, project_id, manage=True)
    project = access.project
    form, saving = checked_form(
        request,
        MeetingForm,
        CHECKED_FIELDS,
        organisation_id=project.organisation_id,
        venues=_venues_for(project.organisation_id),
    )
    if saving and form.is_valid():
        try:
            meeting = services.meeting_create(
                project=project, by=person_of(request), **form.meeting_fields()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The meeting is planned. Now ask people which times suit them.")
            )
            return redirect("meetings:poll_times", project_id=project.pk, pk=meeting.pk)
    return render(
        request,
        "meetings/edit.html",
        {
            "form": form,
            "project": project,
            "access": access,
            "meeting": None,
            "sees_venues": organisation_role(request.user, project.organisation) is not None,
        },
        status=form_status(form),
    )


@login_required
def edit(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    meeting = maccess.meeting
    project = meeting.project
    if meeting.is_cancelled:
        messages.error(request, _("This meeting is cancelled, so it cannot be changed."))
        return redirect("meetings:detail", project_id=project.pk, pk=meeting.pk)
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    initial["venue"] = meeting.venue_id
    form, saving = checked_form(
        request,
        MeetingForm,
        CHECKED_FIELDS,
        organisation_id=project.organisation_id,
        venues=_venues_for(project.organisation_id, meeting.venue),
        initial=initial,
    )
    if saving and form.is_valid():
        try:
            changed = services.meeting_update(
                meeting=meeting, by=person_of(request), **form.meeting_fields()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if services.NEWS_FIELDS & set(changed) and meeting.is_fixed:
                messages.success(
                    request, _("The meeting is saved. Everyone invited is told what changed.")
                )
            else:
                messages.success(request, _("The meeting is saved."))
            return redirect("meetings:detail", project_id=project.pk, pk=meeting.pk)
    return render(
        request,
        "meetings/edit.html",
        {
            "form": form,
            "project": project,
            "access": maccess.project_access,
            "meeting": meeting,
            "sees_venues": organisation_role(request.user, project.organisation) is not None,
        },
        status=form_status(form),
    )


def detail_context(maccess: MeetingAccess) -> dict[str, object]:
    meeting = maccess.meeting
    now = timezone.now()
    # Each paper comes marked with whether an Easy Read version is written here.
    papers = queries.live_papers_marked(meeting)
    invitees = queries.invitees_named(meeting)
    coming = [i.person_id for i in invitees if i.way != Invitee.Way.NOT_COMING]
    needs = queries.needs_matched(meeting, people=coming) if maccess.can_organise else None
    # The person's own invitation is among them: no query of its own (see access.py).
    maccess = with_invitee_from(maccess, invitees)
    ways = dict(Invitee.Way.choices)
    attended = dict(Invitee.Attended.choices)
    poll = getattr(meeting, "poll", None)  # loaded with the meeting by detail()
    paper_rows = [
        {
            "paper": p,
            "has_easy_read": p.has_easy_read,  # type: ignore[attr-defined]
            "late": meeting.starts_at is not None
            and checks.paper_is_late(
                sent_at=p.sent_at,
                starts_at=meeting.starts_at,
                papers_days=meeting.papers_days,
                now=now,
            ),
            "easy_read": [e for e in papers if e.easy_read_of_id == p.pk],
        }
        for p in papers
        if p.easy_read_of_id is None
    ]
    return {
        "access": maccess.project_access,
        "maccess": maccess,
        "project": meeting.project,
        "meeting": meeting,
        "flags": queries.meeting_flags(meeting, papers=papers, needs=needs, now=now),
        "needs": [(m, checks.describe_match(m)) for m in needs] if needs is not None else None,
        # Each item with its length in words ("20 minutes"), as a {% blocktranslate
        # count %} in the loop gave it: made here, as it cost more there than the item.
        "agenda": [
            (
                item,
                ngettext("%(counter)s minute", "%(counter)s minutes", item.minutes)
                % {"counter": item.minutes}
                if item.minutes
                else "",
            )
            for item in meeting.agenda.all()
        ],
        "paper_rows": paper_rows,
        "papers_due": checks.papers_due_at(meeting.starts_at, meeting.papers_days)
        if meeting.starts_at
        else None,
        "invitee_rows": [
            {
                "person": i.person,
                "way": str(ways.get(i.way, "")),
                "attended": str(attended.get(i.attended, "")),
            }
            for i in invitees
        ],
        "way_form": WayForm(meeting=meeting, initial={"way": maccess.invitee.way})
        if maccess.invitee and not meeting.is_cancelled
        else None,
        "poll": poll,
        "notes_due": checks.notes_due_on(meeting.ends_at, 10) if meeting.ends_at else None,
        "expenses": [
            str(label)
            for code, label in Meeting.Expense.choices
            if code in meeting.expenses_covered
        ],
        "has_ended": meeting.has_ended,
        "has_started": meeting.starts_at is not None and meeting.starts_at <= now,
    }


@login_required
@require_GET
def detail(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    maccess = get_meeting_for_member(
        request.user, project_id, pk, with_poll=True, find_invitee=False
    )
    return render(request, "meetings/detail.html", detail_context(maccess))


@login_required
@require_POST
def way(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    maccess = get_meeting_for_member(request.user, project_id, pk)
    meeting = maccess.meeting
    form = WayForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.invitee_set_way(
                meeting=meeting, person=person_of(request), way=form.cleaned_data["way"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. We have saved how you will take part."))
            return redirect("meetings:detail", project_id=project_id, pk=pk)
    context = detail_context(maccess)
    context["way_form"] = form
    return render(request, "meetings/detail.html", context, status=422)


@login_required
def cancel(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    meeting = maccess.meeting
    if meeting.is_cancelled:
        return redirect("meetings:detail", project_id=project_id, pk=pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                meeting=meeting, by=person_of(request), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The meeting is cancelled. Everyone invited is told."))
            return redirect("meetings:detail", project_id=project_id, pk=pk)
    return render(
        request,
        "meetings/cancel.html",
        {"form": form, "meeting": meeting, "project": meeting.project},
        status=form_status(form),
    )
