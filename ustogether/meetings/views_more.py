"""A meeting's needs and arrangements, agenda, papers, attendance, notes and letters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ustogether.core.forms import apply_errors, form_status
from ustogether.core.plaincheck import checked_form
from ustogether.people.http import person_of
from ustogether.plainlanguage import easyread

from . import checks, queries, services, services_papers
from .access import get_meeting_for_member
from .forms import AgendaItemForm, ArrangementForm, AttendanceForm, NotesForm, PaperForm
from .models import AgendaItem, Notification, Paper


@login_required
def needs(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    """What the people invited need, as counts, and how each need is met."""
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    meeting = maccess.meeting
    matches = queries.needs_matched(meeting)
    form = ArrangementForm(request.POST or None, needs=[m.need for m in matches])
    if request.method == "POST" and form.is_valid():
        try:
            services.arrangement_set(meeting=meeting, by=person_of(request), **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved. That need is marked as met."))
            return redirect("meetings:needs", project_id=project_id, pk=pk)
    arrangements = list(meeting.arrangements.select_related("met_by"))
    return render(
        request,
        "meetings/needs.html",
        {
            "form": form,
            "meeting": meeting,
            "project": meeting.project,
            "needs": [(m, checks.describe_match(m)) for m in matches],
            "arrangements": [(a, checks.need_label(a.need)) for a in arrangements],
        },
        status=form_status(form),
    )


@login_required
def agenda(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    meeting = maccess.meeting
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_papers.agenda_item_add(
                meeting=meeting, by=person_of(request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("It is on the list."))
            return redirect("meetings:agenda", project_id=project_id, pk=pk)
    return render(
        request,
        "meetings/agenda.html",
        {
            "form": form,
            "meeting": meeting,
            "project": meeting.project,
            "items": list(meeting.agenda.all()),
        },
        status=form_status(form),
    )


@login_required
@require_POST
def agenda_remove(request: HttpRequest, project_id: int, pk: int, item_id: int) -> HttpResponse:
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    item = get_object_or_404(AgendaItem, pk=item_id, meeting=maccess.meeting)
    try:
        services_papers.agenda_item_remove(item=item, by=person_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("It is off the list."))
    return redirect("meetings:agenda", project_id=project_id, pk=pk)


@login_required
def papers(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    meeting = maccess.meeting
    live = queries.live_papers(meeting)
    form = PaperForm(
        request.POST or None,
        request.FILES or None,
        papers=[p for p in live if p.easy_read_of_id is None],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_papers.paper_add(
                meeting=meeting,
                by=person_of(request),
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                easy_read_of=form.cleaned_data["easy_read_of"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The paper is uploaded. Send it when all the papers are ready.")
            )
            return redirect("meetings:papers", project_id=project_id, pk=pk)
    now = timezone.now()
    written = easyread.versions_for(live)
    rows = [
        {
            "paper": p,
            "has_easy_read": p.pk in written,
            "late": meeting.starts_at is not None
            and checks.paper_is_late(
                sent_at=p.sent_at,
                starts_at=meeting.starts_at,
                papers_days=meeting.papers_days,
                now=now,
            ),
        }
        for p in live
    ]
    return render(
        request,
        "meetings/papers.html",
        {
            "form": form,
            "meeting": meeting,
            "project": meeting.project,
            "rows": rows,
            "unsent": sum(1 for p in live if p.sent_at is None),
            "papers_due": checks.papers_due_at(meeting.starts_at, meeting.papers_days)
            if meeting.starts_at
            else None,
        },
        status=form_status(form),
    )


@login_required
@require_POST
def papers_send(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    try:
        count = services_papers.papers_send(meeting=maccess.meeting, by=person_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if count:
            messages.success(request, _("The papers are sent. Everyone invited is told."))
        else:
            messages.info(request, _("There were no new papers to send."))
    return redirect("meetings:papers", project_id=project_id, pk=pk)


@login_required
@require_POST
def paper_withdraw(request: HttpRequest, project_id: int, pk: int, paper_id: int) -> HttpResponse:
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    paper = get_object_or_404(Paper, pk=paper_id, meeting=maccess.meeting)
    services_papers.paper_withdraw(paper=paper, by=person_of(request))
    messages.success(request, _("The paper is taken off the meeting page. It is kept on record."))
    return redirect("meetings:papers", project_id=project_id, pk=pk)


@login_required
@require_GET
def paper_file(request: HttpRequest, project_id: int, pk: int, paper_id: int) -> FileResponse:
    """A paper, for the project's members only (uploads are never served directly)."""
    maccess = get_meeting_for_member(request.user, project_id, pk)
    paper = get_object_or_404(
        Paper, pk=paper_id, meeting=maccess.meeting, withdrawn_at__isnull=True
    )
    extension = (paper.file.name or "").rsplit(".", 1)[-1]
    response = FileResponse(
        paper.file.open("rb"),
        content_type=services_papers.paper_content_type(paper),
        as_attachment=extension != "pdf",
        filename=f"{paper.title[:80]}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def attendance(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    meeting = maccess.meeting
    invitees = list(meeting.invitees.select_related("person"))
    form = AttendanceForm(request.POST or None, invitees=invitees)
    if request.method == "POST" and form.is_valid():
        try:
            followed = services.attendance_record(
                meeting=meeting, by=person_of(request), attended=form.attended()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, " ".join([_("Saved who took part."), *followed]))
            return redirect("meetings:detail", project_id=project_id, pk=pk)
    return render(
        request,
        "meetings/attendance.html",
        {"form": form, "meeting": meeting, "project": meeting.project},
        status=form_status(form),
    )


@login_required
def notes(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    meeting = maccess.meeting
    form, saving = checked_form(
        request,
        NotesForm,
        ["notes"],
        organisation_id=meeting.project.organisation_id,
        initial={"notes": meeting.notes},
    )
    if saving and form.is_valid():
        try:
            services.meeting_write_notes(
                meeting=meeting, by=person_of(request), notes=form.cleaned_data["notes"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The notes are saved. Everyone in the project can read them.")
            )
            return redirect("meetings:detail", project_id=project_id, pk=pk)
    return render(
        request,
        "meetings/notes.html",
        {
            "form": form,
            "meeting": meeting,
            "project": meeting.project,
            "notes_due": checks.notes_due_on(meeting.ends_at, 10) if meeting.ends_at else None,
        },
        status=form_status(form),
    )


@login_required
@require_GET
def letters(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    """What must be sent by hand: letters, phone calls, word through a supporter."""
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    meeting = maccess.meeting
    waiting = list(
        meeting.notifications.filter(done_at__isnull=True)
        .exclude(channel=Notification.Channel.EMAIL)
        .select_related("person")
    )
    done = list(
        meeting.notifications.filter(done_at__isnull=False)
        .exclude(channel=Notification.Channel.EMAIL)
        .select_related("person", "done_by")
        .order_by("-done_at")[:50]
    )
    return render(
        request,
        "meetings/letters.html",
        {"meeting": meeting, "project": meeting.project, "waiting": waiting, "done": done},
    )


@login_required
@require_GET
def letter(request: HttpRequest, project_id: int, pk: int, notification_id: int) -> HttpResponse:
    """One letter, made to print (large print if asked)."""
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    meeting = maccess.meeting
    note = get_object_or_404(
        Notification.objects.select_related("person"),
        pk=notification_id,
        meeting=maccess.meeting,
    )
    return render(
        request,
        "meetings/letter.html",
        {
            "meeting": meeting,
            "project": meeting.project,
            "note": note,
            "person": note.person,
            "large": request.GET.get("large") == "1",
            "agenda": list(meeting.agenda.all()),
            "expenses": [
                str(label)
                for code, label in meeting.Expense.choices
                if code in meeting.expenses_covered
            ],
        },
    )


@login_required
@require_POST
def letter_done(
    request: HttpRequest, project_id: int, pk: int, notification_id: int
) -> HttpResponse:
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    note = get_object_or_404(
        Notification.objects.filter(~Q(channel=Notification.Channel.EMAIL)),
        pk=notification_id,
        meeting=maccess.meeting,
    )
    services.notification_done(notification=note, by=person_of(request))
    messages.success(request, _("Marked as done."))
    return redirect("meetings:letters", project_id=project_id, pk=pk)
