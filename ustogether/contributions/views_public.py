"""The "You said, we did" page (and its Easy Read version), and the export of contributions.

Someone who is not a member sees only what was shared publicly, and no names:
people chose to share what they said, not who they are. Members see what was
shared with the team too, with names unless the person asked for none.
"""

from __future__ import annotations

import csv
from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ustogether.contributions import queries
from ustogether.contributions.models import Contribution, Response
from ustogether.core.dates import day_month_year
from ustogether.meetings.models import Meeting
from ustogether.people.http import person_of
from ustogether.projects.access import ProjectAccess, get_project_for_member, get_project_for_viewer

PAGE_SIZE = 25
# OpenMoji pictures for the Easy Read page, by what happened.
PICTURE_FOR_OUTCOME = {
    "taken_forward": ("2705", gettext_lazy("A tick")),
    "partly": ("1F91D", gettext_lazy("Two hands shaking")),
    "not_taken_forward": ("274C", gettext_lazy("A cross")),
    "considering": ("1F914", gettext_lazy("A thinking face")),
    "": ("23F3", gettext_lazy("An egg timer")),
}


def _meeting_asked(request: HttpRequest, access: ProjectAccess) -> Meeting | None:
    """The meeting in `?meeting=`: one of this project's, or a 404."""
    asked = request.GET.get("meeting", "")
    if not asked:
        return None
    if not asked.isdigit():
        raise Http404("No such meeting.")
    meeting = Meeting.objects.filter(project=access.project, pk=int(asked)).first()
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def _rows(
    request: HttpRequest,
    access: ProjectAccess,
    *,
    by_meeting: bool = False,
    meeting: Meeting | None = None,
) -> tuple[object, list[dict[str, object]]]:
    contributions = queries.public_page(access)
    if access.can_see_members_area:
        contributions = contributions.select_related("author")  # only members see names
    if meeting is not None:
        contributions = contributions.filter(meeting=meeting)
    if by_meeting:
        contributions = contributions.select_related("meeting", "agenda_item").order_by(
            F("meeting__starts_at").desc(nulls_last=True), "meeting_id", "-created_at", "-id"
        )
    else:
        contributions = contributions.order_by("topic", "-created_at", "-id")
    paginator = Paginator(contributions, PAGE_SIZE)
    if meeting is None:
        # Told how many there are, from a query whose SQL is built once per process
        # (core.prepared), rather than asking the ORM to count them.
        paginator.count = queries.public_page_count(access)
    page = paginator.get_page(request.GET.get("page"))
    person = person_of(request) if request.user.is_authenticated else None
    shown = list(page.object_list)
    answers = queries.page_answers(shown)
    # Each answer's outcome is translated once for the page, not once for every row.
    outcomes = {value: str(label) for value, label in Response.Outcome.choices}
    rows = []
    for c in shown:
        responses = answers.responses[c.pk]
        latest = responses[-1] if responses else None
        rows.append(
            {
                "c": c,
                "said_on": day_month_year(c.created_at),  # shown twice: written once
                "author": c.author_shown_to(person) if access.can_see_members_area else "",
                "latest": latest,
                "outcome": outcomes.get(latest.outcome, latest.outcome) if latest else "",
                "decisions": answers.decisions[c.pk],
                "overdue": c.is_overdue(),
                "picture": PICTURE_FOR_OUTCOME[latest.outcome if latest else ""],
            }
        )
    return page, rows


def _groups(rows: list[dict[str, object]]) -> list[tuple[str, list[dict[str, object]]]]:
    return [
        (topic or _("Other things people said"), list(items))
        for topic, items in groupby(rows, key=lambda r: r["c"].topic)  # type: ignore[attr-defined]
    ]


def _meeting_heading(meeting: Meeting | None, access: ProjectAccess) -> str:
    """A meeting's name and day. People outside the project see only the day: its
    meetings belong to the members' area."""
    if meeting is None:
        return _("Not said at a meeting")
    if meeting.starts_at is None:
        return meeting.title if access.can_see_members_area else _("At a meeting")
    day = date_format(timezone.localtime(meeting.starts_at), "j F Y")
    if not access.can_see_members_area:
        return _("At a meeting on %(day)s") % {"day": day}
    return _("%(title)s, %(day)s") % {"title": meeting.title, "day": day}


def _meeting_groups(
    rows: list[dict[str, object]], access: ProjectAccess
) -> list[tuple[str, list[dict[str, object]]]]:
    return [
        (_meeting_heading(items[0]["c"].meeting, access), items)  # type: ignore[attr-defined]
        for items in (
            list(group)
            for _id, group in groupby(rows, key=lambda r: r["c"].meeting_id)  # type: ignore[attr-defined]
        )
    ]


def _you_said_context(request: HttpRequest, project_id: int) -> dict[str, object]:
    """What both "You said, we did" pages show: grouped by topic, or with `?by=meeting`
    by meeting; `?meeting=` shows one meeting (another project's is a 404)."""
    access = get_project_for_viewer(request.user, project_id)
    meeting = _meeting_asked(request, access)
    by_meeting = meeting is not None or request.GET.get("by") == "meeting"
    page, rows = _rows(request, access, by_meeting=by_meeting, meeting=meeting)
    return {
        "access": access,
        "project": access.project,
        "page": page,
        "groups": _meeting_groups(rows, access) if by_meeting else _groups(rows),
        "by_meeting": by_meeting,
        "meeting": meeting,
        "meeting_heading": _meeting_heading(meeting, access) if meeting else "",
        "keep": f"meeting={meeting.pk}" if meeting else ("by=meeting" if by_meeting else ""),
        "figures": queries.figures(access.project),
    }


@require_GET
def you_said_we_did(request: HttpRequest, project_id: int) -> HttpResponse:
    return render(
        request, "contributions/you_said_we_did.html", _you_said_context(request, project_id)
    )


@require_GET
def easy_read(request: HttpRequest, project_id: int) -> HttpResponse:
    """The same, in Easy Read, keeping the way it was grouped or the one meeting."""
    return render(request, "contributions/easy_read.html", _you_said_context(request, project_id))


@login_required
@require_GET
def export(request: HttpRequest, project_id: int) -> HttpResponse:
    """Every contribution with its answers, for co-leads: one row per contribution."""
    access = get_project_for_member(request.user, project_id, manage=True)
    person = person_of(request)
    contributions = queries.with_responses(
        Contribution.objects.filter(project=access.project).select_related(
            "author", "recorded_by", "meeting", "agenda_item"
        )
    ).order_by("created_at", "id")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="contributions-project-{access.project.pk}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            "id",
            "date",
            "who",
            "recorded by",
            "how it came",
            "meeting",
            "agenda item",
            "kind",
            "topic",
            "what they said",
            "picture description",
            "transcript",
            "file",
            "shared with",
            "state",
            "answer due",
            "hidden",
            "answers",
            "decisions",
        ]
    )
    for c in contributions.iterator(chunk_size=500):
        show_recorder = c.on_behalf and not c.anonymous
        writer.writerow(
            [
                c.pk,
                timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M"),
                c.author_shown_to(person),
                c.recorded_by.display_name if show_recorder else "",
                c.get_route_display(),
                _safe(c.meeting.title) if c.meeting else "",
                _safe(c.agenda_item.title) if c.agenda_item else "",
                c.get_kind_display(),
                c.topic,
                _safe(c.text),
                _safe(c.description),
                _safe(c.transcript),
                c.file_name,
                c.get_sharing_display(),
                c.get_state_display(),
                timezone.localtime(c.due_at).strftime("%Y-%m-%d"),
                _safe(c.hidden_reason) if c.is_hidden else "",
                " | ".join(
                    f"{r.get_outcome_display()}: {_safe(r.text)}" for r in c.responses.all()
                ),
                " | ".join(d.title for d in c.decisions.all()),
            ]
        )
    return response


def _safe(text: str) -> str:
    """A spreadsheet runs a cell that starts with = + - or @ as a formula: not ours."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
