"""Calendar files: one meeting's .ics, and each person's private feed of their meetings."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ustogether.core.email import site_url
from ustogether.people.http import person_of

from . import services
from .access import get_meeting_for_member
from .calendar import calendar_for
from .models import CalendarFeed, Meeting

ICS = "text/calendar; charset=utf-8"
# How far back the feed reaches: enough to see last month's meetings.
FEED_PAST_DAYS = 90


@login_required
@require_GET
def meeting_ics(request: HttpRequest, project_id: int, pk: int) -> HttpResponse:
    maccess = get_meeting_for_member(request.user, project_id, pk)
    meeting = maccess.meeting
    if meeting.starts_at is None:
        raise Http404("This meeting has no date yet.")
    response = HttpResponse(calendar_for([meeting], meeting.title), content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


def _my_meetings(person_id: int) -> list[Meeting]:
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    return list(
        Meeting.objects.filter(
            invitees__person_id=person_id,
            starts_at__isnull=False,
            ends_at__gte=since,
            project__memberships__person_id=person_id,
            project__memberships__left_at__isnull=True,
        )
        .select_related("venue", "project")
        .order_by("starts_at", "id")
        .distinct()
    )


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: anyone with the address can read it, so it says only what the
    person's calendar needs, and the person can reset the address at any time."""
    found = CalendarFeed.objects.filter(token=token).values_list("person_id", flat=True).first()
    if found is None:
        raise Http404("No such calendar.")
    response = HttpResponse(
        calendar_for(_my_meetings(found), "Us Together meetings"), content_type=ICS
    )
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
@require_GET
def my_meetings(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    feed_row = CalendarFeed.objects.filter(person=person).first()
    now = timezone.now()
    meetings = _my_meetings(person.pk)
    return render(
        request,
        "meetings/my_meetings.html",
        {
            "upcoming": [m for m in meetings if m.ends_at and m.ends_at > now],
            "feed_url": site_url(reverse("meetings:feed", args=[feed_row.token]))
            if feed_row
            else None,
        },
    )


@login_required
@require_POST
def feed_reset(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    had_one = CalendarFeed.objects.filter(person=person).exists()
    services.calendar_feed_reset(person=person)
    if had_one:
        messages.success(
            request, _("You have a new calendar address. The old one no longer works.")
        )
    else:
        messages.success(request, _("Your calendar address is ready. Add it to your calendar app."))
    return redirect("meetings:mine")
