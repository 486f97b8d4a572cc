"""Finding a date together: the poll, adding times, and fixing the date with its checks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ustogether.core.forms import apply_errors, form_status
from ustogether.people.http import person_of

from . import checks, queries, scheduling, services
from .access import get_meeting_for_member, with_invitee_from
from .forms import FixDateForm, PollAnswerForm, PollTimesForm
from .models import CandidateTime, DatePoll


@login_required
def poll(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    # The meeting with its poll in one query, and the person's invitation picked from
    # everyone's (loaded below anyway): two queries fewer on a busy page.
    maccess = get_meeting_for_member(
        request.user, project_id, pk, with_poll=True, find_invitee=False
    )
    meeting = maccess.meeting
    the_poll: DatePoll | None = getattr(meeting, "poll", None)
    if the_poll is None:
        if maccess.can_organise:
            return redirect("meetings:poll_times", project_id=project_id, pk=pk)
        messages.info(request, _("There is no date poll for this meeting yet."))
        return redirect("meetings:detail", project_id=project_id, pk=pk)
    invitees = queries.poll_invitees(meeting)
    maccess = with_invitee_from(maccess, invitees)
    person = person_of(request)
    times = list(the_poll.times.filter(withdrawn_at__isnull=True))
    # All the answers, once: the tallies, the person's own, who answered and the notes.
    answers = queries.live_answers(times)
    given = {
        time_id: (answer, note)
        for time_id, person_id, answer, note in answers
        if person_id == person.pk
    }
    form = None
    if maccess.is_invited and the_poll.is_open and not meeting.is_cancelled:
        form = PollAnswerForm(request.POST or None, times=times, given=given)
        if request.method == "POST" and form.is_valid():
            try:
                services.poll_answer(
                    poll=the_poll, person=person, answers=form.cleaned_data["answers"]
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your answers are saved. You can change them until the date is fixed."
                    ),
                )
                return redirect("meetings:poll", project_id=project_id, pk=pk)
    elif request.method == "POST":
        messages.error(request, _("This poll is not taking answers now."))
        return redirect("meetings:poll", project_id=project_id, pk=pk)
    weights = {
        i.person_id: scheduling.weight_for(i.perspective)  # type: ignore[attr-defined]
        for i in invitees  # (`perspective`: see poll_invitees)
    }
    ranking = scheduling.rank(
        scheduling.tally_answers(
            [scheduling.Candidate(id=t.pk, starts_at=t.starts_at) for t in times],
            [(time_id, person_id, answer) for time_id, person_id, answer, _note in answers],
            weights,
        )
    )
    by_id = {t.pk: t for t in times}
    invited, answered = len(invitees), len({person_id for _t, person_id, _a, _n in answers})
    rows = []
    notes: dict[int, list[str]] = {}
    names: dict[int, str] = {}
    if maccess.can_organise:
        for time_id, _person_id, _answer, note in answers:
            if note:
                notes.setdefault(time_id, []).append(note)
        names = queries.names_of({p for tally in ranking for p in tally.cannot_come}, invitees)
    for place, tally in enumerate(ranking):
        time = by_id.get(tally.candidate.id)
        if time is None:
            continue
        rows.append(
            {
                "time": time,
                "when": _row_label(time),
                "tally": tally,
                "best": place == 0 and answered > 0,
                "cannot_come": [names[p] for p in tally.cannot_come if p in names],
                "notes": notes.get(time.pk, []),
            }
        )
    rows.sort(key=lambda r: r["time"].starts_at)  # type: ignore[attr-defined]
    best = ranking[0] if ranking and answered else None
    return render(
        request,
        "meetings/poll.html",
        {
            "access": maccess.project_access,
            "maccess": maccess,
            "project": meeting.project,
            "meeting": meeting,
            "poll": the_poll,
            "form": form,
            "rows": rows,
            "best": best,
            "best_time": by_id.get(best.candidate.id) if best else None,
            "rule": scheduling.RULE_IN_PLAIN_WORDS,
            "invited": invited,
            "answered": answered,
        },
        status=form_status(form) if form else 200,
    )


def _row_label(time: CandidateTime) -> str:
    """ "Tue 6 Jul, 10:30–14:30": what the date filters "D j M" and "H:i" wrote in the
    template, made here, where it costs a fraction of three filters in each row."""
    start, end = timezone.localtime(time.starts_at), timezone.localtime(time.ends_at)
    return f"{start:%a} {start.day} {start:%b}, {start:%H:%M}–{end:%H:%M}"


@login_required
def poll_times(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    meeting = maccess.meeting
    if meeting.is_cancelled:
        messages.error(request, _("This meeting is cancelled, so it cannot be changed."))
        return redirect("meetings:detail", project_id=project_id, pk=pk)
    the_poll = DatePoll.objects.filter(meeting=meeting).first()
    form = PollTimesForm(
        request.POST or None, initial={"message": the_poll.message if the_poll else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.poll_open(
                meeting=meeting,
                by=person_of(request),
                times=form.cleaned_data["times"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "times" in error.error_dict:
                form.add_error("date_0", error.error_dict["times"])
            else:
                apply_errors(form, error)
        else:
            messages.success(request, _("The poll is open. Everyone invited can now answer it."))
            return redirect("meetings:poll", project_id=project_id, pk=pk)
    existing = list(the_poll.times.filter(withdrawn_at__isnull=True)) if the_poll else []
    return render(
        request,
        "meetings/poll_times.html",
        {
            "form": form,
            "meeting": meeting,
            "project": meeting.project,
            "poll": the_poll,
            "existing": existing,
        },
        status=form_status(form),
    )


@login_required
@require_POST
def poll_close(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    the_poll = get_object_or_404(DatePoll, meeting=maccess.meeting)
    services.poll_close(poll=the_poll, by=person_of(request))
    messages.success(request, _("The poll is closed. You can open it again by adding times."))
    return redirect("meetings:poll", project_id=project_id, pk=pk)


@login_required
@require_POST
def poll_withdraw_time(
    request: HttpRequest, project_id: int, pk: int, time_id: int
) -> HttpResponse:
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    time = get_object_or_404(CandidateTime, pk=time_id, poll__meeting=maccess.meeting)
    services.poll_withdraw_time(time=time, by=person_of(request))
    messages.success(request, _("That time is off the poll. The answers people gave are kept."))
    return redirect("meetings:poll", project_id=project_id, pk=pk)


@login_required
def fix_date(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    """Fix the date. The checks for the chosen date are shown first; the organiser
    confirms after seeing them (a changed date shows them again)."""
    maccess = get_meeting_for_member(request.user, project_id, pk, organise=True)
    meeting = maccess.meeting
    if meeting.is_cancelled:
        messages.error(request, _("This meeting is cancelled, so it cannot be changed."))
        return redirect("meetings:detail", project_id=project_id, pk=pk)
    initial: dict[str, object] = {"short_notice_reason": meeting.short_notice_reason}
    chosen = request.GET.get("time")
    if chosen and chosen.isdigit():
        time = CandidateTime.objects.filter(pk=int(chosen), poll__meeting=meeting).first()
        if time is not None:
            start, end = checks.london(time.starts_at), checks.london(time.ends_at)
            initial.update({"date": start.date(), "start": start.time(), "end": end.time()})
    elif meeting.starts_at and meeting.ends_at:
        start, end = checks.london(meeting.starts_at), checks.london(meeting.ends_at)
        initial.update({"date": start.date(), "start": start.time(), "end": end.time()})
    form = FixDateForm(request.POST or None, initial=initial)
    flags: list[checks.Flag] | None = None
    needs = queries.needs_matched(meeting)
    now = timezone.now()
    if request.method == "POST" and form.is_valid() and "starts_at" in form.cleaned_data:
        data = form.cleaned_data
        flags = services.fix_date_flags(meeting, data["starts_at"], data["ends_at"], now=now)
        if data.get("seen") == form.key() and "confirm" in request.POST:
            try:
                services.meeting_fix_date(
                    meeting=meeting,
                    by=person_of(request),
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    short_notice_reason=data["short_notice_reason"],
                    now=now,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The date is fixed. Everyone invited is told."))
                return redirect("meetings:detail", project_id=project_id, pk=pk)
        # Show the checks for this date, and let the organiser confirm it.
        data_copy = request.POST.copy()
        data_copy["seen"] = form.key()
        form.data = data_copy
    return render(
        request,
        "meetings/fix_date.html",
        {
            "form": form,
            "meeting": meeting,
            "project": meeting.project,
            "flags": flags,
            "needs": [(m, checks.describe_match(m)) for m in needs],
            "unmet": [m for m in needs if not m.is_met],
            "checked": flags is not None,
        },
        status=form_status(form),
    )
