"""A meeting paper's Easy Read version: the project's Easy Read pages, for a paper.

Each view loads the meeting through the guarded loader (another project's
meeting or paper is a 404), then the paper, then hands over to
plainlanguage.views_easyread. Members read it; the people who may add papers
write it. A withdrawn paper has no Easy Read page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ustogether.people.models import Person
from ustogether.plainlanguage import views_easyread
from ustogether.plainlanguage.views_easyread import Place

from .access import get_meeting_for_member


def _place(
    user: Person | AnonymousUser, project_id: int, pk: int, paper_id: int, *, write: bool
) -> Place:
    maccess = get_meeting_for_member(user, project_id, pk, organise=write)
    meeting = maccess.meeting
    # Through the meeting loaded by the guard: another meeting's paper is a 404.
    paper = get_object_or_404(meeting.papers.filter(withdrawn_at__isnull=True), pk=paper_id)
    paper.meeting = meeting
    project = meeting.project
    return Place(
        subject=paper,
        organisation_id=project.organisation_id,
        title=paper.title,
        can_write=maccess.can_organise,
        url_name="meetings:paper_easy_read",
        url_args=(project.pk, meeting.pk, paper.pk),
        back_url=reverse("meetings:detail", args=[project.pk, meeting.pk]),
        back_label=_("Back to the meeting"),
        full_label=_("Read the full paper"),
        full_url=reverse("meetings:paper_file", args=[project.pk, meeting.pk, paper.pk]),
        caption=meeting.title,
        extra={"project": project, "access": maccess.project_access, "meeting": meeting},
    )


@login_required
@require_GET
def read(request: HttpRequest, project_id: int, pk: int, paper_id: int) -> HttpResponse:
    return views_easyread.read_page(
        request, _place(request.user, project_id, pk, paper_id, write=False)
    )


@login_required
def write(request: HttpRequest, project_id: int, pk: int, paper_id: int) -> HttpResponse:
    return views_easyread.write_page(
        request, _place(request.user, project_id, pk, paper_id, write=True)
    )


@login_required
@require_GET
def pictures(request: HttpRequest, project_id: int, pk: int, paper_id: int) -> HttpResponse:
    place = _place(request.user, project_id, pk, paper_id, write=True)
    return views_easyread.pictures_page(request, place)


@login_required
def choose(
    request: HttpRequest, project_id: int, pk: int, paper_id: int, point_id: int
) -> HttpResponse:
    place = _place(request.user, project_id, pk, paper_id, write=True)
    return views_easyread.choose_page(request, place, point_id)
